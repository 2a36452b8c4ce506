// Elementwise and 1-D array kernels with numpy 1.23 semantics.
import { SdkError } from './errors.js';
import type { ArrayLike, NumericArray } from './ndarray.js';

type TypedCtor = new (n: number) => NumericArray;

function sameKind(x: ArrayLike, n: number): NumericArray {
  const ctor = (
    ArrayBuffer.isView(x) ? (x as NumericArray).constructor : Float64Array
  ) as TypedCtor;
  return new ctor(n);
}

/** `np.diff(x, n)`; integer typed arrays keep their type and wrap like numpy (uint8: 0−1 = 255). */
export function diff(x: ArrayLike, n = 1): NumericArray {
  if (!Number.isInteger(n) || n < 0)
    throw new SdkError('E_VALIDATION', `order must be non-negative but got ${n}`, { path: 'n' });
  let cur: ArrayLike = x;
  for (let k = 0; k < n; k++) {
    const m = Math.max(cur.length - 1, 0);
    const out = sameKind(x, m);
    for (let i = 0; i < m; i++) out[i] = (cur[i + 1] as number) - (cur[i] as number);
    cur = out;
  }
  return n === 0 ? sameKindCopy(x) : (cur as NumericArray);
}

function sameKindCopy(x: ArrayLike): NumericArray {
  const out = sameKind(x, x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] as number;
  return out;
}

/** `np.ediff1d(x, to_end, to_begin)`: differences in the input's dtype (unsigned wraps around). */
export function ediff1d(x: ArrayLike, toEnd?: ArrayLike, toBegin?: ArrayLike): NumericArray {
  const b = toBegin?.length ?? 0;
  const e = toEnd?.length ?? 0;
  const m = Math.max(x.length - 1, 0);
  const out = sameKind(x, b + m + e);
  for (let i = 0; i < b; i++) out[i] = (toBegin as ArrayLike)[i] as number;
  for (let i = 0; i < m; i++) out[b + i] = (x[i + 1] as number) - (x[i] as number);
  for (let i = 0; i < e; i++) out[b + m + i] = (toEnd as ArrayLike)[i] as number;
  return out;
}

/** `np.cumsum` (sequential, float64). */
export function cumsum(x: ArrayLike): Float64Array {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] as number;
    out[i] = s;
  }
  return out;
}

/** `np.nancumsum`: NaN counted as 0. */
export function nancumsum(x: ArrayLike): Float64Array {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) s += v;
    out[i] = s;
  }
  return out;
}

/** `np.rint` / Python `round(x)`: round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x); // half up
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : r;
}

function powerOfTen(n: number): number {
  const p10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  if (n < 9) return p10[n] as number;
  let ret = 1e9;
  for (let k = n; k-- > 9; ) ret *= 10;
  return ret;
}

/** `np.around(x, decimals)`: scale by 10^decimals, round half to even, unscale (numpy's steps). */
export function around(x: ArrayLike, decimals = 0): Float64Array {
  if (!Number.isInteger(decimals))
    throw new SdkError('E_VALIDATION', 'decimals must be an integer', { path: 'decimals' });
  const out = new Float64Array(x.length);
  if (decimals >= 0) {
    const f = powerOfTen(decimals);
    for (let i = 0; i < x.length; i++) out[i] = roundHalfEven((x[i] as number) * f) / f;
  } else {
    const f = powerOfTen(-decimals);
    for (let i = 0; i < x.length; i++) out[i] = roundHalfEven((x[i] as number) / f) * f;
  }
  return out;
}

/** `np.arange(start, stop, step)` for floats: length `ceil((stop−start)/step)`, element i = start + i·δ. */
export function arange(start: number, stop?: number, step = 1): Float64Array {
  let lo = start;
  let hi = stop;
  if (hi === undefined) {
    hi = lo;
    lo = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new SdkError('E_VALIDATION', 'Maximum allowed size exceeded', { path: 'step' });
  const len = Math.ceil((hi - lo) / step);
  if (Number.isNaN(len))
    throw new SdkError('E_VALIDATION', 'arange: cannot compute length', { path: 'stop' });
  const n = Math.max(len, 0);
  const out = new Float64Array(n);
  if (n > 0) out[0] = lo;
  if (n > 1) out[1] = lo + step;
  const delta = lo + step - lo;
  for (let i = 2; i < n; i++) out[i] = lo + i * delta;
  return out;
}

export type IntDtype = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';

/**
 * `x.astype(dtype)` for float input: truncate toward zero, then wrap modulo 2^bits. (For |x| ≥ 2^31
 * numpy's C cast is undefined behaviour; we wrap, which is what the spec asks for.)
 */
export function castInt(x: ArrayLike, dtype: IntDtype): NumericArray {
  const ctors = {
    int8: Int8Array,
    uint8: Uint8Array,
    int16: Int16Array,
    uint16: Uint16Array,
    int32: Int32Array,
    uint32: Uint32Array,
  } as const;
  const Ctor = ctors[dtype];
  if (!Ctor)
    throw new SdkError('E_VALIDATION', `unsupported dtype ${String(dtype)}`, { path: 'dtype' });
  const out = new Ctor(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i] as number);
  return out;
}

