import type { Table } from 'apache-arrow';
import type { Metadata, File as WasmFile } from 'h5wasm';
import { SdkError } from '../errors.js';
import {
  type AxisSlice,
  cStrides,
  type NdArray,
  type NumericArray,
  resolveAxisSlice,
  sizeOf,
} from '../ndarray.js';
import { type H5Backend, loadMemoryBackend, loadNodeBackend } from './backend.js';
import {
  type ArrayColumn,
  type Column,
  type CompoundColumns,
  columnLength,
  concatColumns,
  decodeColumn,
  H5Reference,
} from './decode.js';
import { dtypeFromMetadata, dtypeName, type H5DType, hasVlen } from './dtype.js';
import { toSdkError } from './errors.js';
import { installedFilterPlugins, pluginDecodeProblem } from './plugins.js';
import {
  type ContiguousExtent,
  contiguousExtent,
  type ReadAt,
  readSuperblock,
  type Superblock,
} from './raw-layout.js';
import { compoundToTable } from './table.js';
import { elementBytes, type H5WriteData, prepareWrite, type WriteDType } from './write.js';

export type H5Mode = 'r' | 'a' | 'w' | 'x';

export interface OpenH5Options {
  /** 'r' read-only (default), 'a' read-write, 'w' create or truncate, 'x' create, fail if it exists. */
  mode?: H5Mode;
  /** Keep insertion order of links and attributes in groups this handle creates. */
  trackOrder?: boolean;
  /** Name shown in messages for a file opened from bytes. */
  name?: string;
}

/** A single read larger than this throws E_UNSUPPORTED unless `maxBytes` is raised. */
export const DEFAULT_MAX_READ_BYTES = 1.5 * 1024 ** 3;
/** Reads larger than this are done in pieces so the wasm heap (2 GiB at most) never holds them whole. */
export const DEFAULT_PIECE_BYTES = 256 * 1024 ** 2;
// Unfiltered fixed-size data pass through the wasm heap in pieces of at most this size: the result
// is copied out of the heap once either way, and the heap then never grows to hold a whole read.
// (Filtered chunks are left to DEFAULT_PIECE_BYTES: a chunk split between two pieces would be
// decompressed twice.)
const HEAP_PIECE_BYTES = 8 * 1024 ** 2;
// Reads at least this large from contiguous storage go straight from the file (see raw-layout.ts).
const RAW_READ_MIN_BYTES = 64 * 1024;
// Numbers as stored little-endian are what HDF5 hands back too (it converts big-endian ones).
function rawReadable(t: H5DType): boolean {
  if (t.class === 'int' || t.class === 'uint' || t.class === 'float')
    return t.size === 1 || t.littleEndian;
  return t.class === 'bool' || (t.class === 'enum' && rawReadable(t.base));
}

export interface ReadOptions {
  /** numpy basic indexing per axis: an index (drops the axis), `[start, stop, step]` or null. */
  slice?: readonly AxisSlice[];
  /** 'bigint' (default) keeps 64-bit integers exact; 'number' converts and throws above 2^53. */
  int64?: 'bigint' | 'number';
  /** Size guard for one read, in bytes (default 1.5 GiB). */
  maxBytes?: number;
  /** Largest piece read from HDF5 at once (default 256 MiB). */
  pieceBytes?: number;
}

/** What a read returns: n-d values, a Table for compound types, or a scalar. */
export type H5Value =
  | NdArray<NumericArray>
  | NdArray<string[]>
  | NdArray<H5Reference[]>
  | NdArray<unknown[]>
  | Table
  | number
  | bigint
  | boolean
  | string
  | H5Reference
  | NumericArray
  | null;

export type H5Source = string | Uint8Array | ArrayBuffer;

export interface H5LinkInfo {
  kind: 'hard' | 'soft' | 'external';
  /** Soft: the target path. External: the path inside the other file. */
  target?: string;
  /** External: the other file's name as stored. */
  file?: string;
}

/** One link of a group as `H5Group.children()` lists it; soft and external links are not followed. */
export interface H5Child {
  /** The link's name in its group. */
  name: string;
  /** Absolute path of the link. */
  path: string;
  /** A hard link to a group, dataset or named datatype, or a soft or external link. */
  kind: 'group' | 'dataset' | 'datatype' | 'soft' | 'external';
  /** Soft: the target path as stored. External: the path inside the other file. */
  target?: string;
  /** External: the other file's name as stored. */
  file?: string;
}

export interface CreateDatasetOptions {
  data: H5WriteData;
  /** Shape of the dataset; defaults to the NdArray's shape or the data length. */
  shape?: number[];
  /** Element type; default from the typed array (float64 for plain numbers, str for strings). */
  dtype?: WriteDType;
  /** Chunk shape; chosen automatically when gzip or a resizable maxshape needs chunks. */
  chunks?: number[];
  /** gzip (deflate) level 1-9; `true` means 4 as in h5py. */
  gzip?: boolean | number;
  /** Maximum shape, `null` for unlimited axes (makes the dataset resizable). */
  maxshape?: (number | null)[];
}

let memoryFileCounter = 0;

/** `H5Group.tree` refuses deeper nesting: only a cycle of hard links gets there. */
const MAX_TREE_DEPTH = 512;

function bigintPlain(v: bigint): number | string {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return v > limit || v < -limit ? v.toString() : Number(v);
}

/** The result of an HDF5 probe, or null when HDF5 raised an error (a missing or broken link). */
function quiet<T>(probe: () => T): T | null {
  try {
    return probe();
  } catch {
    return null;
  }
}

