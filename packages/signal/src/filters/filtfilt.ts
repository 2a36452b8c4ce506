// Zero-phase forward-backward filtering (scipy.signal.filtfilt method='pad', sosfiltfilt) and
// decimate, which is sosfiltfilt with a Chebyshev I anti-alias filter followed by y[::q].
import { SdkError } from '../errors.js';
import type { ArrayLike } from '../ndarray.js';
import { cheby1, firwin } from './design.js';
import { filtfiltGust } from './filtfilt-gust.js';
import {
  lfilter,
  lfilterInPlace,
  lfilterZi,
  type SosLike,
  sosfilt,
  sosfiltInPlace,
  sosfiltZi,
  sosRows,
} from './lfilter.js';

export type PadType = 'odd' | 'even' | 'constant' | null;

export interface FiltfiltOptions {
  /** Extension at both ends: 'odd' (default), 'even', 'constant', or null for none. */
  padtype?: PadType;
  /** Samples of extension; default 3·ntaps (filtfilt: ntaps = max(len(a), len(b))). */
  padlen?: number;
  /**
   * A buffer to filter in instead of a new one: used when it holds at least `x.length + 2·padlen`
   * values; its contents are overwritten and the result is a view of it. For callers that filter
   * many traces and keep none of the results past the next call.
   */
  work?: Float64Array;
}

export interface FiltfiltBaOptions extends FiltfiltOptions {
  /**
   * 'pad' (scipy's default: extend the signal, start each pass from lfilter_zi) or 'gust'
   * (Gustafsson's initial conditions; padtype, padlen and work are not used).
   */
  method?: 'pad' | 'gust';
  /** With method 'gust': the impulse response length (default: the whole signal). */
  irlen?: number | null;
}

function toF64(x: ArrayLike): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x as Iterable<number>);
}

/** scipy `_validate_pad` + odd/even/const_ext: the extended signal and the edge length. */
function extend(
  x: Float64Array,
  opts: FiltfiltOptions,
  ntaps: number,
): { ext: Float64Array; edge: number } {
  const padtype = opts.padtype === undefined ? 'odd' : opts.padtype;
  if (padtype !== null && padtype !== 'odd' && padtype !== 'even' && padtype !== 'constant') {
    throw new SdkError(
      'E_VALIDATION',
      `Unknown value '${String(padtype)}' given to padtype.  padtype must be 'even', 'odd', 'constant', or None.`,
      { path: 'padtype' },
    );
  }
  let edge: number;
  if (padtype === null) edge = 0;
  else if (opts.padlen === undefined) edge = ntaps * 3;
  else {
    edge = opts.padlen;
    if (!Number.isInteger(edge) || edge < 0) {
      throw new SdkError('E_VALIDATION', `padlen must be a non-negative integer, got ${edge}`, {
        path: 'padlen',
      });
    }
  }
  const n = x.length;
  if (n <= edge) {
    throw new SdkError(
      'E_VALIDATION',
      `The length of the input vector x must be greater than padlen, which is ${edge}.`,
      {
        path: 'x',
      },
    );
  }
  // (a work buffer sharing memory with x would be overwritten while x is read)
  const work =
    opts.work && opts.work.length >= n + 2 * edge && opts.work.buffer !== x.buffer
      ? opts.work
      : null;
  if (padtype === null || edge === 0) {
    if (!work) return { ext: x, edge };
    const ext = work.subarray(0, n);
    ext.set(x);
    return { ext, edge };
  }
  const ext = work ? work.subarray(0, n + 2 * edge) : new Float64Array(n + 2 * edge);
  ext.set(x, edge);
  const first = x[0] as number;
  const last = x[n - 1] as number;
  for (let i = 0; i < edge; i++) {
    // left: x[edge − i] mirrored about x[0]; right: x[n − 2 − i] mirrored about x[n−1]
    const l = x[edge - i] as number;
    const r = x[n - 2 - i] as number;
    if (padtype === 'odd') {
      ext[i] = 2 * first - l;
      ext[edge + n + i] = 2 * last - r;
    } else if (padtype === 'even') {
      ext[i] = l;
      ext[edge + n + i] = r;
    } else {
      ext[i] = first;
      ext[edge + n + i] = last;
    }
  }
  return { ext, edge };
}

