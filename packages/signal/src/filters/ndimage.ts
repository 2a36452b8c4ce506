// Linear scipy.ndimage filters: correlate1d (with scipy's symmetric-kernel evaluation order),
// uniform_filter1d (its running sum), gaussian_filter1d / gaussian_filter.
import { SdkError } from '../errors.js';
import type { ArrayLike, NdArray } from '../ndarray.js';
import { sum } from '../reductions.js';
import { type BoundaryMode, canonicalMode, extendLine } from './boundary.js';

export interface LinearFilterOptions {
  /** Boundary mode (default 'reflect'). */
  mode?: BoundaryMode;
  /** Value beyond the edges for mode 'constant' (default 0). */
  cval?: number;
  origin?: number;
}

function toF64(x: ArrayLike): Float64Array {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new SdkError('E_VALIDATION', 'expected an array of numbers', { path: 'x' });
  }
  return x instanceof Float64Array ? x : Float64Array.from(x as Iterable<number>);
}

function lineExtension(size: number, origin: number): { before: number; after: number } {
  const size1 = Math.floor(size / 2);
  const size2 = size - size1 - 1;
  if (!Number.isInteger(origin) || size1 + origin < 0 || size1 + origin >= size) {
    throw new SdkError('E_VALIDATION', `invalid origin ${origin} for a filter of size ${size}`, {
      path: 'origin',
    });
  }
  return { before: size1 + origin, after: size2 - origin };
}

const DBL_EPSILON = 2.220446049250313e-16;

/** `scipy.ndimage.correlate1d(x, weights, mode='reflect', cval=0, origin=0)`. */
export function correlate1d(
  x: ArrayLike,
  weights: ArrayLike,
  opts: LinearFilterOptions = {},
): Float64Array {
  const xs = toF64(x);
  const fw = toF64(weights);
  const size = fw.length;
  if (size < 1) throw new SdkError('E_VALIDATION', 'no filter weights given', { path: 'weights' });
  const { before, after } = lineExtension(size, opts.origin ?? 0);
  const n = xs.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const ext = extendLine(xs, before, after, canonicalMode(opts.mode ?? 'reflect'), opts.cval ?? 0);
  const size1 = Math.floor(size / 2);
  const size2 = size - size1 - 1;
  let symmetric = 0;
  if (size & 1) {
    symmetric = 1;
    for (let i = 1; i <= size1; i++) {
      if (Math.abs((fw[i + size1] as number) - (fw[size1 - i] as number)) > DBL_EPSILON) {
        symmetric = 0;
        break;
      }
    }
    if (symmetric === 0) {
      symmetric = -1;
      for (let i = 1; i <= size1; i++) {
        if (Math.abs((fw[size1 + i] as number) + (fw[size1 - i] as number)) > DBL_EPSILON) {
          symmetric = 0;
          break;
        }
      }
    }
  }
  const c = fw[size1] as number;
  for (let ll = 0; ll < n; ll++) {
    const centre = ll + size1; // ext index of iline[0]
    let acc: number;
    if (symmetric > 0) {
      acc = (ext[centre] as number) * c;
      for (let j = -size1; j < 0; j++)
        acc +=
          ((ext[centre + j] as number) + (ext[centre - j] as number)) * (fw[size1 + j] as number);
    } else if (symmetric < 0) {
      acc = (ext[centre] as number) * c;
      for (let j = -size1; j < 0; j++)
        acc +=
          ((ext[centre + j] as number) - (ext[centre - j] as number)) * (fw[size1 + j] as number);
    } else {
      acc = (ext[centre + size2] as number) * (fw[size1 + size2] as number);
      for (let j = -size1; j < size2; j++)
        acc += (ext[centre + j] as number) * (fw[size1 + j] as number);
    }
    out[ll] = acc;
  }
  return out;
}

/** `scipy.ndimage.uniform_filter1d(x, size, mode='reflect', cval=0, origin=0)`: scipy's running sum. */
export function uniformFilter1d(
  x: ArrayLike,
  size: number,
  opts: LinearFilterOptions = {},
): Float64Array {
  if (!Number.isInteger(size) || size < 1) {
    throw new SdkError('E_VALIDATION', `incorrect filter size ${size}`, { path: 'size' });
  }
  const xs = toF64(x);
  const { before, after } = lineExtension(size, opts.origin ?? 0);
  const n = xs.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const ext = extendLine(xs, before, after, canonicalMode(opts.mode ?? 'reflect'), opts.cval ?? 0);
  let tmp = 0.0;
  for (let i = 0; i < size; i++) tmp += ext[i] as number;
  out[0] = tmp / size;
  for (let i = 1; i < n; i++) {
    tmp += (ext[i + size - 1] as number) - (ext[i - 1] as number);
    out[i] = tmp / size;
  }
  return out;
}