function joinPath(base: string, rel: string): string {
  const full = rel.startsWith('/') ? rel : `${base === '/' ? '' : base}/${rel}`;
  const parts: string[] = [];
  for (const p of full.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function autoChunks(
  shape: readonly number[],
  itemSize: number,
  maxshape?: readonly (number | null)[],
): number[] {
  // Like h5py's guess: aim at chunks of ~64 KiB-1 MiB, halving the largest axis until small.
  const chunks = shape.map((d, i) =>
    Math.max(1, d === 0 || maxshape?.[i] === null ? Math.max(d, 1024) : d),
  );
  const target = 256 * 1024;
  for (let guard = 0; guard < 200; guard++) {
    const bytes = sizeOf(chunks) * itemSize;
    if (bytes <= target || chunks.every((c) => c === 1)) break;
    let axis = 0;
    for (let i = 1; i < chunks.length; i++)
      if ((chunks[i] as number) > (chunks[axis] as number)) axis = i;
    chunks[axis] = Math.ceil((chunks[axis] as number) / 2);
  }
  return chunks;
}

/** Lazy handle on an HDF5 object; reads nothing until asked. */
abstract class H5Object {
  constructor(
    readonly file: H5File,
    /** Absolute HDF5 path. */
    readonly path: string,
  ) {}

  /** The attributes of this object. */
  get attrs(): H5Attributes {
    return new H5Attributes(this.file, this.path);
  }

  /** The last path component ('' for the root). */
  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  /** Writes (or replaces) an attribute. Numbers are float64 unless `dtype` says otherwise. */
  setAttr(
    name: string,
    value: H5WriteData,
    options: { dtype?: WriteDType; shape?: number[] } = {},
  ): void {
    this.file.setAttrAt(this.path, name, value, options);
  }

  deleteAttr(name: string): void {
    this.file.attributesChanged();
    this.file.call(this.path, `deleting attribute ${name}`, (f, b) => {
      b.module.delete_attribute(f.file_id, this.path, name);
    });
  }

  /** An object reference to this group or dataset, to store in a dataset or attribute. */
  ref(): H5Reference {
    return this.file.call(this.path, 'creating a reference', (f, b) => {
      return new H5Reference('object', b.module.create_object_reference(f.file_id, this.path));
    });
  }
}

export class H5Group extends H5Object {
  readonly kind = 'group' as const;

  /** Names of the links in this group, in HDF5 iteration order (by name unless order is tracked). */
  keys(): string[] {
    return this.file.call(this.path, 'listing group', (f, b) =>
      b.module.get_names(f.file_id, this.path, false),
    );
  }

  /**
   * The links of this group with their kinds, in `keys()` order: hard links to groups, datasets
   * and named datatypes, and soft and external links with their targets (not followed). A few
   * cheap HDF5 lookups per child that never fail for a well-formed link, so listing a large group
   * costs no error handling and reads no attribute or value.
   */
  children(): H5Child[] {
    return this.file.childrenAt(this.path);
  }

  /**
   * `children()` of this group and of every group below it reached by hard links, keyed by
   * absolute group path, in one pass (a group linked twice is listed under both paths). Groups
   * are found by one recursive HDF5 listing, so only the other links cost lookups: cheaper than
   * `children()` group by group.
   */
  tree(): Map<string, H5Child[]> {
    return this.file.treeAt(this.path);
  }

  /** True when `path` (relative to this group) names a group or dataset (following soft links). */
  has(path: string): boolean {
    const full = joinPath(this.path, path);
    return this.file.call(full, 'looking up', (f, b) => {
      const t = quiet(() => b.module.get_type(f.file_id, full));
      return t === b.module.H5G_GROUP || t === b.module.H5G_DATASET;
    });
  }

  /** The group or dataset at `path`, relative to this group or absolute. */
  get(path: string): H5Group | H5Dataset {
    return this.file.resolve(joinPath(this.path, path));
  }

  group(path: string): H5Group {
    const obj = this.get(path);
    if (obj.kind !== 'group') {
      throw new SdkError('E_FORMAT', 'expected a group but found a dataset', {
        file: this.file.filename,
        path: obj.path,
      });
    }
    return obj;
  }

  dataset(path: string): H5Dataset {
    const obj = this.get(path);
    if (obj.kind !== 'dataset') {
      throw new SdkError('E_FORMAT', 'expected a dataset but found a group', {
        file: this.file.filename,
        path: obj.path,
      });
    }
    return obj;
  }

  /** How the link `name` is stored: hard, soft (with target) or external (file and path). */
  link(path: string): H5LinkInfo {
    const full = joinPath(this.path, path);
    return this.file.call(full, 'reading link', (f, b) => {
      const soft = quiet(() => b.module.get_symbolic_link(f.file_id, full));
      if (typeof soft === 'string') return { kind: 'soft', target: soft };
      const ext = quiet(() => b.module.get_external_link(f.file_id, full));
      if (ext && typeof ext.filename === 'string') {
        return { kind: 'external', file: ext.filename, target: ext.obj_path };
      }
      const t = quiet(() => b.module.get_type(f.file_id, full));
      if (t === null || t < 0) {
        throw new SdkError('E_NOT_FOUND', 'no such HDF5 object', {
          file: this.file.filename,
          path: full,
        });
      }
      return { kind: 'hard' };
    });
  }

  /** Creates a group (and missing parents); an existing group is returned as is. */
  createGroup(path: string): H5Group {
    const full = joinPath(this.path, path);
    const parts = full.split('/').filter(Boolean);
    let at = '';
    for (const p of parts) {
      at += `/${p}`;
      const current = at;
      this.file.call(current, 'creating group', (f, b) => {
        const t = quiet(() => b.module.get_type(f.file_id, current));
        if (t === b.module.H5G_GROUP) return;
        if (t === b.module.H5G_DATASET) {
          throw new SdkError('E_VALIDATION', 'a dataset already exists at this path', {
            file: this.file.filename,
            path: current,
          });
        }
        b.module.create_group(f.file_id, current, this.file.trackOrder);
      });
    }
    return this.group(full);
  }

  /** Creates a dataset; parents are created as needed. */
  createDataset(path: string, options: CreateDatasetOptions): H5Dataset {
    const full = joinPath(this.path, path);
    const parent = this.ensureParent(full);
    const name = full.slice(full.lastIndexOf('/') + 1);
    const prepared = prepareWrite(options.data, {
      ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
      ...(options.shape !== undefined ? { shape: options.shape } : {}),
      defaultNumber: 'float64',
    });
    const gzipLevel = options.gzip === true ? 4 : options.gzip === false ? undefined : options.gzip;
    if (
      gzipLevel !== undefined &&
      (!Number.isInteger(gzipLevel) || gzipLevel < 0 || gzipLevel > 9)
    ) {
      throw new SdkError('E_VALIDATION', `gzip level must be an integer 0-9, got ${gzipLevel}`, {
        file: this.file.filename,
        path: full,
      });
    }
    const resizable =
      options.maxshape?.some((d, i) => d === null || d !== prepared.shape[i]) ?? false;
    let chunks = options.chunks;
    if (!chunks && (gzipLevel !== undefined || resizable)) {
      chunks = autoChunks(prepared.shape, prepared.itemSize, options.maxshape);
    }
    if (chunks && chunks.length !== prepared.shape.length) {
      throw new SdkError(
        'E_VALIDATION',
        `chunks [${chunks}] do not match the rank of shape [${prepared.shape}]`,
        {
          file: this.file.filename,
          path: full,
        },
      );
    }
    this.file.call(full, 'creating dataset', (f) => {
      const group = f.get(parent);
      if (!group || !('create_dataset' in group)) {
        throw new SdkError('E_NOT_FOUND', 'parent group not found', {
          file: this.file.filename,
          path: parent,
        });
      }
      group.create_dataset({
        name,
        data: prepared.data as never,
        shape: prepared.shape,
        dtype: prepared.dtype,
        ...(options.maxshape ? { maxshape: options.maxshape } : {}),
        ...(chunks ? { chunks } : {}),
        ...(gzipLevel !== undefined
          ? { compression: 'gzip' as const, compression_opts: gzipLevel }
          : {}),
      });
    });
    return this.dataset(full);
  }

  private ensureParent(full: string): string {
    const parent = full.slice(0, full.lastIndexOf('/')) || '/';
    if (parent !== '/') this.createGroup(parent);
    return parent;
  }

  /** A soft link at `path` pointing to the absolute path `target`. */
  createSoftLink(target: string, path: string): void {
    const full = joinPath(this.path, path);
    this.ensureParent(full);
    this.file.call(full, 'creating soft link', (f, b) => {
      b.module.create_soft_link(f.file_id, target, full);
    });
  }

  /** An external link at `path` to `target` inside the file `fileName` (relative to this file). */
  createExternalLink(fileName: string, target: string, path: string): void {
    const full = joinPath(this.path, path);
    this.ensureParent(full);
    this.file.call(full, 'creating external link', (f, b) => {
      b.module.create_external_link(f.file_id, fileName, target, full);
    });
  }
}

export class H5Dataset extends H5Object {
  readonly kind = 'dataset' as const;
  private cachedMeta: Metadata | undefined;
  /** Contiguous storage checked against HDF5 (null: not contiguous, or not trusted). */
  private rawExtent: ContiguousExtent | null | undefined;

  /** @internal h5wasm's metadata record. */
  metadata(): Metadata {
    this.cachedMeta ??= this.file.call(this.path, 'reading dataset metadata', (f, b) =>
      b.module.get_dataset_metadata(f.file_id, this.path),
    );
    return this.cachedMeta;
  }

  /** Current shape; `[]` for a scalar, null for an empty (H5S_NULL) dataspace. */
  get shape(): number[] | null {
    const s = this.metadata().shape;
    return s ? [...s] : null;
  }

  /** Maximum shape; null entries are unlimited. */
  get maxshape(): (number | null)[] | null {
    const m = this.metadata().maxshape;
    return m ? m.map((d) => (d >= 2 ** 63 ? null : d)) : null;
  }

  get chunks(): number[] | null {
    const c = this.metadata().chunks;
    return c ? [...c] : null;
  }

  get dtype(): H5DType {
    return dtypeFromMetadata(this.metadata());
  }

  /** numpy-like name of the element type (int32, float64, str, {a: int32, ...}). */
  get dtypeName(): string {
    return dtypeName(this.dtype);
  }

  /** Number of elements. */
  get size(): number {
    const s = this.shape;
    return s ? sizeOf(s) : 0;
  }

  /** The filter pipeline: [{id, name, cd_values}] (1 = deflate/gzip, 2 = shuffle, ...). */
  get filters(): { id: number; name: string; cdValues: number[] }[] {
    return this.file.call(this.path, 'reading filters', (f, b) =>
      b.module.get_dataset_filters(f.file_id, this.path).map((x) => ({
        id: x.id,
        name: x.name,
        cdValues: [...(x.cd_values ?? [])],
      })),
    );
  }

  /**
   * Reads the dataset or a hyperslab of it. Numbers, booleans and enums come back as an NdArray
   * of a typed array, strings and references as an NdArray of arrays, compound types as an Arrow
   * Table, and a scalar (or a fully indexed element) as a plain value.
   */
  read(options: ReadOptions = {}): H5Value {
    const { column, shape, scalar } = this.readColumn(options);
    return this.file.assemble(column, shape, this.dtype, scalar, options, this.path);
  }

  /** Reads numbers (ints, floats, bools, enums) as an NdArray, even for scalars (shape []). */
  readNumeric(options: ReadOptions = {}): NdArray<NumericArray> {
    const t = this.dtype;
    if (!['int', 'uint', 'float', 'bool', 'enum'].includes(t.class)) {
      throw new SdkError('E_FORMAT', `expected a numeric dataset, found ${dtypeName(t)}`, {
        file: this.file.filename,
        path: this.path,
      });
    }
    const { column, shape } = this.readColumn(options);
    const data = this.file.convertInt64(column as NumericArray, options, this.path);
    return { data, shape, strides: cStrides(shape) };
  }

  /** Reads a numeric dataset as a Float64Array (flat, C order). */
  readFloat64(options: ReadOptions = {}): Float64Array {
    const { data } = this.readNumeric({ ...options, int64: 'number' });
    return data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
  }

  /** Reads a string dataset as an NdArray of strings (scalars: shape []). */
  readStrings(options: ReadOptions = {}): NdArray<string[]> {
    if (this.dtype.class !== 'string') {
      throw new SdkError('E_FORMAT', `expected a string dataset, found ${this.dtypeName}`, {
        file: this.file.filename,
        path: this.path,
      });
    }
    const { column, shape } = this.readColumn(options);
    return { data: column as string[], shape, strides: cStrides(shape) };
  }

  /** Reads a compound dataset as an Arrow Table (reference members become target paths). */
  readTable(options: ReadOptions = {}): Table {
    const value = this.read(options);
    if (value === null || typeof value !== 'object' || !('schema' in value)) {
      throw new SdkError('E_FORMAT', `expected a compound dataset, found ${this.dtypeName}`, {
        file: this.file.filename,
        path: this.path,
      });
    }
    return value;
  }

  private pluginChecked = false;

  // With filter plugins loaded, a few plugin/codec combinations abort the wasm module mid-read
  // instead of failing cleanly; refuse those before HDF5 starts (see pluginDecodeProblem).
  private checkPluginDecode(meta: Metadata, t: H5DType): void {
    if (this.pluginChecked || !meta.chunks) return;
    if (!this.file.hasFilterPlugins()) return;
    const problem = pluginDecodeProblem(this.filters, t);
    if (problem !== null) {
      throw new SdkError('E_UNSUPPORTED', `reading dataset failed: ${problem}`, {
        file: this.file.filename,
        path: this.path,
      });
    }
    this.pluginChecked = true;
  }

  /** @internal Reads the selection into a decoded column and its result shape. */
  readColumn(options: ReadOptions): { column: Column; shape: number[]; scalar: boolean } {
    const meta = this.metadata();
    const t = dtypeFromMetadata(meta);
    this.checkPluginDecode(meta, t);
    const shape = meta.shape;
    if (shape === null) {
      return { column: [], shape: [0], scalar: false };
    }
    if (shape.length === 0) {
      if (options.slice && options.slice.length > 0) {
        throw new SdkError('E_VALIDATION', 'a scalar dataset cannot be sliced', {
          file: this.file.filename,
          path: this.path,
        });
      }
      return { column: this.file.readRaw(this.path, t, meta.size, null), shape: [], scalar: true };
    }
    const spec = options.slice ?? [];
    if (spec.length > shape.length) {
      throw new SdkError(
        'E_VALIDATION',
        `slice has ${spec.length} axes but the dataset has rank ${shape.length}`,
        { file: this.file.filename, path: this.path },
      );
    }
    const axes = shape.map((n, axis) => {
      const s = resolveAxisSlice(spec[axis] ?? null, n, axis);
      if (s.step < 0) {
        throw new SdkError('E_UNSUPPORTED', 'HDF5 hyperslabs cannot have negative steps', {
          file: this.file.filename,
          path: this.path,
        });
      }
      return s;
    });
    const count = axes.map((a) => a.count);
    const outShape = axes.filter((a) => !a.drop).map((a) => a.count);
    const scalar = axes.every((a) => a.drop);
    const itemSize = meta.size;
    const total = sizeOf(count);
    const bytes = total * itemSize;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
    if (bytes > maxBytes) {
      throw new SdkError(
        'E_UNSUPPORTED',
        `reading ${(bytes / 1024 ** 3).toFixed(2)} GiB at once exceeds the ${(maxBytes / 1024 ** 3).toFixed(2)} GiB ` +
          'limit of a single read; read it in slices ({slice: [[start, stop], ...]}) or raise maxBytes',
        { file: this.file.filename, path: this.path },
      );
    }
    if (total === 0) {
      return {
        column: decodeColumn(new Uint8Array(0), t, 0, { heap: new Uint8Array(0) }),
        shape: outShape,
        scalar,
      };
    }
    const direct = !hasVlen(t);
    if (direct && bytes >= RAW_READ_MIN_BYTES && rawReadable(t) && !meta.chunks) {
      const raw = this.readContiguous(shape, axes, itemSize, bytes);
      if (raw) {
        return {
          column: decodeColumn(raw, t, total, { heap: new Uint8Array(0) }),
          shape: outShape,
          scalar,
        };
      }
    }
    let pieceBytes = Math.max(itemSize, options.pieceBytes ?? DEFAULT_PIECE_BYTES);
    if (direct && bytes > HEAP_PIECE_BYTES && pieceBytes > HEAP_PIECE_BYTES) {
      if (!meta.chunks || this.filters.length === 0) pieceBytes = HEAP_PIECE_BYTES;
    }
    const offset = axes.map((a) => a.start);
    const step = axes.map((a) => a.step);
    if (bytes <= pieceBytes) {
      return {
        column: this.file.readRaw(this.path, t, itemSize, { offset, count, step }),
        shape: outShape,
        scalar,
      };
    }
    // In pieces: split on the outermost axis whose inner block fits in a piece; every piece is
    // then a contiguous run of the C-ordered result.
    let k = 0;
    while (k < count.length - 1 && sizeOf(count.slice(k + 1)) * itemSize > pieceBytes) k++;
    const inner = sizeOf(count.slice(k + 1)) * itemSize;
    const run = Math.max(1, Math.floor(pieceBytes / inner));
    const parts: Column[] = [];
    // Fixed-size elements: every piece lands in one reused wasm buffer and is copied once into the
    // result's bytes, decoded at the end (decoding is per element, so the pieces join bytewise).
    // A large read then peaks at its own size plus one piece. Vlen pieces hold heap pointers and
    // are decoded one by one.
    const sels: { offset: number[]; count: number[]; step: number[] }[] = [];
    const outer = count.slice(0, k);
    const idx = new Array<number>(k).fill(0);
    const outerTotal = sizeOf(outer);
    for (let o = 0; o < outerTotal; o++) {
      for (let r0 = 0; r0 < (count[k] as number); r0 += run) {
        const r = Math.min(run, (count[k] as number) - r0);
        const pOffset = offset.map((s, axis) =>
          axis < k
            ? s + (idx[axis] as number) * (step[axis] as number)
            : axis === k
              ? s + r0 * (step[axis] as number)
              : s,
        );
        const pCount = count.map((c, axis) => (axis < k ? 1 : axis === k ? r : c));
        const sel = { offset: pOffset, count: pCount, step };
        if (direct) sels.push(sel);
        else parts.push(this.file.readRaw(this.path, t, itemSize, sel));
      }
      for (let axis = k - 1; axis >= 0; axis--) {
        idx[axis] = (idx[axis] as number) + 1;
        if ((idx[axis] as number) < (outer[axis] as number)) break;
        idx[axis] = 0;
      }
    }
    if (!direct) return { column: concatColumns(parts), shape: outShape, scalar };
    const out = this.file.readPiecesInto(this.path, itemSize, sels, bytes);
    return {
      column: decodeColumn(out, t, total, { heap: new Uint8Array(0) }),
      shape: outShape,
      scalar,
    };
  }

  /**
   * The selection's bytes read straight from the file when the dataset is stored contiguously
   * and the selection is one run of that storage; null otherwise (HDF5 reads it then).
   */
  private readContiguous(
    shape: readonly number[],
    axes: readonly { start: number; count: number; step: number }[],
    itemSize: number,
    bytes: number,
  ): Uint8Array | null {
    // One run: leading axes of count 1, then one axis of step 1, then whole axes.
    let j = axes.length - 1;
    while (j > 0) {
      const a = axes[j] as (typeof axes)[number];
      if (a.start !== 0 || a.count !== shape[j] || (a.step !== 1 && a.count > 1)) break;
      j--;
    }
    for (let k = 0; k < j; k++) if ((axes[k] as (typeof axes)[number]).count !== 1) return null;
    const aj = axes[j] as (typeof axes)[number];
    if (aj.step !== 1 && aj.count > 1) return null;
    let first = 0;
    let stride = 1;
    for (let k = axes.length - 1; k >= 0; k--) {
      first += (axes[k] as (typeof axes)[number]).start * stride;
      stride *= shape[k] as number;
    }
    const extent = this.trustedExtent(shape, itemSize);
    if (!extent) return null;
    const at = first * itemSize;
    if (at + bytes > extent.size) return null;
    return this.file.readFileBytes(extent.position + at, bytes);
  }

  // The parsed extent is used only after the first and last stored elements read from it equal
  // what HDF5 itself returns for them.
  private trustedExtent(shape: readonly number[], itemSize: number): ContiguousExtent | null {
    if (this.rawExtent !== undefined) return this.rawExtent;
    this.rawExtent = null;
    const n = sizeOf(shape);
    const extent = this.file.contiguousExtent(this.path);
    if (!extent || n === 0 || extent.size < n * itemSize) return null;
    const last = shape.map((d) => d - 1);
    for (const [index, offset] of [
      [0, shape.map(() => 0)],
      [n - 1, last],
    ] as const) {
      const viaHdf5 = this.file.readSelectionBytes(this.path, itemSize, {
        offset: [...offset],
        count: shape.map(() => 1),
        step: shape.map(() => 1),
      });
      const direct = this.file.readFileBytes(extent.position + index * itemSize, itemSize);
      if (!direct || !viaHdf5.every((x, i) => x === direct[i])) return null;
    }
    this.rawExtent = extent;
    return extent;
  }

  /** Writes `data` into the selection (whole dataset by default). */
  write(data: H5WriteData, options: { slice?: readonly AxisSlice[] } = {}): void {
    const shape = this.shape;
    if (!shape)
      throw new SdkError('E_VALIDATION', 'cannot write to an empty dataspace', {
        file: this.file.filename,
        path: this.path,
      });
    const t = this.dtype;
    if (t.class === 'string' && t.vlen) {
      // h5wasm builds the heap pointers of variable-length strings only when creating a dataset
      throw new SdkError(
        'E_UNSUPPORTED',
        'variable-length strings cannot be written into an existing dataset',
        { file: this.file.filename, path: this.path },
      );
    }
    const spec = options.slice ?? [];
    if (shape.length === 0) {
      this.writeScalar(data, spec);
      return;
    }
    const axes = shape.map((n, axis) => resolveAxisSlice(spec[axis] ?? null, n, axis));
    if (axes.some((a) => a.step < 1)) {
      throw new SdkError('E_UNSUPPORTED', 'HDF5 hyperslabs cannot have negative steps', {
        file: this.file.filename,
        path: this.path,
      });
    }
    const count = axes.map((a) => a.count);
    const prepared = prepareWrite(data, {
      dtype: this.dtype,
      shape: count,
      defaultNumber: 'float64',
    });
    const ranges = axes.map(
      (a) => [a.start, a.start + (a.count - 1) * a.step + 1, a.step] as [number, number, number],
    );
    this.file.call(this.path, 'writing dataset', (f) => {
      const ds = f.get(this.path);
      if (!ds || !('write_slice' in ds))
        throw new SdkError('E_NOT_FOUND', 'dataset vanished', {
          file: this.file.filename,
          path: this.path,
        });
      ds.write_slice(ranges, prepared.data);
    });
  }

  // HDF5 refuses a hyperslab on a scalar dataspace, so the one element is written with an
  // all-selection instead (h5wasm's raw write, given bytes already in the dataset's layout).
  private writeScalar(data: H5WriteData, slice: readonly AxisSlice[]): void {
    if (slice.length > 0) {
      throw new SdkError('E_VALIDATION', 'a scalar dataset cannot be sliced', {
        file: this.file.filename,
        path: this.path,
      });
    }
    const t = this.dtype;
    let bytes: Uint8Array;
    try {
      bytes = elementBytes(
        prepareWrite(data, { dtype: t, shape: [], defaultNumber: 'float64' }),
        t,
      );
    } catch (e) {
      if (e instanceof SdkError && e.path === undefined && e.file === undefined) {
        throw new SdkError(e.code, e.message, {
          file: this.file.filename,
          path: this.path,
          cause: e,
        });
      }
      throw e;
    }
    this.file.call(this.path, 'writing dataset', (f, b) => {
      const m = b.module;
      const ptr = m._malloc(bytes.length);
      try {
        m.HEAPU8.set(bytes, ptr);
        m.set_dataset_data(f.file_id, this.path, null, null, null, BigInt(ptr));
      } finally {
        m._free(ptr);
      }
    });
  }

  /** Changes the shape of a chunked dataset within its maxshape. */
  resize(shape: number[]): void {
    this.file.call(this.path, 'resizing dataset', (f, b) => {
      b.module.resize_dataset(f.file_id, this.path, shape.map(BigInt));
    });
    this.cachedMeta = undefined;
  }

  /** Appends rows along axis 0 (the dataset must be resizable on that axis). */
  append(data: H5WriteData): void {
    const shape = this.shape;
    if (!shape || shape.length === 0) {
      throw new SdkError('E_VALIDATION', 'only datasets of rank >= 1 can be appended to', {
        file: this.file.filename,
        path: this.path,
      });
    }
    const inner = sizeOf(shape.slice(1));
    const prepared = prepareWrite(data, { dtype: this.dtype, defaultNumber: 'float64' });
    const n = prepared.length / Math.max(1, inner);
    if (!Number.isInteger(n)) {
      throw new SdkError(
        'E_VALIDATION',
        `appended data (${prepared.length} elements) is not a whole number of rows of ${inner}`,
        {
          file: this.file.filename,
          path: this.path,
        },
      );
    }
    const n0 = shape[0] as number;
    this.resize([n0 + n, ...shape.slice(1)]);
    this.write(data, { slice: [[n0, n0 + n]] });
  }
}

/**
 * The attributes of one object; values are read on each `get`. The list of names is read once
 * per handle (and again after any attribute of the file is written or deleted), so `has` + `get`
 * or `getMany` cost one listing, and a lone `get` none.
 */
export class H5Attributes {
  private names: { list: string[]; set: Set<string>; generation: number } | undefined;

  constructor(
    private readonly file: H5File,
    private readonly path: string,
  ) {}

  private listed(): { list: string[]; set: Set<string> } {
    const generation = this.file.attributeGeneration;
    if (this.names?.generation !== generation) {
      const list = this.file.call(this.path, 'listing attributes', (f, b) =>
        b.module.get_attribute_names(f.file_id, this.path),
      );
      this.names = { list, set: new Set(list), generation };
    }
    return this.names;
  }

  keys(): string[] {
    return [...this.listed().list];
  }

  has(name: string): boolean {
    return this.listed().set.has(name);
  }

  private missing(name: string): SdkError {
    return new SdkError('E_NOT_FOUND', `no attribute "${name}"`, {
      file: this.file.filename,
      path: this.path,
    });
  }

  private meta(name: string): Metadata {
    const known = this.names?.generation === this.file.attributeGeneration ? this.names : null;
    if (known && !known.set.has(name)) throw this.missing(name);
    return this.file.call(this.path, `reading attribute ${name}`, (f, b) => {
      if (known) return b.module.get_attribute_metadata(f.file_id, this.path, name);
      // Names not listed yet: ask for the attribute directly and list only to explain a failure.
      try {
        return b.module.get_attribute_metadata(f.file_id, this.path, name);
      } catch (error) {
        const names = quiet(() => b.module.get_attribute_names(f.file_id, this.path));
        if (names && !names.includes(name)) throw this.missing(name);
        throw error;
      }
    });
  }

  dtype(name: string): H5DType {
    return dtypeFromMetadata(this.meta(name));
  }

  shape(name: string): number[] | null {
    const s = this.meta(name).shape;
    return s ? [...s] : null;
  }

  /**
   * The stored bytes of a fixed-size attribute, undecoded (for values that are not text, such
   * as the pickles PyTables keeps in string attributes). Variable-length types throw.
   */
  getBytes(name: string): Uint8Array {
    const meta = this.meta(name);
    const t = dtypeFromMetadata(meta);
    if (hasVlen(t) || meta.shape === null) {
      throw new SdkError('E_UNSUPPORTED', `attribute "${name}" has no fixed-size bytes`, {
        file: this.file.filename,
        path: this.path,
      });
    }
    const parts = this.file.readAttrRaw(
      this.path,
      name,
      { class: 'opaque', size: meta.size },
      meta,
    );
    const chunks = parts as Uint8Array[];
    const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private read(name: string, meta: Metadata, options: Pick<ReadOptions, 'int64'>): H5Value {
    const t = dtypeFromMetadata(meta);
    if (meta.shape === null) return null;
    const column = this.file.readAttrRaw(this.path, name, t, meta);
    return this.file.assemble(
      column,
      [...meta.shape],
      t,
      meta.shape.length === 0,
      options,
      this.path,
    );
  }

  /** The attribute's value: scalars as plain values, arrays as NdArray, compound as Table. */
  get(name: string, options: Pick<ReadOptions, 'int64'> = {}): H5Value {
    return this.read(name, this.meta(name), options);
  }

  /**
   * The values of those of `names` that exist (absent ones are left out), for one listing of
   * the object's attributes: `getMany(['neurodata_type', 'namespace', 'object_id'])`.
   */
  getMany<K extends string>(
    names: readonly K[],
    options: Pick<ReadOptions, 'int64'> = {},
  ): Partial<Record<K, H5Value>> {
    const out: Partial<Record<K, H5Value>> = {};
    const present = this.listed().set;
    for (const name of names) {
      if (present.has(name)) out[name] = this.read(name, this.meta(name), options);
    }
    return out;
  }

  /** Every attribute as JSON-friendly values (arrays nested, int64 as number, refs as paths). */
  toObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of this.keys()) out[name] = this.file.plain(this.get(name));
    return out;
  }
}

export class H5File extends H5Group {
  /** The path or name given when opening (used in messages). */
  readonly filename: string;
  readonly mode: H5Mode;
  readonly trackOrder: boolean;
  private handle: WasmFile | null;
  private broken = false;
  private attrGeneration = 0;

  /** @internal use openH5. */
  constructor(
    private readonly backend: H5Backend,
    private readonly fsPath: string,
    filename: string,
    mode: H5Mode,
    trackOrder: boolean,
    private readonly memory: boolean,
  ) {
    super(undefined as unknown as H5File, '/');
    (this as { file: H5File }).file = this;
    this.filename = filename;
    this.mode = mode;
    this.trackOrder = trackOrder;
    this.handle = this.openHandle(mode);
  }

  private openHandle(mode: H5Mode): WasmFile {
    try {
      return new this.backend.lib.File(this.fsPath, mode, { track_order: this.trackOrder });
    } catch (error) {
      throw toSdkError(error, {
        file: this.filename,
        action: 'opening HDF5 file',
        code: 'E_FORMAT',
      });
    }
  }

  /** @internal Changes whenever an attribute is written or deleted (invalidates listed names). */
  get attributeGeneration(): number {
    return this.attrGeneration;
  }

  /** @internal */
  attributesChanged(): void {
    this.attrGeneration += 1;
  }

  /**
   * @internal The links of the group at the absolute path `path` (see `H5Group.children`).
   * `hardGroups` holds paths already known to be hard links to groups; those need no lookups.
   */
  childrenAt(path: string, hardGroups?: ReadonlySet<string>): H5Child[] {
    return this.call(path, 'listing group', (f, b) => {
      const m = b.module;
      const id = f.file_id;
      const prefix = path === '/' ? '/' : `${path}/`;
      return m.get_names(id, path, false).map((name): H5Child => {
        const full = prefix + name;
        if (hardGroups?.has(full)) return { name, path: full, kind: 'group' };
        // Neither lookup fails for an existing link of another kind: they answer null / {}.
        const soft = m.get_symbolic_link(id, full);
        if (typeof soft === 'string') return { name, path: full, kind: 'soft', target: soft };
        const ext = m.get_external_link(id, full);
        if (typeof ext.filename === 'string') {
          return { name, path: full, kind: 'external', target: ext.obj_path, file: ext.filename };
        }
        const t = m.get_type(id, full);
        if (t === m.H5G_GROUP) return { name, path: full, kind: 'group' };
        if (t === m.H5G_DATASET) return { name, path: full, kind: 'dataset' };
        if (t === m.H5G_TYPE) return { name, path: full, kind: 'datatype' };
        throw new SdkError('E_UNSUPPORTED', `link of unsupported HDF5 type ${t}`, {
          file: this.filename,
          path: full,
        });
      });
    });
  }

  /** @internal See `H5Group.tree`. */
  treeAt(path: string): Map<string, H5Child[]> {
    // HDF5's recursive listing descends only through hard links to groups, so every path with
    // something listed below it is one; only the other links need looking up one by one.
    const hardGroups = new Set<string>();
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const rel of this.call(path, 'listing group', (f, b) =>
      b.module.get_names(f.file_id, path, true),
    )) {
      const slash = rel.lastIndexOf('/');
      if (slash > 0) hardGroups.add(prefix + rel.slice(0, slash));
    }
    const out = new Map<string, H5Child[]>();
    const visit = (group: string, depth: number) => {
      if (depth > MAX_TREE_DEPTH) {
        throw new SdkError(
          'E_FORMAT',
          `groups nested more than ${MAX_TREE_DEPTH} deep (a cycle of hard links?)`,
          { file: this.filename, path: group },
        );
      }
      const children = this.childrenAt(group, hardGroups);
      out.set(group, children);
      for (const c of children) if (c.kind === 'group') visit(c.path, depth + 1);
    };
    visit(path, 0);
    return out;
  }

  private raw:
    | { stream: unknown; size: number; readAt: ReadAt; superblock: Superblock }
    | null
    | undefined;

  // The file's own bytes through the module's file system (the host's in Node, MEMFS in a
  // browser), for files opened read-only: nothing unflushed can be missing from them.
  private rawAccess(): NonNullable<typeof this.raw> | null {
    if (this.raw !== undefined) return this.raw;
    this.raw = null;
    if (this.mode !== 'r' || this.handle === null) return null;
    const FS = this.backend.module.FS;
    let stream: FS.FSStream | undefined;
    try {
      stream = FS.open(this.fsPath, 'r');
      const opened = stream;
      const size = FS.stat(this.fsPath, false).size;
      const readAt: ReadAt = (position, length) => {
        const n = Math.max(0, Math.min(length, size - position));
        const b = new Uint8Array(n);
        const got = n === 0 ? 0 : FS.read(opened, b, 0, n, position);
        return got < n ? b.subarray(0, got) : b;
      };
      const superblock = readSuperblock(readAt, size);
      if (superblock) this.raw = { stream, size, readAt, superblock };
    } catch {
      this.raw = null;
    }
    if (this.raw === null && stream) {
      try {
        FS.close(stream);
      } catch {
        // nothing to release
      }
    }
    return this.raw;
  }

  /** @internal Where a contiguous dataset's bytes are stored in the file, or null. */
  contiguousExtent(path: string): ContiguousExtent | null {
    const raw = this.rawAccess();
    if (!raw) return null;
    const ref = this.call(path, 'locating dataset', (f, b) =>
      b.module.create_object_reference(f.file_id, path),
    );
    // An object reference (hobj_ref_t) is the address of the object's header.
    if (ref.length !== 8) return null;
    let address = 0;
    for (let i = 7; i >= 0; i--) address = address * 256 + (ref[i] as number);
    if (address > Number.MAX_SAFE_INTEGER) return null;
    try {
      return contiguousExtent(raw.readAt, raw.superblock, address);
    } catch {
      return null;
    }
  }

  /** @internal `length` bytes of the file at absolute `position`; null on a short read. */
  readFileBytes(position: number, length: number): Uint8Array | null {
    const raw = this.rawAccess();
    if (!raw || position + length > raw.size) return null;
    const out = new Uint8Array(length);
    const FS = this.backend.module.FS;
    let at = 0;
    while (at < length) {
      const got = FS.read(raw.stream as FS.FSStream, out, at, length - at, position + at);
      if (got <= 0) return null;
      at += got;
    }
    return out;
  }

  /** @internal The raw bytes of a selection as HDF5 reads them (no decoding). */
  readSelectionBytes(
    path: string,
    itemSize: number,
    sel: { offset: number[]; count: number[]; step: number[] },
  ): Uint8Array {
    return this.readPiecesInto(path, itemSize, [sel], sizeOf(sel.count) * itemSize);
  }

  /** @internal True when filter plugins are installed in this file's h5wasm module. */
  hasFilterPlugins(): boolean {
    return installedFilterPlugins(this.backend) !== undefined;
  }

  get closed(): boolean {
    return this.handle === null;
  }

  /** @internal Runs `fn` on the live h5wasm file; HDF5 failures become SdkErrors. */
  call<T>(path: string, action: string, fn: (f: WasmFile, b: H5Backend) => T): T {
    if (this.handle === null) {
      throw new SdkError('E_IO', 'the HDF5 file is closed', { file: this.filename, path });
    }
    if (this.broken) {
      // An HDF5 error can leave objects open inside the library; start again from a fresh handle.
      try {
        this.handle.close();
      } catch {
        // the old handle may already be unusable
      }
      this.handle = this.openHandle(this.mode === 'w' || this.mode === 'x' ? 'a' : this.mode);
      this.broken = false;
    }
    try {
      return fn(this.handle, this.backend);
    } catch (error) {
      if (error instanceof SdkError) throw error;
      this.broken = true;
      throw toSdkError(error, {
        file: this.filename,
        path,
        action,
        pluginsEnabled: installedFilterPlugins(this.backend) !== undefined,
      });
    }
  }

  /** @internal */
  resolve(full: string): H5Group | H5Dataset {
    if (full === '/') return this;
    const kind = this.call(full, 'looking up', (f, b) => {
      // HDF5 raises errors while probing broken links; `quiet` turns them into "no answer".
      const t = quiet(() => b.module.get_type(f.file_id, full));
      if (t === b.module.H5G_GROUP) return 'group';
      if (t === b.module.H5G_DATASET) return 'dataset';
      const soft = quiet(() => b.module.get_symbolic_link(f.file_id, full));
      if (typeof soft === 'string') return `broken soft link to ${soft}`;
      const ext = quiet(() => b.module.get_external_link(f.file_id, full));
      if (ext && typeof ext.filename === 'string') {
        return `external link to ${ext.filename}:${ext.obj_path} that cannot be resolved`;
      }
      return null;
    });
    if (kind === 'group') return new H5Group(this, full);
    if (kind === 'dataset') return new H5Dataset(this, full);
    throw new SdkError('E_NOT_FOUND', kind ? `HDF5 path is a ${kind}` : 'no such HDF5 object', {
      file: this.filename,
      path: full,
    });
  }

  /** @internal Reads a selection (or the whole scalar) into a decoded column. */
  readRaw(
    path: string,
    t: H5DType,
    itemSize: number,
    sel: { offset: number[]; count: number[]; step: number[] } | null,
  ): Column {
    return this.call(path, 'reading dataset', (f, b) => {
      const m = b.module;
      const n = sel ? sizeOf(sel.count) : 1;
      const nbytes = n * itemSize;
      const ptr = m._malloc(Math.max(nbytes, 1));
      if (ptr === 0) {
        throw new SdkError(
          'E_UNSUPPORTED',
          `cannot allocate ${nbytes} bytes in the wasm heap; read a smaller slice`,
          {
            file: this.filename,
            path,
          },
        );
      }
      const count = sel ? sel.count.map(BigInt) : null;
      try {
        m.get_dataset_data(
          f.file_id,
          path,
          count,
          sel ? sel.offset.map(BigInt) : null,
          sel ? sel.step.map(BigInt) : null,
          BigInt(ptr),
        );
        const bytes = m.HEAPU8.slice(ptr, ptr + nbytes);
        return decodeColumn(bytes, t, n, { heap: m.HEAPU8 });
      } finally {
        if (hasVlen(t)) {
          if (count) m.reclaim_vlen_memory_count(f.file_id, path, '', BigInt(ptr), count);
          else m.reclaim_vlen_memory(f.file_id, path, '', BigInt(ptr));
        }
        m._free(ptr);
      }
    });
  }

  /**
   * @internal Reads the selections of a fixed-size (non-vlen) dataset one after another into
   * one wasm buffer sized for the largest, copying each straight into the returned bytes.
   */
  readPiecesInto(
    path: string,
    itemSize: number,
    sels: { offset: number[]; count: number[]; step: number[] }[],
    totalBytes: number,
  ): Uint8Array {
    return this.call(path, 'reading dataset', (f, b) => {
      const m = b.module;
      let largest = 1;
      for (const sel of sels) largest = Math.max(largest, sizeOf(sel.count) * itemSize);
      const ptr = m._malloc(largest);
      if (ptr === 0) {
        throw new SdkError(
          'E_UNSUPPORTED',
          `cannot allocate ${largest} bytes in the wasm heap; read a smaller slice`,
          { file: this.filename, path },
        );
      }
      try {
        const out = new Uint8Array(totalBytes);
        let at = 0;
        for (const sel of sels) {
          const nbytes = sizeOf(sel.count) * itemSize;
          m.get_dataset_data(
            f.file_id,
            path,
            sel.count.map(BigInt),
            sel.offset.map(BigInt),
            sel.step.map(BigInt),
            BigInt(ptr),
          );
          // HEAPU8 is replaced whenever the wasm memory grows, so it is looked up per piece.
          out.set(m.HEAPU8.subarray(ptr, ptr + nbytes), at);
          at += nbytes;
        }
        return out;
      } finally {
        m._free(ptr);
      }
    });
  }

  /** @internal */
  readAttrRaw(path: string, name: string, t: H5DType, meta: Metadata): Column {
    return this.call(path, `reading attribute ${name}`, (f, b) => {
      const m = b.module;
      const n = meta.total_size;
      const nbytes = n * meta.size;
      const ptr = m._malloc(Math.max(nbytes, 1));
      // Reclaiming a buffer HDF5 did not fill would free whatever pointers it happens to hold.
      let filled = false;
      try {
        m.get_attribute_data(f.file_id, path, name, BigInt(ptr));
        filled = true;
        const bytes = m.HEAPU8.slice(ptr, ptr + nbytes);
        return decodeColumn(bytes, t, n, { heap: m.HEAPU8 });
      } finally {
        if (filled && hasVlen(t)) m.reclaim_vlen_memory(f.file_id, path, name, BigInt(ptr));
        m._free(ptr);
      }
    });
  }

  /** @internal */
  convertInt64(
    data: NumericArray,
    options: Pick<ReadOptions, 'int64'>,
    path: string,
  ): NumericArray {
    if (
      options.int64 !== 'number' ||
      !(data instanceof BigInt64Array || data instanceof BigUint64Array)
    ) {
      return data;
    }
    const out = new Float64Array(data.length);
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as bigint;
      if (v > limit || v < -limit) {
        throw new SdkError(
          'E_UNSUPPORTED',
          `64-bit value ${v} at element ${i} does not fit a JS number exactly`,
          {
            file: this.filename,
            path,
          },
        );
      }
      out[i] = Number(v);
    }
    return out;
  }

  /** @internal Builds the public value from a decoded column. */
  assemble(
    column: Column,
    shape: number[],
    t: H5DType,
    scalar: boolean,
    options: Pick<ReadOptions, 'int64'>,
    path: string,
  ): H5Value {
    if (t.class === 'compound') {
      return compoundToTable(column as CompoundColumns, (r) => this.refName(r));
    }
    if (t.class === 'array') {
      const a = column as ArrayColumn;
      const full = [...shape, ...a.shape];
      const flat = Array.isArray(a.flat)
        ? a.flat
        : this.convertInt64(a.flat as NumericArray, options, path);
      return { data: flat as NumericArray, shape: full, strides: cStrides(full) };
    }
    if (Array.isArray(column)) {
      if (scalar) return column[0] as H5Value;
      return { data: column, shape, strides: cStrides(shape) };
    }
    const data = this.convertInt64(column as NumericArray, options, path);
    if (scalar) {
      const v = data[0] as number | bigint;
      return t.class === 'bool' ? v === 1 : v;
    }
    return { data, shape, strides: cStrides(shape) };
  }

  /** @internal JSON-friendly form of a value: 64-bit integers beyond 2^53 become decimal strings. */
  plain(value: H5Value): unknown {
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? bigintPlain(value) : value;
    }
    if (value instanceof H5Reference) return this.refName(value);
    if ('schema' in value) return value.toArray().map((row) => row.toJSON());
    if (ArrayBuffer.isView(value)) {
      return Array.from(value as ArrayLike<number | bigint>, (v) =>
        typeof v === 'bigint' ? bigintPlain(v) : v,
      );
    }
    const nd = value as NdArray<NumericArray | unknown[]>;
    const flat = Array.from(nd.data as ArrayLike<unknown>, (v) =>
      typeof v === 'bigint'
        ? bigintPlain(v)
        : v instanceof H5Reference
          ? this.refName(v)
          : ArrayBuffer.isView(v)
            ? Array.from(v as unknown as ArrayLike<number>)
            : v,
    );
    if (nd.shape.length <= 1) return flat;
    const build = (axis: number, offset: number): unknown[] => {
      const n = nd.shape[axis] as number;
      const stride = nd.strides[axis] as number;
      return Array.from({ length: n }, (_, i) =>
        axis === nd.shape.length - 1 ? flat[offset + i] : build(axis + 1, offset + i * stride),
      );
    };
    return build(0, 0);
  }

  /** The absolute path a reference points to. */
  refName(ref: H5Reference): string {
    return this.call('/', 'resolving reference', (f, b) =>
      b.module.get_referenced_name(f.file_id, ref.bytes, ref.kind === 'object'),
    );
  }

  /** The group or dataset a reference points to (for a region reference, its dataset). */
  deref(ref: H5Reference): H5Group | H5Dataset {
    return this.get(this.refName(ref));
  }

  /** The values selected by a region reference, flattened in C order with the region's shape. */
  readRegion(ref: H5Reference, options: Pick<ReadOptions, 'int64'> = {}): H5Value {
    if (ref.kind !== 'region') {
      throw new SdkError('E_VALIDATION', 'not a region reference', { file: this.filename });
    }
    const target = this.refName(ref);
    return this.call(target, 'reading region', (f, b) => {
      const m = b.module;
      const meta = m.get_region_metadata(f.file_id, ref.bytes);
      const t = dtypeFromMetadata(meta);
      const n = meta.total_size;
      const ptr = m._malloc(Math.max(1, n * meta.size));
      let column: Column;
      try {
        m.get_region_data(f.file_id, ref.bytes, BigInt(ptr));
        column = decodeColumn(m.HEAPU8.slice(ptr, ptr + n * meta.size), t, n, { heap: m.HEAPU8 });
      } finally {
        if (hasVlen(t)) m.reclaim_vlen_memory(f.file_id, target, '', BigInt(ptr));
        m._free(ptr);
      }
      const shape = meta.shape ? [...meta.shape] : [columnLength(column)];
      return this.assemble(column, shape, t, false, options, target);
    });
  }

  /** A region reference to `slice` of the dataset at `path` (positive steps only). */
  regionRef(path: string, slice: readonly AxisSlice[]): H5Reference {
    const ds = this.dataset(path);
    const shape = ds.shape ?? [];
    const axes = shape.map((n, axis) => resolveAxisSlice(slice[axis] ?? null, n, axis));
    return this.call(ds.path, 'creating a region reference', (f, b) => {
      const bytes = b.module.create_region_reference(
        f.file_id,
        ds.path,
        axes.map((a) => BigInt(a.count)),
        axes.map((a) => BigInt(a.start)),
        axes.map((a) => BigInt(a.step)),
      );
      return new H5Reference('region', bytes);
    });
  }

  /** @internal */
  setAttrAt(
    path: string,
    name: string,
    value: H5WriteData,
    options: { dtype?: WriteDType; shape?: number[] },
  ): void {
    const prepared = prepareWrite(value, { ...options, defaultNumber: 'float64', attribute: true });
    // Even a failed write may have deleted the old attribute: listed names are stale either way.
    this.attrGeneration += 1;
    this.call(path, `writing attribute ${name}`, (f, b) => {
      const obj = path === '/' ? f : f.get(path);
      if (!obj || !('create_attribute' in obj)) {
        throw new SdkError('E_NOT_FOUND', 'no such HDF5 object', { file: this.filename, path });
      }
      if (b.module.get_attribute_names(f.file_id, path).includes(name)) {
        b.module.delete_attribute(f.file_id, path, name);
      }
      obj.create_attribute(name, prepared.data as never, prepared.shape, prepared.dtype);
    });
  }

  /** Writes buffered changes to the file. */
  flush(): void {
    this.call('/', 'flushing', (f) => f.flush());
  }

  /** The file's current bytes (files opened from bytes or created in memory). */
  toBytes(): Uint8Array {
    if (!this.memory) {
      throw new SdkError(
        'E_UNSUPPORTED',
        'toBytes() is for in-memory files; this file is on disk',
        { file: this.filename },
      );
    }
    if (this.mode !== 'r') this.flush();
    return this.backend.module.FS.readFile(this.fsPath) as Uint8Array;
  }

  /** Closes the file; later calls throw E_IO. Safe to call twice. */
  close(): void {
    const h = this.handle;
    if (h === null) return;
    this.handle = null;
    if (this.raw) {
      try {
        this.backend.module.FS.close(this.raw.stream as FS.FSStream);
      } catch {
        // the descriptor is gone with the module's file table
      }
    }
    this.raw = undefined;
    try {
      h.close();
    } catch (error) {
      throw toSdkError(error, { file: this.filename, action: 'closing HDF5 file', code: 'E_IO' });
    } finally {
      if (this.memory) {
        try {
          this.backend.module.FS.unlink(this.fsPath);
        } catch {
          // already gone
        }
      }
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens an HDF5 file. A path (Node only) is read in place through the host file system, never
 * loaded whole; bytes (Node or browser) are opened from an in-memory copy. With `source` null and
 * mode 'w' a new empty in-memory file is created; get its bytes with `toBytes()`.
 */
export async function openH5(
  source: H5Source | null,
  options: OpenH5Options = {},
): Promise<H5File> {
  const mode = options.mode ?? 'r';
  const trackOrder = options.trackOrder ?? false;
  if (typeof source === 'string') {
    const backend = await loadNodeBackend();
    if (mode === 'r' || mode === 'a') {
      const exists = backend.module.FS.analyzePath(source, false).exists;
      if (!exists) throw new SdkError('E_NOT_FOUND', 'HDF5 file not found', { file: source });
    }
    return new H5File(backend, source, source, mode, trackOrder, false);
  }
  const backend = await loadMemoryBackend();
  const fs = backend.module.FS;
  memoryFileCounter += 1;
  const dir = '/sdk-h5';
  if (!fs.analyzePath(dir, false).exists) fs.mkdir(dir);
  const fsPath = `${dir}/${memoryFileCounter}.h5`;
  const name = options.name ?? `<memory ${memoryFileCounter}>`;
  if (source === null) {
    if (mode === 'r' || mode === 'a') {
      throw new SdkError(
        'E_VALIDATION',
        `mode '${mode}' needs file bytes; use mode 'w' to create a new file`,
      );
    }
  } else {
    fs.writeFile(fsPath, source instanceof Uint8Array ? source : new Uint8Array(source));
  }
  try {
    return new H5File(backend, fsPath, name, mode, trackOrder, true);
  } catch (error) {
    try {
      fs.unlink(fsPath);
    } catch {
      // nothing written
    }
    throw error;
  }
}
