// Block reduction of C-order n-d arrays: skimage.measure.block_reduce.
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

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d] as number;
  }
  return out;
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
