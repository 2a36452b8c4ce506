// Binary morphology and labelled measurements on C-order n-d arrays: scipy.ndimage
// binary_dilation / binary_erosion, label, center_of_mass, maximum, sum.
import { SdkError } from '../errors.js';
import type { ArrayLike, NdArray, NumericArray } from '../ndarray.js';
import { sum as pairwiseSum } from '../reductions.js';

/** An n-d array or a plain 1-d array (shape `[length]`). */
export type NdInput = NdArray<NumericArray> | ArrayLike;

interface Dense {
  data: ArrayLike;
  shape: number[];
}

function asDense(x: NdInput, name: string): Dense {
  if (typeof x === 'object' && x !== null && 'shape' in x && 'data' in x) {
    const nd = x as NdArray<NumericArray>;
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
    if (nd.strides !== undefined) {
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
    return { data: nd.data, shape: [...nd.shape] };
  }
  const arr = x as ArrayLike;
  return { data: arr, shape: [arr.length] };
}

/** `scipy.ndimage.generate_binary_structure(rank, connectivity)`: 3^rank, |offset|₁ ≤ connectivity. */
export function generateBinaryStructure(rank: number, connectivity: number): NdArray<Uint8Array> {
  const shape = new Array<number>(rank).fill(3);
  const data = new Uint8Array(3 ** rank);
  for (let i = 0; i < data.length; i++) {
    let dist = 0;
    for (let d = 0, v = i; d < rank; d++, v = Math.floor(v / 3)) dist += Math.abs((v % 3) - 1);
    data[i] = dist <= connectivity ? 1 : 0;
  }
  return { data, shape };
}

/** Offsets (in coordinates) of the set elements of a structure, relative to its centre. */
function structureOffsets(
  structure: Dense,
  dims: number,
  origin: readonly number[],
  reflect: boolean,
): number[][] {
  if (structure.shape.length !== dims) {
    throw new SdkError('E_VALIDATION', 'structure and input must have same dimensionality', {
      path: 'structure',
    });
  }
  const offs: number[][] = [];
  const n = structure.data.length;
  if (n < 1)
    throw new SdkError('E_VALIDATION', 'structure must not be empty', { path: 'structure' });
  for (let i = 0; i < n; i++) {
    if (!structure.data[i]) continue;
    const c: number[] = new Array(dims);
    for (let d = dims - 1, v = i; d >= 0; d--) {
      const s = structure.shape[d] as number;
      const p = v % s;
      v = Math.floor(v / s);
      // dilation reads x[i + s//2 − p + origin]; erosion x[i + p − s//2 − origin] (scipy's centring)
      const half = Math.floor(s / 2);
      c[d] = reflect ? half - p + (origin[d] ?? 0) : p - half - (origin[d] ?? 0);
    }
    offs.push(c);
  }
  return offs;
}

export interface BinaryMorphologyOptions {
  /** Default: the cross (connectivity 1) of the input's rank. */
  structure?: NdInput;
  /** Repetitions (default 1); < 1 repeats until nothing changes. */
  iterations?: number;
  /** Value of the samples beyond the edges (default 0). */
  borderValue?: 0 | 1 | boolean;
  origin?: number | readonly number[];
}

function morph(x: NdInput, opts: BinaryMorphologyOptions, dilate: boolean): NdArray<Uint8Array> {
  const input = asDense(x, 'input');
  const dims = input.shape.length;
  const structure =
    opts.structure === undefined
      ? generateBinaryStructure(dims, 1)
      : asDense(opts.structure, 'structure');
  const origin =
    typeof opts.origin === 'number'
      ? new Array<number>(dims).fill(opts.origin)
      : [...(opts.origin ?? [])];
  const offsets = structureOffsets(structure as Dense, dims, origin, dilate);
  const iterations = opts.iterations ?? 1;
  if (!Number.isInteger(iterations)) {
    throw new SdkError('E_VALIDATION', 'iterations parameter should be an integer', {
      path: 'iterations',
    });
  }
  const border = opts.borderValue ? 1 : 0;
  const size = input.data.length;
  const shape = input.shape;
  const strides = new Array<number>(dims);
  for (let d = dims - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d] as number;
  }
  let cur: Uint8Array = new Uint8Array(size);
  for (let i = 0; i < size; i++) cur[i] = input.data[i] ? 1 : 0;
  const coord = new Array<number>(dims).fill(0);
  const step = (src: Uint8Array): { out: Uint8Array; changed: boolean } => {
    const out = new Uint8Array(size);
    let changed = false;
    coord.fill(0);
    for (let i = 0; i < size; i++) {
      // dilation: any set neighbour (border counts as borderValue); erosion: all set
      let hit = !dilate;
      for (const o of offsets) {
        let j = 0;
        let inside = true;
        for (let d = 0; d < dims; d++) {
          const c = (coord[d] as number) + (o[d] as number);
          if (c < 0 || c >= (shape[d] as number)) {
            inside = false;
            break;
          }
          j += c * (strides[d] as number);
        }
        const v = inside ? (src[j] as number) : border;
        if (dilate ? v === 1 : v === 0) {
          hit = dilate;
          break;
        }
      }
      out[i] = hit ? 1 : 0;
      if (out[i] !== src[i]) changed = true;
      for (let d = dims - 1; d >= 0; d--) {
        coord[d] = (coord[d] as number) + 1;
        if ((coord[d] as number) < (shape[d] as number)) break;
        coord[d] = 0;
      }
    }
    return { out, changed };
  };
  let r = step(cur);
  cur = r.out;
  for (let it = 1; it < iterations || (iterations < 1 && r.changed); it++) {
    r = step(cur);
    cur = r.out;
  }
  return { data: cur, shape: [...shape] };
}

