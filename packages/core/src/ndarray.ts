import { SdkError } from './errors.js';

/** Every typed array an HDF5 numeric dataset can come back as. */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Typed arrays plus plain arrays (strings, references, ragged rows), all indexable by number. */
/** numpy's names of the typed arrays' element types. */
export type NumericDTypeName =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64';

/** Bytes per element and typed-array constructor of each numeric element type. */
export const NUMERIC_DTYPES: Readonly<
  Record<
    NumericDTypeName,
    { readonly size: number; readonly ctor: new (n: number) => NumericArray }
  >
> = {
  int8: { size: 1, ctor: Int8Array },
  uint8: { size: 1, ctor: Uint8Array },
  int16: { size: 2, ctor: Int16Array },
  uint16: { size: 2, ctor: Uint16Array },
  int32: { size: 4, ctor: Int32Array },
  uint32: { size: 4, ctor: Uint32Array },
  int64: { size: 8, ctor: BigInt64Array },
  uint64: { size: 8, ctor: BigUint64Array },
  float32: { size: 4, ctor: Float32Array },
  float64: { size: 8, ctor: Float64Array },
};

/** The element type of a typed array. */
export function numericDtypeOf(a: NumericArray): NumericDTypeName {
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigInt64Array) return 'int64';
  return 'uint64';
}

export type NdData = NumericArray | readonly unknown[];

/**
 * An n-d array: flat data, a shape and element (not byte) strides. Row-major (C order) unless the
 * strides say otherwise; readers of Fortran-ordered formats return F strides instead of copying.
 */
export interface NdArray<T extends NdData = NumericArray> {
  data: T;
  shape: number[];
  strides: number[];
}

/** One axis of a slice: an index (drops the axis), `[start, stop, step]` (Python semantics), or null (all). */
export type AxisSlice =
  | number
  | null
  | readonly [number | null | undefined, (number | null)?, (number | null)?];

/** Element strides of a C-ordered array of this shape. */
export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = step;
    step *= shape[axis] ?? 1;
  }
  return strides;
}

/** Element strides of a Fortran-ordered array of this shape. */
export function fStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    strides[axis] = step;
    step *= shape[axis] ?? 1;
  }
  return strides;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Wraps flat data as a C-ordered NdArray, checking that the shape matches its length. */
export function ndarray<T extends NdData>(
  data: T,
  shape: readonly number[] = [data.length],
): NdArray<T> {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new SdkError('E_VALIDATION', `invalid shape [${shape.join(', ')}]`);
    }
  }
  if (sizeOf(shape) !== data.length) {
    throw new SdkError(
      'E_VALIDATION',
      `shape [${shape.join(', ')}] holds ${sizeOf(shape)} elements but the data has ${data.length}`,
    );
  }
  return { data, shape: [...shape], strides: cStrides(shape) };
}

function flatIndex(a: NdArray<NdData>, index: readonly number[]): number {
  if (index.length !== a.shape.length) {
    throw new SdkError(
      'E_VALIDATION',
      `ndGet needs ${a.shape.length} indices for shape [${a.shape.join(', ')}], got ${index.length}`,
    );
  }
  let offset = 0;
  for (let axis = 0; axis < index.length; axis++) {
    const n = a.shape[axis] as number;
    let i = index[axis] as number;
    if (!Number.isInteger(i)) throw new SdkError('E_VALIDATION', `index ${i} is not an integer`);
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
      throw new SdkError(
        'E_VALIDATION',
        `index ${index[axis]} is out of bounds for axis ${axis} with size ${n}`,
      );
    }
    offset += i * (a.strides[axis] as number);
  }
  return offset;
}

/** Element at (i, j, k, ...); negative indices count from the end as in numpy. */
export function ndGet<T extends NdData>(a: NdArray<T>, ...index: number[]): T[number] {
  return a.data[flatIndex(a, index)] as T[number];
}

/** True when the strides are the C-order strides of the shape (empty and size-1 axes ignored). */
export function isCOrder(a: NdArray<NdData>): boolean {
  const c = cStrides(a.shape);
  return a.shape.every((d, axis) => d <= 1 || a.strides[axis] === c[axis]);
}

function allocLike<T extends NdData>(data: T, n: number): T {
  if (Array.isArray(data)) return new Array(n) as unknown as T;
  const ctor = (data as NumericArray).constructor as new (length: number) => T;
  return new ctor(n);
}