/** `np.convolve(a, v, mode)`: full (default), same (length max(M, N)) or valid. */
export function convolve(
  a: ArrayLike,
  v: ArrayLike,
  mode: 'full' | 'same' | 'valid' = 'full',
): Float64Array {
  if (a.length === 0) throw new SdkError('E_VALIDATION', 'a cannot be empty', { path: 'a' });
  if (v.length === 0) throw new SdkError('E_VALIDATION', 'v cannot be empty', { path: 'v' });
  let x = a;
  let k = v;
  if (k.length > x.length) [x, k] = [k, x];
  const M = x.length;
  const N = k.length;
  const full = new Float64Array(M + N - 1);
  for (let i = 0; i < M + N - 1; i++) {
    let s = 0;
    const jlo = Math.max(0, i - M + 1);
    const jhi = Math.min(N - 1, i);
    for (let j = jlo; j <= jhi; j++) s += (k[j] as number) * (x[i - j] as number);
    full[i] = s;
  }
  if (mode === 'full') return full;
  if (mode === 'valid') return full.slice(N - 1, M);
  if (mode === 'same') {
    const off = N - 1 - (N >> 1);
    return full.slice(off, off + M);
  }
  throw new SdkError('E_VALIDATION', `mode must be full, same or valid, got ${String(mode)}`, {
    path: 'mode',
  });
}

/** `np.interp(x, xp, fp, left, right)`; xp ascending. */
export function interp(
  x: ArrayLike,
  xp: ArrayLike,
  fp: ArrayLike,
  options: { left?: number; right?: number } = {},
): Float64Array {
  const n = xp.length;
  if (n === 0)
    throw new SdkError('E_VALIDATION', 'array of sample points is empty', { path: 'xp' });
  if (fp.length !== n)
    throw new SdkError('E_VALIDATION', 'fp and xp are not of the same length.', { path: 'fp' });
  const left = options.left ?? (fp[0] as number);
  const right = options.right ?? (fp[n - 1] as number);
  const out = new Float64Array(x.length);
  const xlast = xp[n - 1] as number;
  const xfirst = xp[0] as number;
  for (let i = 0; i < x.length; i++) {
    const xv = x[i] as number;
    if (xv > xlast) out[i] = right;
    else if (xv < xfirst) out[i] = left;
    else if (Number.isNaN(xv)) out[i] = xv;
    else {
      // last j with xp[j] ≤ x
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((xp[mid] as number) <= xv) lo = mid + 1;
        else hi = mid;
      }
      const j = lo - 1;
      if (j >= n - 1) out[i] = fp[n - 1] as number;
      else if ((xp[j] as number) === xv) out[i] = fp[j] as number;
      else {
        const xj = xp[j] as number;
        const xj1 = xp[j + 1] as number;
        const yj = fp[j] as number;
        const yj1 = fp[j + 1] as number;
        const slope = (yj1 - yj) / (xj1 - xj);
        let r = slope * (xv - xj) + yj;
        if (Number.isNaN(r)) {
          r = slope * (xv - xj1) + yj1;
          if (Number.isNaN(r) && yj === yj1) r = yj;
        }
        out[i] = r;
      }
    }
  }
  return out;
}

/** `np.linspace(start, stop, num)` (endpoint included), as numpy computes it. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  if (!Number.isInteger(num) || num < 0)
    throw new SdkError('E_VALIDATION', `Number of samples, ${num}, must be non-negative.`, {
      path: 'num',
    });
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    if (step === 0) for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    else for (let i = 0; i < num; i++) out[i] = i * step + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `np.histogram(x, bins, range)` with uniform bins: counts and edges. Values outside the range and
 * NaN are dropped; x == hi goes into the last bin. Without a range, NaN in x throws (as numpy).
 */
export function histogram(
  x: ArrayLike,
  options: { bins?: number; range?: readonly [number, number] } = {},
): { counts: Float64Array; edges: Float64Array } {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new SdkError('E_VALIDATION', '`bins` must be positive, when an integer', {
      path: 'bins',
    });
  }
  let first: number;
  let last: number;
  if (options.range) {
    [first, last] = options.range;
    if (first > last)
      throw new SdkError('E_VALIDATION', 'max must be larger than min in range parameter.', {
        path: 'range',
      });
    if (!Number.isFinite(first) || !Number.isFinite(last)) {
      throw new SdkError('E_VALIDATION', `supplied range of [${first}, ${last}] is not finite`, {
        path: 'range',
      });
    }
  } else if (x.length === 0) {
    first = 0;
    last = 1;
  } else {
    first = Number.POSITIVE_INFINITY;
    last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (Number.isNaN(v)) {
        throw new SdkError('E_VALIDATION', 'autodetected range of [nan, nan] is not finite', {
          path: 'x',
        });
      }
      if (v < first) first = v;
      if (v > last) last = v;
    }
    if (!Number.isFinite(first) || !Number.isFinite(last)) {
      throw new SdkError(
        'E_VALIDATION',
        `autodetected range of [${first}, ${last}] is not finite`,
        { path: 'x' },
      );
    }
  }
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges = linspace(first, last, bins + 1);
  const counts = new Float64Array(bins);
  const norm = bins / (last - first);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!(v >= first && v <= last)) continue;
    let idx = Math.trunc((v - first) * norm);
    if (idx === bins) idx -= 1;
    if (v < (edges[idx] as number)) idx -= 1;
    else if (v >= (edges[idx + 1] as number) && idx !== bins - 1) idx += 1;
    counts[idx] = (counts[idx] as number) + 1;
  }
  return { counts, edges };
}