/** `scipy.ndimage.binary_dilation(input, structure=None, iterations=1, border_value=0, origin=0)`. */
export function binaryDilation(
  x: NdInput,
  opts: BinaryMorphologyOptions = {},
): NdArray<Uint8Array> {
  return morph(x, opts, true);
}

/** `scipy.ndimage.binary_erosion(input, structure=None, iterations=1, border_value=0, origin=0)`. */
export function binaryErosion(x: NdInput, opts: BinaryMorphologyOptions = {}): NdArray<Uint8Array> {
  return morph(x, opts, false);
}

export interface Labels {
  labels: NdArray<Int32Array>;
  numFeatures: number;
}

/**
 * `scipy.ndimage.label(input, structure=None)`: connected components of the non-zero samples,
 * numbered 1… in raster order of each component's first sample. The structure must be 3 wide
 * on every axis and centrally symmetric, as scipy requires.
 */
export function label(x: NdInput, opts: { structure?: NdInput } = {}): Labels {
  const input = asDense(x, 'input');
  const dims = input.shape.length;
  const st =
    opts.structure === undefined
      ? generateBinaryStructure(dims, 1)
      : asDense(opts.structure, 'structure');
  if (st.shape.length !== dims || st.shape.some((s) => s !== 3)) {
    throw new SdkError('E_VALIDATION', 'Structure dimensions must be equal to 3', {
      path: 'structure',
    });
  }
  const n3 = st.data.length;
  for (let i = 0; i < n3; i++) {
    if (Boolean(st.data[i]) !== Boolean(st.data[n3 - 1 - i])) {
      throw new SdkError('E_VALIDATION', 'structure must be centrally symmetric', {
        path: 'structure',
      });
    }
  }
  const offsets = structureOffsets(st as Dense, dims, [], false).filter((o) =>
    o.some((v) => v !== 0),
  );
  const { shape } = input;
  const size = input.data.length;
  const strides = new Array<number>(dims);
  for (let d = dims - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d] as number;
  }
  const out = new Int32Array(size);
  const queue = new Int32Array(size);
  const coordOf = (i: number, c: number[]) => {
    for (let d = 0, v = i; d < dims; d++) {
      c[d] = Math.floor(v / (strides[d] as number));
      v -= (c[d] as number) * (strides[d] as number);
    }
  };
  const c = new Array<number>(dims);
  let next = 0;
  for (let start = 0; start < size; start++) {
    if (!input.data[start] || out[start] !== 0) continue;
    next++;
    out[start] = next;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const i = queue[head++] as number;
      coordOf(i, c);
      for (const o of offsets) {
        let j = 0;
        let inside = true;
        for (let d = 0; d < dims; d++) {
          const cc = (c[d] as number) + (o[d] as number);
          if (cc < 0 || cc >= (shape[d] as number)) {
            inside = false;
            break;
          }
          j += cc * (strides[d] as number);
        }
        if (inside && input.data[j] && out[j] === 0) {
          out[j] = next;
          queue[tail++] = j;
        }
      }
    }
  }
  return { labels: { data: out, shape: [...shape] }, numFeatures: next };
}

