import {
  type AxisSlice,
  cStrides,
  type H5Dataset,
  type H5File,
  H5Reference,
  type H5Value,
  type NdArray,
  type NumericArray,
  SdkError,
  sizeOf,
} from '@sdk/core';

/** One axis of a selection: an index, `[start, stop, step]`, `{start, stop, step}`, or null for all. */
export type AxisSelection =
  | AxisSlice
  | { start?: number | null; stop?: number | null; step?: number | null };

export interface DatasetReadOptions {
  /** Reads above `maxReadBytes` (default 512 MiB) throw E_UNSUPPORTED unless this is set. */
  allowLarge?: boolean;
  maxReadBytes?: number;
}

/** Default size guard of one dataset read (spec §3 rule 2). */
export const DEFAULT_NWB_MAX_READ_BYTES = 512 * 1024 ** 2;

function toAxisSlice(s: AxisSelection): AxisSlice {
  if (s === null || typeof s === 'number' || Array.isArray(s)) return s as AxisSlice;
  const o = s as { start?: number | null; stop?: number | null; step?: number | null };
  return [o.start ?? null, o.stop ?? null, o.step ?? null];
}

/** A number from an HDF5 integer (bigint beyond 2^53 throws), float or bool. */
export function toNumber(v: unknown, where?: { file?: string; path?: string }): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new SdkError('E_UNSUPPORTED', `integer ${v} does not fit a JS number exactly`, where);
    }
    return Number(v);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new SdkError(
    'E_FORMAT',
    `expected a number, found ${v === null ? 'null' : typeof v}`,
    where,
  );
}

/** Plain numbers from any numeric typed array (64-bit integers converted exactly or rejected). */
export function numbersOf(
  a: NumericArray | readonly unknown[],
  where?: { file?: string; path?: string },
): number[] {
  return Array.from(a as ArrayLike<unknown>, (v) => toNumber(v, where));
}

/**
 * Lazy handle on one HDF5 dataset of an NWB file: shape and type are known, values are read only
 * by `read*` calls, and only the selection asked for.
 */
export class DatasetHandle {
  private ds: H5Dataset | undefined;

  constructor(
    readonly h5: H5File,
    /** Absolute HDF5 path of the dataset (the link target when reached through a link). */
    readonly path: string,
  ) {}

