// scipy.signal.filtfilt(method='gust'): Gustafsson's forward-backward filtering, which picks the
// initial conditions of both passes so that filtering forward-backward and backward-forward agree
// (F. Gustafsson, "Determining the initial states in forward-backward filtering", IEEE Trans.
// Signal Processing 44(4), 1996). Follows scipy 1.10's _filtfilt_gust step by step; the least
// squares problem is solved by SVD as LAPACK's gelsd does, with scipy's cutoff (machine epsilon).
import { lstsq } from '../linalg.js';
import type { ArrayLike } from '../ndarray.js';
import { lfilter } from './lfilter.js';

const EPS = 2.220446049250313e-16;

function reversed(x: Float64Array): Float64Array {
  return x.slice().reverse();
}

/** The filtered signal and the optimal initial conditions of the forward and backward passes. */
export interface GustResult {
  y: Float64Array;
  x0: Float64Array;
  x1: Float64Array;
}

/**
 * Gustafsson's filtfilt of `x` (`irlen`: the impulse response length beyond which it is treated
 * as zero; by default the whole signal).
 */
export function filtfiltGust(
  b: ArrayLike,
  a: ArrayLike,
  x: Float64Array,
  irlen?: number,
): GustResult {
  lfilter(b, a, new Float64Array(0)); // the coefficient checks and errors of lfilter
  const order = Math.max(b.length, a.length) - 1;
  if (order === 0) {
    const scale = ((b[0] as number) / (a[0] as number)) ** 2;
    return { y: x.map((v) => scale * v), x0: new Float64Array(0), x1: new Float64Array(0) };
  }
  const n = x.length;
  const m = irlen === undefined || n <= 2 * irlen ? n : irlen;

  // Obs (m × order): the output of an initial state alone, column k delayed by k samples.
  const e0 = new Float64Array(order);
  e0[0] = 1;
  const impulse = lfilter(b, a, new Float64Array(m), e0).y;
  const obs = (i: number, k: number) => (i >= k ? (impulse[i - k] as number) : 0);
  // S: the filter applied to each reversed column of Obs.
  const sCols: Float64Array[] = [];
  for (let k = 0; k < order; k++) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; i++) col[i] = obs(m - 1 - i, k);
    sCols.push(lfilter(b, a, col));
  }
  const s = (i: number, k: number) => (sCols[k] as Float64Array)[i] as number;

  // M = [S^R − O, O^R − S] (block diagonal in the truncated case); W = [S^R, O^R] likewise.
  const rows = m === n ? n : 2 * m;
  const M: Float64Array[] = [];
  const W: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const mr = new Float64Array(2 * order);
    const wr = new Float64Array(2 * order);
    const top = m === n || r < m;
    const bottom = m === n || r >= m;
    const i = m === n ? r : r < m ? r : r - m;
    for (let k = 0; k < order; k++) {
      if (top) {
        mr[k] = s(m - 1 - i, k) - obs(i, k);
        wr[k] = s(m - 1 - i, k);
      }
      if (bottom) {
        mr[order + k] = obs(m - 1 - i, k) - s(i, k);
        wr[order + k] = obs(m - 1 - i, k);
      }
    }
    M.push(mr);
    W.push(wr);
  }

  // Forward-backward and backward-forward with zero initial conditions.
  const yF = lfilter(b, a, x);
  const yFb = reversed(lfilter(b, a, reversed(yF)));
  const yB = reversed(lfilter(b, a, reversed(x)));
  const yBf = lfilter(b, a, yB);
  const delta = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const j = m === n || r < m ? r : n - 2 * m + r;
    delta[r] = (yBf[j] as number) - (yFb[j] as number);
  }
  const ic = lstsq(M, delta, EPS).x;

  const y = yFb;
  for (let r = 0; r < rows; r++) {
    let wic = 0;
    const wr = W[r] as Float64Array;
    for (let k = 0; k < 2 * order; k++) wic += (wr[k] as number) * (ic[k] as number);
    const j = m === n || r < m ? r : n - 2 * m + r;
    y[j] = (y[j] as number) + wic;
  }
  return { y, x0: ic.slice(0, order), x1: ic.slice(order) };
}