function labelIndex(
  labels: Dense | undefined,
  index: readonly number[] | undefined,
  size: number,
): number[] {
  if (labels && labels.data.length !== size) {
    throw new SdkError('E_VALIDATION', 'input and labels must have the same shape', {
      path: 'labels',
    });
  }
  return index ? [...index] : [1];
}

/**
 * `scipy.ndimage.center_of_mass(input, labels=None, index=None)`: per index, the coordinates
 * `Σ x·coord / Σ x`. Without labels the whole array is one object.
 */
export function centerOfMass(
  x: NdInput,
  labels?: NdInput,
  index?: readonly number[],
): Float64Array[] {
  const input = asDense(x, 'input');
  const dims = input.shape.length;
  const size = input.data.length;
  const lab = labels === undefined ? undefined : asDense(labels, 'labels');
  const idx = labelIndex(lab, index, size);
  const strides = new Array<number>(dims);
  for (let d = dims - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= input.shape[d] as number;
  }
  if (!lab) {
    // numpy sums of whole arrays are pairwise
    const normalizer = pairwiseSum(input.data);
    const res = new Float64Array(dims);
    for (let d = 0; d < dims; d++) {
      const w = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const coord = Math.floor(i / (strides[d] as number)) % (input.shape[d] as number);
        w[i] = (input.data[i] as number) * coord;
      }
      res[d] = pairwiseSum(w) / normalizer;
    }
    return [res];
  }
  // labelled sums go through bincount: sequential accumulation in index order
  return idx.map((l) => {
    let norm = 0;
    const acc = new Float64Array(dims);
    for (let i = 0; i < size; i++) {
      if (lab.data[i] !== l) continue;
      const v = input.data[i] as number;
      norm += v;
      for (let d = 0; d < dims; d++) {
        acc[d] =
          (acc[d] as number) +
          v * (Math.floor(i / (strides[d] as number)) % (input.shape[d] as number));
      }
    }
    return acc.map((a) => a / norm);
  });
}

/** `scipy.ndimage.maximum(input, labels=None, index=None)`: per index, the maximum value (NaN for an empty label). */
export function maximum(x: NdInput, labels?: NdInput, index?: readonly number[]): Float64Array {
  const input = asDense(x, 'input');
  const size = input.data.length;
  const lab = labels === undefined ? undefined : asDense(labels, 'labels');
  if (!lab) {
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < size; i++) {
      const v = input.data[i] as number;
      if (Number.isNaN(v)) return Float64Array.of(Number.NaN);
      if (v > m) m = v;
    }
    return Float64Array.of(size === 0 ? Number.NaN : m);
  }
  const idx = labelIndex(lab, index, size);
  return Float64Array.from(idx, (l) => {
    let m = Number.NEGATIVE_INFINITY;
    let any = false;
    for (let i = 0; i < size; i++) {
      if (lab.data[i] !== l) continue;
      any = true;
      const v = input.data[i] as number;
      if (v > m || Number.isNaN(v)) m = v;
      if (Number.isNaN(m)) break;
    }
    return any ? m : Number.NaN;
  });
}