/** scipy `_gaussian_kernel1d(sigma, order, radius)` (not reversed). */
export function gaussianKernel1d(sigma: number, order: number, radius: number): Float64Array {
  if (!Number.isInteger(order) || order < 0)
    throw new SdkError('E_VALIDATION', 'order must be non-negative', { path: 'order' });
  const sigma2 = sigma * sigma;
  const len = 2 * radius + 1;
  const phi = new Float64Array(len);
  const f = -0.5 / sigma2;
  for (let i = 0; i < len; i++) {
    const x = i - radius;
    phi[i] = Math.exp(f * (x * x));
  }
  const s = sum(phi);
  for (let i = 0; i < len; i++) phi[i] = (phi[i] as number) / s;
  if (order === 0) return phi;
  // f(x) = q(x)·φ(x); q' + q·p' with p'(x) = −x/σ², applied `order` times to q = 1
  let q = new Float64Array(order + 1);
  q[0] = 1;
  for (let it = 0; it < order; it++) {
    const next = new Float64Array(order + 1);
    for (let r = 0; r <= order; r++) {
      // (D + P) @ q: D[r][r+1] = r+1, P[r][r−1] = −1/σ²
      let v = 0;
      if (r + 1 <= order) v += (r + 1) * (q[r + 1] as number);
      if (r - 1 >= 0) v += (q[r - 1] as number) * (1 / -sigma2);
      next[r] = v;
    }
    q = next;
  }
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const x = i - radius;
    let acc = 0;
    for (let e = 0; e <= order; e++) acc += x ** e * (q[e] as number);
    out[i] = acc * (phi[i] as number);
  }
  return out;
}

export interface GaussianOptions extends LinearFilterOptions {
  /** Derivative order (default 0). */
  order?: number;
  /** Kernel radius in standard deviations (default 4.0). */
  truncate?: number;
  /** Explicit kernel radius; overrides truncate. */
  radius?: number;
}

/** `scipy.ndimage.gaussian_filter1d(x, sigma, order=0, mode='reflect', cval=0, truncate=4.0)`. */
export function gaussianFilter1d(
  x: ArrayLike,
  sigma: number,
  opts: GaussianOptions = {},
): Float64Array {
  if (!Number.isFinite(sigma))
    throw new SdkError('E_VALIDATION', `sigma must be finite, got ${sigma}`, { path: 'sigma' });
  const lw = opts.radius ?? Math.trunc((opts.truncate ?? 4.0) * sigma + 0.5);
  if (!Number.isInteger(lw) || lw < 0) {
    throw new SdkError('E_VALIDATION', 'Radius must be a nonnegative integer.', { path: 'radius' });
  }
  const w = gaussianKernel1d(sigma, opts.order ?? 0, lw).reverse();
  return correlate1d(x, w, { mode: opts.mode, cval: opts.cval, origin: 0 });
}

/** Applies a 1-D transform to every line of a C-order array along one axis. */
function alongAxis(
  nd: NdArray<Float64Array>,
  axis: number,
  fn: (line: Float64Array) => Float64Array,
): Float64Array {
  const { shape } = nd;
  const len = shape[axis] as number;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d] as number;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d] as number;
  const out = new Float64Array(nd.data.length);
  const line = new Float64Array(len);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let k = 0; k < len; k++) line[k] = nd.data[base + k * inner] as number;
      const res = fn(line);
      for (let k = 0; k < len; k++) out[base + k * inner] = res[k] as number;
    }
  }
  return out;
}

/**
 * `scipy.ndimage.gaussian_filter(x, sigma, mode='reflect', cval=0, truncate=4.0)` on a C-order
 * float64 array: gaussian_filter1d along each axis in axis order. Axes with σ ≤ 1e-15 are skipped.
 */
export function gaussianFilter(
  nd: NdArray<Float64Array>,
  sigma: number | readonly number[],
  opts: Omit<GaussianOptions, 'origin' | 'radius'> & { order?: number } = {},
): NdArray<Float64Array> {
  const dims = nd.shape.length;
  if (nd.strides !== undefined) {
    let expect = 1;
    for (let d = dims - 1; d >= 0; d--) {
      if (nd.strides[d] !== expect && (nd.shape[d] as number) > 1) {
        throw new SdkError('E_UNSUPPORTED', 'gaussianFilter needs a C-order array', {
          path: 'strides',
        });
      }
      expect *= nd.shape[d] as number;
    }
  }
  const sig = typeof sigma === 'number' ? new Array<number>(dims).fill(sigma) : [...sigma];
  if (sig.length !== dims) {
    throw new SdkError(
      'E_VALIDATION',
      `sigma has ${sig.length} values for an array of ${dims} dimensions`,
      {
        path: 'sigma',
      },
    );
  }
  let data: Float64Array = Float64Array.from(nd.data);
  for (let axis = 0; axis < dims; axis++) {
    const s = sig[axis] as number;
    if (s <= 1e-15) continue;
    data = alongAxis({ data, shape: nd.shape }, axis, (line) => gaussianFilter1d(line, s, opts));
  }
  return { data, shape: [...nd.shape] };
}
