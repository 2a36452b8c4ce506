// numpy idioms the feature code relies on, with numpy's NaN and empty-slice behaviour.
import { FeatureError } from './errors.js';

/** Numeric samples: a typed array or a plain array. */
export type Samples = ArrayLike<number>;

export function toF64(x: Samples): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x as ArrayLike<number>);
}

/** Python truthiness of an optional number (`not x`): undefined, null and 0 are false; NaN is true. */
export function isFalsy(x: number | null | undefined): x is null | undefined | 0 {
  return x === undefined || x === null || x === 0;
}

function emptyArg(what: string): never {
  throw new FeatureError(`${what} of an empty sequence (attempt to get ${what} of an empty slice)`);
}

/** `np.argmax(x[from:to]) + from`: the first maximum; a NaN wins (numpy returns the first NaN). */
export function argmaxRange(x: Samples, from: number, to: number): number {
  const end = Math.min(to, x.length);
  if (from >= end) emptyArg('argmax');
  let best = from;
  let bv = x[from] as number;
  if (Number.isNaN(bv)) return from;
  for (let k = from + 1; k < end; k++) {
    const v = x[k] as number;
    if (Number.isNaN(v)) return k;
    if (v > bv) {
      bv = v;
      best = k;
    }
  }
  return best;
}

/** `np.argmin(x[from:to]) + from`: the first minimum; a NaN wins. */
export function argminRange(x: Samples, from: number, to: number): number {
  const end = Math.min(to, x.length);
  if (from >= end) emptyArg('argmin');
  let best = from;
  let bv = x[from] as number;
  if (Number.isNaN(bv)) return from;
  for (let k = from + 1; k < end; k++) {
    const v = x[k] as number;
    if (Number.isNaN(v)) return k;
    if (v < bv) {
      bv = v;
      best = k;
    }
  }
  return best;
}

/** `np.argmin` of a whole array (first occurrence, NaN wins). */
export function argmin(x: Samples): number {
  return argminRange(x, 0, x.length);
}

/** `np.max` (NaN propagates); empty → FeatureError. */
export function maxOf(x: Samples): number {
  if (x.length === 0) emptyArg('max');
  let m = x[0] as number;
  for (let k = 0; k < x.length; k++) {
    const v = x[k] as number;
    if (Number.isNaN(v)) return v;
    if (v > m) m = v;
  }
  return m;
}

/** `np.min` (NaN propagates); empty → FeatureError. */
export function minOf(x: Samples): number {
  if (x.length === 0) emptyArg('min');
  let m = x[0] as number;
  for (let k = 0; k < x.length; k++) {
    const v = x[k] as number;
    if (Number.isNaN(v)) return v;
    if (v < m) m = v;
  }
  return m;
}

/** Python slice bounds of `x[a:b]` for a non-negative step, clipped to the length. */
export function sliceBounds(n: number, a: number, b: number): [number, number] {
  const lo = Math.max(0, Math.min(a < 0 ? a + n : a, n));
  const hi = Math.max(0, Math.min(b < 0 ? b + n : b, n));
  return [lo, Math.max(lo, hi)];
}

/**
 * The positions `x[a:b:-1]` visits, as Python does for non-negative `a` and `b`: from
 * `min(a, n−1)` down to `b+1`.
 */
export function reverseRange(n: number, a: number, b: number): [number, number] {
  const hi = Math.min(a, n - 1);
  return [hi, b + 1];
}

/** `np.allclose(a, b)` for scalars with numpy's default tolerances. */
export function isClose(a: number, b: number, rtol = 1e-5, atol = 1e-8): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** Slope of the least-squares line `y ≈ m·x + c` (`np.linalg.lstsq` on `[x, 1]`). */
export function lstsqSlope(x: Samples, y: Samples): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) {
    sx += x[k] as number;
    sy += y[k] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    const dx = (x[k] as number) - mx;
    sxy += dx * ((y[k] as number) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/** `np.polyfit(x, y, 1)` → `[slope, intercept]`. */
export function polyfit1(x: Samples, y: Samples): [number, number] {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) {
    sx += x[k] as number;
    sy += y[k] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < n; k++) {
    const dx = (x[k] as number) - mx;
    sxy += dx * ((y[k] as number) - my);
    sxx += dx * dx;
  }
  const m = sxy / sxx;
  return [m, my - m * mx];
}
