// What writer fields accept as array data, and how large data is chunked, compressed or streamed.
import {
  cStrides,
  type NdArray,
  NUMERIC_DTYPES,
  type NumericArray,
  type NumericDTypeName,
  numericDtypeOf,
  SdkError,
} from '@sdk/core';

/** Numeric element types the writer can store. */
export type NumericDType = NumericDTypeName;

/** Plain nested number arrays, any depth (`[[1, 2], [3, 4]]`). */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** In-memory array data: typed arrays and NdArrays keep their element type; plain numbers are float64. */
export type ArrayInput =
  | NdArray<NumericArray>
  | NdArray<string[]>
  | NumericArray
  | readonly string[]
  | readonly boolean[]
  | readonly bigint[]
  | NestedNumbers;

/** Chunks appended one after the other along axis 0 (data larger than memory). */
export interface DataStream {
  readonly kind: 'stream';
  readonly chunks:
    | AsyncIterable<NdArray<NumericArray> | NumericArray>
    | Iterable<NdArray<NumericArray> | NumericArray>;
  readonly dtype: NumericDType;
  /** Shape of one row (`shape[1:]` of the whole dataset); `[]` for 1-D data. */
  readonly innerShape: readonly number[];
  /** Rows per HDF5 chunk; default: about 1 MiB per chunk. */
  readonly chunkRows?: number;
  /** Total rows when known up front (checked after writing). */
  readonly length?: number;
  /** gzip level (default 4; false = no compression). */
  readonly gzip?: boolean | number;
}

/** Overrides the storage policy of one dataset (like hdmf's H5DataIO). */
export interface DataIO {
  readonly kind: 'dataio';
  readonly data: ArrayInput;
  readonly chunks?: readonly number[];
  /** gzip level 1-9, true (= 4) or false (no compression). */
  readonly gzip?: boolean | number;
  /** Maximum shape; `null` makes an axis unlimited (resizable). */
  readonly maxshape?: readonly (number | null)[];
}

export type DataInput = ArrayInput | DataStream | DataIO;

/** Streams `chunks` into a dataset that grows along axis 0. */
export function dataStream(
  chunks: DataStream['chunks'],
  options: Omit<DataStream, 'kind' | 'chunks'>,
): DataStream {
  return { kind: 'stream', chunks, ...options };
}

/** Stores `data` with explicit chunking / compression / maxshape instead of the default policy. */
export function dataIO(data: ArrayInput, options: Omit<DataIO, 'kind' | 'data'> = {}): DataIO {
  return { kind: 'dataio', data, ...options };
}

export function isStream(d: unknown): d is DataStream {
  return typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'stream';
}

export function isDataIO(d: unknown): d is DataIO {
  return typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'dataio';
}

export function isNdArray(v: unknown): v is NdArray<NumericArray> | NdArray<string[]> {
  return typeof v === 'object' && v !== null && 'data' in v && 'shape' in v && 'strides' in v;
}

/** Flat C-ordered values with their shape, ready for core's createDataset. */
export interface Normalized {
  data: NdArray<NumericArray> | NdArray<string[]>;
  shape: number[];
  kind: 'number' | 'string';
  itemSize: number;
}

export function itemSizeOf(dtype: NumericDType): number {
  return NUMERIC_DTYPES[dtype].size;
}

/** The element type of a typed array. */
export const dtypeOfTyped = numericDtypeOf;

/** A typed array of `dtype` holding `values` (numbers, bigints or booleans). */
export function typedOf(
  values: ArrayLike<number | bigint | boolean>,
  dtype: NumericDType,
): NumericArray {
  const out = new NUMERIC_DTYPES[dtype].ctor(values.length);
  const big = dtype === 'int64' || dtype === 'uint64';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | bigint | boolean;
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (big) (out as BigInt64Array)[i] = typeof x === 'bigint' ? x : BigInt(Math.trunc(x));
    else (out as Float64Array)[i] = Number(x);
  }
  return out;
}

function nestedShape(v: unknown, where: string): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (shape.length === 0) throw new SdkError('E_VALIDATION', `${where}: expected array data`);
  return shape;
}

function flattenNested(v: NestedNumbers, shape: number[], where: string): number[] {
  const out: number[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== 'number') {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: nested arrays must be rectangular arrays of numbers`,
        );
      }
      out.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: nested arrays are ragged (expected shape [${shape.join(', ')}])`,
      );
    }
    for (const y of x) walk(y, depth + 1);
  };
  walk(v, 0);
  return out;
}

/**
 * Converts array input to a C-ordered NdArray. `dtype` converts numbers (plain numbers default to
 * float64, typed arrays keep their type unless `dtype` is given).
 */