  /** The underlying core dataset (opened on first use). */
  get dataset(): H5Dataset {
    this.ds ??= this.h5.dataset(this.path);
    return this.ds;
  }

  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  /** `[]` for a scalar; `[0]` for an empty (null) dataspace. */
  get shape(): number[] {
    return this.dataset.shape ?? [0];
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /** numpy-like element type name (int16, float32, str, {x: uint32, …}, ref). */
  get dtype(): string {
    return this.dataset.dtypeName;
  }

  get chunks(): number[] | null {
    return this.dataset.chunks;
  }

  get maxshape(): (number | null)[] | null {
    return this.dataset.maxshape;
  }

  /** Compression filter names (`deflate`, `shuffle`, …) of the dataset. */
  get compression(): string[] {
    return this.dataset.filters.map((f) => f.name);
  }

  get isReference(): boolean {
    return this.dataset.dtype.class === 'reference';
  }

  get isCompound(): boolean {
    return this.dataset.dtype.class === 'compound';
  }

  get isString(): boolean {
    return this.dataset.dtype.class === 'string';
  }

  private guard(options: DatasetReadOptions): number {
    return options.allowLarge
      ? Number.POSITIVE_INFINITY
      : (options.maxReadBytes ?? DEFAULT_NWB_MAX_READ_BYTES);
  }

  /** The selection as core read options; index lists are handled by `readIndices`. */
  private sliceOf(sel: readonly AxisSelection[] | undefined): AxisSlice[] | undefined {
    return sel?.map(toAxisSlice);
  }

  /** Reads the dataset or a hyperslab: numbers as NdArray, strings/refs as NdArray of arrays, compound as Table, scalars plain. */
  read(sel?: readonly AxisSelection[], options: DatasetReadOptions = {}): H5Value {
    const slice = this.sliceOf(sel);
    try {
      return this.dataset.read({ ...(slice ? { slice } : {}), maxBytes: this.guard(options) });
    } catch (error) {
      if (
        error instanceof SdkError &&
        error.code === 'E_UNSUPPORTED' &&
        /exceeds/.test(error.message)
      ) {
        throw new SdkError(
          'E_UNSUPPORTED',
          `reading ${this.path} [${this.shape.join(', ')}] at once exceeds the read limit; pass a selection or {allowLarge: true}`,
          { file: this.h5.filename, path: this.path, cause: error },
        );
      }
      throw error;
    }
  }

  /** Numbers (ints, floats, bools) as an NdArray; a scalar has shape []. */
  readNumeric(
    sel?: readonly AxisSelection[],
    options: DatasetReadOptions = {},
  ): NdArray<NumericArray> {
    const slice = this.sliceOf(sel);
    return this.dataset.readNumeric({ ...(slice ? { slice } : {}), maxBytes: this.guard(options) });
  }

  /** Numbers as float64 (integers converted), flattened in C order. */
  readFloat64(
    sel?: readonly AxisSelection[],
    options: DatasetReadOptions = {},
  ): NdArray<Float64Array> {
    const nd = this.readNumeric(sel, options);
    const out =
      nd.data instanceof Float64Array
        ? nd.data
        : Float64Array.from(nd.data as ArrayLike<number | bigint>, Number);
    return { data: out, shape: nd.shape, strides: cStrides(nd.shape) };
  }

  /** Rows `[start, stop)` along axis 0 (all other axes whole). */
  readRows(start: number, stop: number, options: DatasetReadOptions = {}): H5Value {
    return this.read([[start, stop]], options);
  }

  /** The elements of a string dataset (scalar → one element), NUL padding stripped. */
  readStrings(sel?: readonly AxisSelection[]): string[] {
    const v = this.read(sel);
    if (typeof v === 'string') return [stripNul(v)];
    if (v !== null && typeof v === 'object' && 'data' in v && Array.isArray(v.data)) {
      return (v.data as unknown[]).map((x) => stripNul(String(x)));
    }
    throw new SdkError('E_FORMAT', `expected a string dataset, found ${this.dtype}`, {
      file: this.h5.filename,
      path: this.path,
    });
  }

  /** The referenced paths of an object-reference dataset. */
  readRefPaths(sel?: readonly AxisSelection[]): (string | null)[] {
    const v = this.read(sel);
    const list = v instanceof H5Reference ? [v] : ((v as NdArray<unknown[]>).data as unknown[]);
    return list.map((r) => refPath(this.h5, r));
  }

  /** A scalar's value (strings unpadded, 64-bit ints as numbers when exact). */
  readScalar(): unknown {
    const v = this.read();
    if (typeof v === 'string') return stripNul(v);
    if (typeof v === 'bigint') return toNumber(v, { file: this.h5.filename, path: this.path });
    return v;
  }

  /** Rows at the given positions along axis 0, read as the contiguous runs they form. */
  readIndices(indices: readonly number[], options: DatasetReadOptions = {}): H5Value[] {
    const out: H5Value[] = new Array(indices.length);
    const order = indices
      .map((_, i) => i)
      .sort((a, b) => (indices[a] as number) - (indices[b] as number));
    let k = 0;
    while (k < order.length) {
      const first = indices[order[k] as number] as number;
      let end = k;
      while (
        end + 1 < order.length &&
        (indices[order[end + 1] as number] as number) <=
          (indices[order[end] as number] as number) + 1
      )
        end++;
      const last = indices[order[end] as number] as number;
      const block = this.read([[first, last + 1]], options);
      for (let j = k; j <= end; j++) {
        const pos = (indices[order[j] as number] as number) - first;
        out[order[j] as number] = pickRow(block, pos);
      }
      k = end + 1;
    }
    return out;
  }

  /** Streams the dataset in blocks of `chunkRows` rows along axis 0. */
  *iterate(
    options: { chunkRows?: number } = {},
  ): Generator<{ start: number; stop: number; value: H5Value }> {
    const n = this.shape[0] ?? 0;
    const rows = Math.max(1, options.chunkRows ?? this.chunks?.[0] ?? 1024);
    for (let start = 0; start < n; start += rows) {
      const stop = Math.min(n, start + rows);
      yield { start, stop, value: this.read([[start, stop]]) };
    }
  }
}

/** Row `i` of a block read (an NdArray sliced on axis 0, or a Table row). */
function pickRow(block: H5Value, i: number): H5Value {
  if (block !== null && typeof block === 'object' && 'shape' in block && 'strides' in block) {
    const nd = block as NdArray<NumericArray | unknown[]>;
    const inner = nd.shape.slice(1);
    const n = sizeOf(inner);
    const data = nd.data as NumericArray | unknown[];
    const part = Array.isArray(data)
      ? data.slice(i * n, (i + 1) * n)
      : (data as NumericArray).subarray(i * n, (i + 1) * n);
    if (inner.length === 0) {
      const v = part[0];
      return (
        typeof v === 'object' && v !== null && !(v instanceof H5Reference) ? null : v
      ) as H5Value;
    }
    return { data: part, shape: inner, strides: cStrides(inner) } as H5Value;
  }
  return block;
}

export function stripNul(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** The path an object reference points to; null for an empty reference. */
export function refPath(h5: H5File, r: unknown): string | null {
  if (!(r instanceof H5Reference)) return typeof r === 'string' ? r : null;
  if (r.bytes.every((b) => b === 0)) return null;
  try {
    return h5.refName(r);
  } catch {
    return null;
  }
}
