// Discrete prolate spheroidal (Slepian) sequences, scipy.signal.windows.dpss: the top
// eigenvectors of the symmetric tridiagonal commuting matrix, by Sturm-sequence bisection for the
// eigenvalues and inverse iteration for the vectors (LAPACK stebz + stein, as scipy's
// eigh_tridiagonal with select='i' uses), then scipy's sign and normalisation conventions.
import { SdkError } from '../errors.js';
import { irfft, nextFastLen, rfft } from './fft.js';

export interface DpssOptions {
  /** Symmetric (default) or periodic (computed for M+1, last sample dropped). */
  sym?: boolean;
  /** 2 (unit L2 norm, default when Kmax is given), 'approximate' or 'subsample' (max 1, default for one taper). */
  norm?: 2 | 'approximate' | 'subsample';
}

export interface DpssResult {
  /** Kmax tapers of length M, each a row. */
  windows: Float64Array[];
  /** Concentration ratios (the eigenvalues of the spectral concentration problem). */
  ratios: Float64Array;
}

/** Number of eigenvalues of the tridiagonal (d, e) that are < x (Sturm count). */
function sturmCount(d: Float64Array, e2: Float64Array, x: number, pivmin: number): number {
  let count = 0;
  let q = (d[0] as number) - x;
  if (Math.abs(q) < pivmin) q = -pivmin;
  if (q < 0) count++;
  for (let i = 1; i < d.length; i++) {
    q = (d[i] as number) - x - (e2[i - 1] as number) / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/** The k-th smallest eigenvalue (0-based) by bisection to full precision. */
function eigenvalue(
  d: Float64Array,
  e2: Float64Array,
  k: number,
  lo0: number,
  hi0: number,
  pivmin: number,
): number {
  let lo = lo0;
  let hi = hi0;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (sturmCount(d, e2, mid, pivmin) > k) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Inverse iteration for the eigenvector of λ: solves (T − λI)·v = b by LU with partial pivoting. */
function eigenvector(d: Float64Array, e: Float64Array, lambda: number, seed: number): Float64Array {
  const n = d.length;
  // tridiagonal LU with row interchanges (LAPACK dlagtf): rows hold up to 3 upper entries
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const l = new Float64Array(n);
  const swap = new Uint8Array(n);
  let eps = 0;
  for (let i = 0; i < n; i++)
    eps = Math.max(eps, Math.abs(d[i] as number) + (i > 0 ? Math.abs(e[i - 1] as number) : 0));
  const tiny = eps * 2.220446049250313e-16;
  let a0 = (d[0] as number) - lambda;
  let a1 = n > 1 ? (e[0] as number) : 0;
  let a2 = 0;
  for (let i = 0; i < n - 1; i++) {
    const sub = e[i] as number;
    const nd = (d[i + 1] as number) - lambda;
    const ne = i + 1 < n - 1 ? (e[i + 1] as number) : 0;
    if (Math.abs(a0) >= Math.abs(sub)) {
      const piv = a0 === 0 ? tiny : a0;
      const m = sub / piv;
      u0[i] = piv;
      u1[i] = a1;
      u2[i] = a2;
      l[i] = m;
      a0 = nd - m * a1;
      a1 = ne - m * a2;
      a2 = 0;
    } else {
      const m = a0 / sub;
      swap[i] = 1;
      u0[i] = sub;
      u1[i] = nd;
      u2[i] = ne;
      l[i] = m;
      a0 = a1 - m * nd;
      a1 = a2 - m * ne;
      a2 = 0;
    }
  }
  u0[n - 1] = a0 === 0 ? tiny : a0;
  // starting vector: deterministic pseudo-random, as stein's
  let v = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (48271 * s) % 2147483647;
    v[i] = s / 2147483647 - 0.5;
  }
  for (let iter = 0; iter < 5; iter++) {
    const b = v;
    // forward: apply L⁻¹ with the interchanges
    for (let i = 0; i < n - 1; i++) {
      if (swap[i]) {
        const t = b[i] as number;
        b[i] = b[i + 1] as number;
        b[i + 1] = t - (l[i] as number) * (b[i] as number);
      } else {
        b[i + 1] = (b[i + 1] as number) - (l[i] as number) * (b[i] as number);
      }
    }
    // back substitution with U (three diagonals)
    for (let i = n - 1; i >= 0; i--) {
      let acc = b[i] as number;
      if (i + 1 < n) acc -= (u1[i] as number) * (b[i + 1] as number);
      if (i + 2 < n) acc -= (u2[i] as number) * (b[i + 2] as number);
      b[i] = acc / (u0[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (b[i] as number) * (b[i] as number);
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) b[i] = (b[i] as number) / norm;
    v = b;
  }
  return v;
}

/**
 * `scipy.signal.windows.dpss(M, NW, Kmax, sym=True, norm=None, return_ratios=True)`.
 * With `Kmax` undefined a single taper is returned (one row) and norm defaults to 'approximate'.
 */
export function dpss(M: number, NW: number, Kmax?: number, opts: DpssOptions = {}): DpssResult {
  if (!Number.isInteger(M) || M < 0) {
    throw new SdkError('E_VALIDATION', `Window length M must be a non-negative integer, got ${M}`, {
      path: 'M',
    });
  }
  const norm = opts.norm ?? (Kmax === undefined ? 'approximate' : 2);
  if (norm !== 2 && norm !== 'approximate' && norm !== 'subsample') {
    throw new SdkError(
      'E_VALIDATION',
      `norm must be one of (2, 'approximate', 'subsample'), got ${String(norm)}`,
      {
        path: 'norm',
      },
    );
  }
  const K = Kmax ?? 1;
  if (M <= 1)
    return {
      windows: Array.from({ length: K }, () => new Float64Array(M).fill(1)),
      ratios: new Float64Array(K).fill(1),
    };
  if (!Number.isInteger(K) || !(K > 0 && K <= M)) {
    throw new SdkError('E_VALIDATION', 'Kmax must be greater than 0 and less than M', {
      path: 'Kmax',
    });
  }
  if (NW >= M / 2) throw new SdkError('E_VALIDATION', 'NW must be less than M/2.', { path: 'NW' });
  if (!(NW > 0)) throw new SdkError('E_VALIDATION', 'NW must be positive', { path: 'NW' });
  const sym = opts.sym ?? true;
  const Mx = sym ? M : M + 1;
  const W = NW / Mx;
  const d = new Float64Array(Mx);
  const e = new Float64Array(Mx - 1);
  const c = Math.cos(2 * Math.PI * W);
  for (let i = 0; i < Mx; i++) d[i] = ((Mx - 1 - 2 * i) / 2.0) ** 2 * c;
  for (let i = 1; i < Mx; i++) e[i - 1] = (i * (Mx - i)) / 2.0;
  const e2 = e.map((v) => v * v);
  // Gershgorin bounds
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < Mx; i++) {
    const r =
      (i > 0 ? Math.abs(e[i - 1] as number) : 0) + (i < Mx - 1 ? Math.abs(e[i] as number) : 0);
    lo = Math.min(lo, (d[i] as number) - r);
    hi = Math.max(hi, (d[i] as number) + r);
  }
  const span = Math.max(Math.abs(lo), Math.abs(hi));
  lo -= span * 1e-14;
  hi += span * 1e-14;
  let maxE2 = 0;
  for (let i = 0; i < e2.length; i++) maxE2 = Math.max(maxE2, e2[i] as number);
  const pivmin = Number.MIN_VALUE * Math.max(1, maxE2) * 2 ** 60;
  const windows: Float64Array[] = [];
  for (let j = 0; j < K; j++) {
    const lambda = eigenvalue(d, e2, Mx - 1 - j, lo, hi, pivmin);
    windows.push(eigenvector(d, e, lambda, 12345 + j));
  }
  // Percival & Walden's sign convention
  for (let k = 0; k < K; k += 2) {
    const w = windows[k] as Float64Array;
    let s = 0;
    for (let i = 0; i < Mx; i++) s += w[i] as number;
    if (s < 0) for (let i = 0; i < Mx; i++) w[i] = -(w[i] as number);
  }
  const thresh = Math.max(1e-7, 1 / Mx);
  for (let k = 1; k < K; k += 2) {
    const w = windows[k] as Float64Array;
    let first = 0;
    for (let i = 0; i < Mx; i++) {
      const v = w[i] as number;
      if (v * v > thresh) {
        first = v;
        break;
      }
    }
    if (first < 0) for (let i = 0; i < Mx; i++) w[i] = -(w[i] as number);
  }
  // concentration ratios from the autocorrelation (scipy _fftautocorr)
  const ratios = new Float64Array(K);
  const useN = nextFastLen(2 * Mx - 1);
  for (let k = 0; k < K; k++) {
    const X = rfft(windows[k] as Float64Array, useN);
    for (let i = 0; i < X.re.length; i++) {
      X.re[i] = (X.re[i] as number) ** 2 + (X.im[i] as number) ** 2;
      X.im[i] = 0;
    }
    const rxx = irfft(X, useN);
    let acc = 0;
    for (let i = 0; i < Mx; i++) {
      const x = 2 * W * i;
      const r = i === 0 ? 2 * W : 4 * W * (Math.sin(Math.PI * x) / (Math.PI * x));
      acc += (rxx[i] as number) * r;
    }
    ratios[k] = acc;
  }
  if (norm !== 2) {
    let mx = Number.NEGATIVE_INFINITY;
    for (const w of windows) for (let i = 0; i < Mx; i++) mx = Math.max(mx, w[i] as number);
    for (const w of windows) for (let i = 0; i < Mx; i++) w[i] = (w[i] as number) / mx;
    if (Mx % 2 === 0) {
      let correction: number;
      if (norm === 'approximate') correction = (Mx * Mx) / (Mx * Mx + NW);
      else {
        const s = rfft(windows[0] as Float64Array);
        let total = s.re[0] as number;
        for (let k = 1; k <= Mx / 2; k++) {
          const shift = -(1 - 1 / Mx) * k;
          const ang = -Math.PI * shift;
          // Re(s_k · 2·exp(i·ang))
          total += 2 * ((s.re[k] as number) * Math.cos(ang) - (s.im[k] as number) * Math.sin(ang));
        }
        correction = Mx / total;
      }
      for (const w of windows) for (let i = 0; i < Mx; i++) w[i] = (w[i] as number) * correction;
    }
  }
  return { windows: sym ? windows : windows.map((w) => w.slice(0, M)), ratios };
}