// lfilter_zi solves a small linear system per call; feature extraction filters many traces with
// a handful of designs. Keyed by the coefficients' values, so a changed array is a new key.
const ziCache = new Map<string, Float64Array>();

function cachedLfilterZi(b: ArrayLike, a: ArrayLike): Float64Array {
  // String(x) round-trips every double; -0 gets its own spelling
  const text = (xs: ArrayLike) =>
    Array.from(xs as Iterable<number>, (x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');
  const key = `${text(b)}/${text(a)}`;
  let zi = ziCache.get(key);
  if (zi === undefined) {
    zi = lfilterZi(b, a);
    if (ziCache.size >= 64) ziCache.clear();
    ziCache.set(key, zi);
  }
  return zi;
}

/**
 * `scipy.signal.filtfilt(b, a, x, padtype='odd', padlen=None, method='pad')`: forward-backward
 * filtering with lfilter_zi initial conditions scaled by the first sample of each pass. The
 * result is a view of the padded work buffer (its `byteOffset` skips the padding): one buffer of
 * the signal's size is allocated, not two.
 */
export function filtfilt(
  b: ArrayLike,
  a: ArrayLike,
  x: ArrayLike,
  opts: FiltfiltBaOptions = {},
): Float64Array {
  const method = opts.method ?? 'pad';
  if (method === 'gust') {
    const irlen = opts.irlen ?? undefined;
    if (irlen !== undefined && !(Number.isInteger(irlen) && irlen >= 0)) {
      throw new SdkError('E_VALIDATION', `irlen must be a non-negative integer, got ${irlen}`, {
        path: 'irlen',
      });
    }
    return filtfiltGust(b, a, toF64(x), irlen).y;
  }
  if (method !== 'pad') {
    throw new SdkError('E_VALIDATION', `method must be 'pad' or 'gust', got '${String(method)}'`, {
      path: 'method',
    });
  }
  const xs = toF64(x);
  const zi = cachedLfilterZi(b, a);
  const { ext, edge } = extend(xs, opts, Math.max(a.length, b.length));
  if (ext.length === 0) return new Float64Array(0);
  // the extension is ours (or a copy), so both passes run in place
  const y = ext === xs ? xs.slice() : ext;
  lfilterInPlace(
    b,
    a,
    y,
    zi.map((v) => v * (y[0] as number)),
  );
  const z2 = zi.map((v) => v * (y[y.length - 1] as number));
  lfilterInPlace(b, a, y, z2, true);
  return edge > 0 ? y.subarray(edge, y.length - edge) : y;
}

/**
 * `scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen=None)`. The default padlen is
 * `3·(2·nSections + 1 − min(#(b2 = 0), #(a2 = 0)))`.
 */
export function sosfiltfilt(sos: SosLike, x: ArrayLike, opts: FiltfiltOptions = {}): Float64Array {
  const s = sosRows(sos);
  const xs = toF64(x);
  const nSec = s.length / 6;
  let zerosB2 = 0;
  let zerosA2 = 0;
  for (let k = 0; k < nSec; k++) {
    if (s[6 * k + 2] === 0) zerosB2++;
    if (s[6 * k + 5] === 0) zerosA2++;
  }
  const ntaps = 2 * nSec + 1 - Math.min(zerosB2, zerosA2);
  const { ext, edge } = extend(xs, opts, ntaps);
  const zi = sosfiltZi(s);
  if (ext.length === 0) return new Float64Array(0);
  const y = ext === xs ? xs.slice() : ext;
  sosfiltInPlace(
    s,
    y,
    zi.map((v) => v * (y[0] as number)),
  );
  const y0 = y[y.length - 1] as number;
  sosfiltInPlace(
    s,
    y,
    zi.map((v) => v * y0),
    true,
  );
  return edge > 0 ? y.subarray(edge, y.length - edge) : y;
}

export interface DecimateOptions {
  /** Filter order: 8 for 'iir' (default), 20·q for 'fir'. */
  n?: number;
  ftype?: 'iir' | 'fir';
  /** Zero phase (default true): sosfiltfilt for 'iir', resample_poly (centred FIR) for 'fir'. */
  zeroPhase?: boolean;
}

/**
 * `scipy.signal.resample_poly(x, 1, q, window=h)` with its default constant (zero) padding: the
 * FIR `h`, shifted so that output samples sit at its centre, applied at every q-th input sample.
 */
function resampleDown(x: Float64Array, q: number, h: Float64Array): Float64Array {
  const nIn = x.length;
  const nOut = Math.ceil(nIn / q);
  const halfLen = (h.length - 1) >> 1;
  const prePad = q - (halfLen % q);
  const preRemove = Math.floor((halfLen + prePad) / q);
  // upfirdn's output length for a filter of lenH taps (up = 1)
  const outputLen = (lenH: number) => Math.ceil((nIn + lenH - 1) / q);
  let postPad = 0;
  while (outputLen(h.length + prePad + postPad) < nOut + preRemove) postPad++;
  // the padded filter: prePad zeros, h, postPad zeros (the trailing zeros add nothing)
  const out = new Float64Array(nOut);
  for (let o = 0; o < nOut; o++) {
    const k = (o + preRemove) * q; // y[k/q] = Σ_j hp[j] · x[k − j]
    let acc = 0;
    const jFrom = Math.max(prePad, k - nIn + 1);
    const jTo = Math.min(prePad + h.length - 1, k);
    for (let j = jFrom; j <= jTo; j++) acc += (h[j - prePad] as number) * (x[k - j] as number);
    out[o] = acc;
  }
  return out;
}

/**
 * `scipy.signal.decimate(x, q, n=None, ftype='iir', zero_phase=True)`: anti-alias with
 * `cheby1(n, 0.05, 0.8/q)` as sos, filter (sosfiltfilt when zero-phase), keep every q-th sample;
 * with ftype 'fir' a `firwin(n + 1, 1/q, hamming)` filter (n = 20·q), centred by resample_poly when
 * zero-phase, causal (lfilter) otherwise.
 */
export function decimate(x: ArrayLike, q: number, opts: DecimateOptions = {}): Float64Array {
  if (!Number.isInteger(q) || q < 1) {
    throw new SdkError('E_VALIDATION', `q must be a positive integer, got ${q}`, { path: 'q' });
  }
  const ftype = opts.ftype ?? 'iir';
  const zeroPhase = opts.zeroPhase ?? true;
  if (opts.n !== undefined && (!Number.isInteger(opts.n) || opts.n < 0)) {
    throw new SdkError('E_VALIDATION', `n must be a non-negative integer, got ${opts.n}`, {
      path: 'n',
    });
  }
  let y: Float64Array;
  if (ftype === 'iir') {
    const sos = cheby1(opts.n ?? 8, 0.05, 0.8 / q, { output: 'sos' });
    y = zeroPhase ? sosfiltfilt(sos, x) : sosfilt(sos, x);
  } else if (ftype === 'fir') {
    const b = firwin((opts.n ?? 20 * q) + 1, 1 / q, { window: 'hamming' });
    if (zeroPhase) return resampleDown(toF64(x), q, b);
    y = lfilter(b, [1], x);
  } else {
    throw new SdkError('E_VALIDATION', 'invalid ftype', { path: 'ftype' });
  }
  const out = new Float64Array(Math.ceil(y.length / q));
  for (let i = 0, j = 0; i < y.length; i += q, j++) out[j] = y[i] as number;
  return out;
}
