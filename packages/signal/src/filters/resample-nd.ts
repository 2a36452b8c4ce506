// Resampling of C-order n-d arrays: scipy.ndimage.zoom (order 0) and skimage.measure.block_reduce.
import { SdkError } from '../errors.js';
import type { NdArray, NumericArray } from '../ndarray.js';

function checkCOrder(nd: NdArray<NumericArray>, name: string): void {
  let size = 1;
  for (const s of nd.shape) size *= s;
  if (size !== nd.data.length) {
    throw new SdkError(
      'E_VALIDATION',
      `shape [${nd.shape.join(', ')}] does not match ${nd.data.length} elements`,
      {
        path: name,
      },
    );
  }
  if (nd.strides === undefined) return;
  let expect = 1;
  for (let d = nd.shape.length - 1; d >= 0; d--) {
    if (nd.strides[d] !== expect && (nd.shape[d] as number) > 1) {
      throw new SdkError('E_UNSUPPORTED', 'only C-order arrays are supported', {
        path: `${name}.strides`,
      });
    }
    expect *= nd.shape[d] as number;
  }
}

/** Python's round(): half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d] as number;
  }
  return out;
}

/**
 * `scipy.ndimage.zoom(x, factors, order=0)` (grid_mode=False): output length
 * `round(n·f)` (half to even), source coordinate `i·((n−1)/(m−1))` (0 when m = 1), nearest sample
 * `floor(c + 0.5)`. Higher orders (spline interpolation) are not implemented.
 */
export function zoom<T extends NumericArray>(
  nd: NdArray<T>,
  factors: number | readonly number[],
  opts: { order?: number } = {},
): NdArray<T> {
  checkCOrder(nd, 'input');
  const order = opts.order ?? 3;
  if (order !== 0) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `zoom with spline order ${order} is not implemented (only order 0)`,
      {
        path: 'order',
      },
    );
  }
  const dims = nd.shape.length;
  const f = typeof factors === 'number' ? new Array<number>(dims).fill(factors) : [...factors];
  if (f.length !== dims) {
    throw new SdkError(
      'E_VALIDATION',
      `${f.length} zoom factors for an array of ${dims} dimensions`,
      { path: 'zoom' },
    );
  }
  const outShape = nd.shape.map((n, d) => roundHalfEven(n * (f[d] as number)));
  const maps = outShape.map((m, d) => {
    const n = nd.shape[d] as number;
    const z = m - 1 !== 0 ? (n - 1) / (m - 1) : 1;
    const idx = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      const c = k * z;
      idx[k] = Math.min(Math.max(Math.floor(c + 0.5), 0), n - 1);
    }
    return idx;
  });
  const inStrides = strides(nd.shape);
  let size = 1;
  for (const s of outShape) size *= s;
  const Ctor = nd.data.constructor as new (n: number) => T;
  const out = new Ctor(size);
  const coord = new Array<number>(dims).fill(0);
  for (let i = 0; i < size; i++) {
    let src = 0;
    for (let d = 0; d < dims; d++)
      src += ((maps[d] as Int32Array)[coord[d] as number] as number) * (inStrides[d] as number);
    out[i] = nd.data[src] as number;
    for (let d = dims - 1; d >= 0; d--) {
      coord[d] = (coord[d] as number) + 1;
      if ((coord[d] as number) < (outShape[d] as number)) break;
      coord[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

export type BlockReducer = 'mean' | 'sum' | 'max' | 'min' | ((block: Float64Array) => number);

/**
 * `skimage.measure.block_reduce(x, block_size, func, cval=0)`: pads the end of each axis with cval
 * up to a multiple of the block size, then reduces every block (default: mean, as the Allen SDK's
 * callers pass np.mean).
 */
export function blockReduce(
  nd: NdArray<NumericArray>,
  block: number | readonly number[],
  fn: BlockReducer = 'mean',
  cval = 0,
): NdArray<Float64Array> {
  checkCOrder(nd, 'input');
  const dims = nd.shape.length;
  const b = typeof block === 'number' ? new Array<number>(dims).fill(block) : [...block];
  if (b.length !== dims) {
    throw new SdkError(
      'E_VALIDATION',
      '`block_size` must be a scalar or have the same length as `image.shape`',
      {
        path: 'block',
      },
    );
  }
  if (b.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new SdkError('E_VALIDATION', 'Down-sampling factors must be >= 1.', { path: 'block' });
  }
  const outShape = nd.shape.map((n, d) => Math.ceil(n / (b[d] as number)));
  const inStrides = strides(nd.shape);
  let size = 1;
  for (const s of outShape) size *= s;
  let bsize = 1;
  for (const v of b) bsize *= v;
  const out = new Float64Array(size);
  const buf = new Float64Array(bsize);
  const oc = new Array<number>(dims).fill(0);
  const bc = new Array<number>(dims).fill(0);
  for (let o = 0; o < size; o++) {
    bc.fill(0);
    for (let k = 0; k < bsize; k++) {
      let src = 0;
      let inside = true;
      for (let d = 0; d < dims; d++) {
        const c = (oc[d] as number) * (b[d] as number) + (bc[d] as number);
        if (c >= (nd.shape[d] as number)) {
          inside = false;
          break;
        }
        src += c * (inStrides[d] as number);
      }
      buf[k] = inside ? (nd.data[src] as number) : cval;
      for (let d = dims - 1; d >= 0; d--) {
        bc[d] = (bc[d] as number) + 1;
        if ((bc[d] as number) < (b[d] as number)) break;
        bc[d] = 0;
      }
    }
    if (typeof fn === 'function') out[o] = fn(buf.slice());
    else if (fn === 'max' || fn === 'min') {
      let m = buf[0] as number;
      for (let k = 1; k < bsize; k++) {
        const v = buf[k] as number;
        if (Number.isNaN(m)) break;
        if (Number.isNaN(v) || (fn === 'max' ? v > m : v < m)) m = v;
      }
      out[o] = m;
    } else {
      let s = 0;
      for (let k = 0; k < bsize; k++) s += buf[k] as number;
      out[o] = fn === 'mean' ? s / bsize : s;
    }
    for (let d = dims - 1; d >= 0; d--) {
      oc[d] = (oc[d] as number) + 1;
      if ((oc[d] as number) < (outShape[d] as number)) break;
      oc[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}