export function normalize(input: ArrayInput, where: string, dtype?: NumericDType): Normalized {
  if (isNdArray(input)) {
    const shape = [...input.shape];
    const flat = input.data as NumericArray | string[];
    const strides = input.strides;
    const c = cStrides(shape);
    if (strides.some((s, i) => s !== c[i])) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: NdArray must be C-ordered (use toCOrder from @sdk/core)`,
      );
    }
    if (Array.isArray(flat)) {
      return {
        data: { data: flat as string[], shape, strides: c },
        shape,
        kind: 'string',
        itemSize: 8,
      };
    }
    const typed =
      dtype && dtypeOfTyped(flat as NumericArray) !== dtype
        ? typedOf(flat as NumericArray, dtype)
        : (flat as NumericArray);
    return {
      data: { data: typed, shape, strides: c },
      shape,
      kind: 'number',
      itemSize: itemSizeOf(dtypeOfTyped(typed)),
    };
  }
  if (ArrayBuffer.isView(input)) {
    const a = input as NumericArray;
    const typed = dtype && dtypeOfTyped(a) !== dtype ? typedOf(a, dtype) : a;
    const shape = [a.length];
    return {
      data: { data: typed, shape, strides: [1] },
      shape,
      kind: 'number',
      itemSize: itemSizeOf(dtypeOfTyped(typed)),
    };
  }
  const arr = input as readonly unknown[];
  if (arr.length > 0 && typeof arr[0] === 'string') {
    if (!arr.every((x) => typeof x === 'string')) {
      throw new SdkError('E_VALIDATION', `${where}: mixed strings and non-strings`);
    }
    return {
      data: { data: [...(arr as string[])], shape: [arr.length], strides: [1] },
      shape: [arr.length],
      kind: 'string',
      itemSize: 8,
    };
  }
  if (arr.length > 0 && (typeof arr[0] === 'boolean' || typeof arr[0] === 'bigint')) {
    const d = dtype ?? (typeof arr[0] === 'boolean' ? 'uint8' : 'int64');
    const typed = typedOf(arr as (boolean | bigint)[], d);
    return {
      data: { data: typed, shape: [arr.length], strides: [1] },
      shape: [arr.length],
      kind: 'number',
      itemSize: itemSizeOf(d),
    };
  }
  const shape = nestedShape(arr, where);
  const flat = flattenNested(arr as NestedNumbers, shape, where);
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== 'number')
      throw new SdkError('E_VALIDATION', `${where}: element ${i} is not a number`);
  }
  const d = dtype ?? 'float64';
  const typed = typedOf(flat, d);
  return {
    data: { data: typed, shape, strides: cStrides(shape) },
    shape,
    kind: 'number',
    itemSize: itemSizeOf(d),
  };
}

/** The shape of array input without converting it (streams: `[length ?? -1, ...innerShape]`). */
export function shapeOf(input: DataInput, where: string): number[] {
  if (isStream(input)) return [input.length ?? -1, ...input.innerShape];
  if (isDataIO(input)) return shapeOf(input.data, where);
  if (isNdArray(input)) return [...input.shape];
  if (ArrayBuffer.isView(input)) return [(input as NumericArray).length];
  const arr = input as readonly unknown[];
  if (arr.length > 0 && typeof arr[0] !== 'number' && !Array.isArray(arr[0])) return [arr.length];
  return nestedShape(arr, where);
}

/** Flat float64 values of numeric array input (for checks on timestamps, times, masks). */
export function numbersOf(input: ArrayInput, where: string): Float64Array {
  const n = normalize(input, where);
  if (n.kind !== 'number')
    throw new SdkError('E_VALIDATION', `${where}: expected numbers, got strings`);
  const a = n.data.data as NumericArray;
  return a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number | bigint>, Number);
}

/** Datasets at least this large are chunked and gzip-compressed by default. */
export const COMPRESS_THRESHOLD_BYTES = 1024 * 1024;
/** Target size of one chunk. */
export const CHUNK_TARGET_BYTES = 1024 * 1024;

/**
 * About 1 MiB chunks spanning the full extent of the non-time axes when that fits, else the
 * largest trailing axis is halved until it does.
 */
export function chooseChunks(
  shape: readonly number[],
  itemSize: number,
  rowsHint?: number,
): number[] {
  if (shape.length === 0) return [];
  const inner = shape.slice(1).map((d) => Math.max(1, d));
  let innerBytes = inner.reduce((a, b) => a * b, 1) * itemSize;
  while (innerBytes > CHUNK_TARGET_BYTES) {
    let axis = 0;
    for (let i = 1; i < inner.length; i++)
      if ((inner[i] as number) > (inner[axis] as number)) axis = i;
    if ((inner[axis] as number) <= 1) break;
    inner[axis] = Math.ceil((inner[axis] as number) / 2);
    innerBytes = inner.reduce((a, b) => a * b, 1) * itemSize;
  }
  const rows = rowsHint ?? Math.max(1, Math.floor(CHUNK_TARGET_BYTES / innerBytes));
  const first = shape[0] as number;
  return [Math.max(1, first > 0 ? Math.min(rows, first) : rows), ...inner];
}