/** Resolves one axis slice against a dimension size with Python's rules (clamping, negative steps). */
export function resolveAxisSlice(
  spec: AxisSlice,
  n: number,
  axis = 0,
): { start: number; step: number; count: number; drop: boolean } {
  if (spec === null) return { start: 0, step: 1, count: n, drop: false };
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec))
      throw new SdkError('E_VALIDATION', `index ${spec} is not an integer`);
    const i = spec < 0 ? spec + n : spec;
    if (i < 0 || i >= n) {
      throw new SdkError(
        'E_VALIDATION',
        `index ${spec} is out of bounds for axis ${axis} with size ${n}`,
      );
    }
    return { start: i, step: 1, count: 1, drop: true };
  }
  const step = spec[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) {
    throw new SdkError(
      'E_VALIDATION',
      `slice step ${step} on axis ${axis} must be a non-zero integer`,
    );
  }
  const norm = (v: number | null | undefined, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    if (!Number.isInteger(v))
      throw new SdkError('E_VALIDATION', `slice bound ${v} is not an integer`);
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  let start: number;
  let stop: number;
  let count: number;
  if (step > 0) {
    start = norm(spec[0], 0, 0, n);
    stop = norm(spec[1], n, 0, n);
    count = stop > start ? Math.ceil((stop - start) / step) : 0;
  } else {
    start = norm(spec[0], n - 1, -1, n - 1);
    stop = norm(spec[1], -1, -1, n - 1);
    if (spec[1] === null || spec[1] === undefined) stop = -1;
    count = start > stop ? Math.ceil((start - stop) / -step) : 0;
  }
  return { start, step, count, drop: false };
}

/**
 * numpy basic slicing: `slice(a, [0, [2, 8, 2], null])` is `a[0, 2:8:2, :]`. Missing trailing
 * axes are taken whole. Returns a C-ordered copy, whatever the input's strides.
 */
export function slice<T extends NdData>(a: NdArray<T>, spec: readonly AxisSlice[]): NdArray<T> {
  if (spec.length > a.shape.length) {
    throw new SdkError(
      'E_VALIDATION',
      `too many indices (${spec.length}) for an array of rank ${a.shape.length}`,
    );
  }
  const axes = a.shape.map((n, axis) => resolveAxisSlice(spec[axis] ?? null, n, axis));
  const outShape = axes.filter((s) => !s.drop).map((s) => s.count);
  const total = sizeOf(axes.map((s) => s.count));
  const out = allocLike(a.data, total);
  const rank = axes.length;
  const writable = out as unknown as { [i: number]: unknown };
  if (total > 0) {
    const counter = new Array<number>(rank).fill(0);
    let base = 0;
    for (let axis = 0; axis < rank; axis++) {
      base += (axes[axis]?.start ?? 0) * (a.strides[axis] as number);
    }
    const deltas = axes.map((s, axis) => s.step * (a.strides[axis] as number));
    let src = base;
    for (let i = 0; i < total; i++) {
      writable[i] = a.data[src];
      for (let axis = rank - 1; axis >= 0; axis--) {
        const c = (counter[axis] as number) + 1;
        if (c < (axes[axis] as { count: number }).count) {
          counter[axis] = c;
          src += deltas[axis] as number;
          break;
        }
        counter[axis] = 0;
        src -= (c - 1) * (deltas[axis] as number);
      }
    }
  }
  return { data: out, shape: outShape, strides: cStrides(outShape) };
}

/** A C-ordered copy of `a` (or `a` itself when it already is C-ordered). */
export function toCOrder<T extends NdData>(a: NdArray<T>): NdArray<T> {
  if (isCOrder(a) && a.data.length === sizeOf(a.shape)) {
    return { data: a.data, shape: [...a.shape], strides: cStrides(a.shape) };
  }
  return slice(a, []);
}

/** Same data viewed with another shape (C order); -1 stands for the remaining size, as in numpy. */
export function reshape<T extends NdData>(a: NdArray<T>, shape: readonly number[]): NdArray<T> {
  const c = toCOrder(a);
  const known = shape.filter((d) => d !== -1);
  const resolved =
    known.length === shape.length
      ? [...shape]
      : shape.map((d) => (d === -1 ? c.data.length / Math.max(1, sizeOf(known)) : d));
  return ndarray(c.data, resolved);
}

/** Nested plain arrays, like numpy's `tolist()`; BigInt elements stay BigInt. */
export function toNested<T extends NdData>(a: NdArray<T>): unknown {
  const c = toCOrder(a);
  if (c.shape.length === 0) return c.data[0];
  const build = (axis: number, offset: number): unknown[] => {
    const n = c.shape[axis] as number;
    const stride = c.strides[axis] as number;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      out[i] =
        axis === c.shape.length - 1 ? c.data[offset + i] : build(axis + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}
