// hdmf-common DynamicTable family: columns (plain, ragged, doubly ragged, region, references,
// compound, TimeSeries references), lazy cell access and Arrow conversion.
import {
  type H5DType,
  H5Reference,
  type H5Value,
  type NdArray,
  type NumericArray,
  SdkError,
  tableFromColumns,
} from '@sdk/core';
import {
  type Data,
  Field,
  Float64,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
} from 'apache-arrow';
import { type ArrowType, listType, scalarType, structType } from './arrowTypes.js';
import { type DatasetHandle, refPath, stripNul, toNumber } from './dataset.js';
import { NwbData, NwbObject } from './object.js';
import { registerType } from './registry.js';

type ArrowTable = ReturnType<typeof tableFromColumns>;

/** A TimeSeriesReferenceVectorData cell; null stands for the (−1, −1) "missing" marker. */
export interface TimeSeriesRef {
  idx_start: number;
  count: number;
  /** Path of the referenced TimeSeries. */
  timeseries: string | null;
}

export type ColumnKind = 'vector' | 'region' | 'reference' | 'compound' | 'timeseries_reference';

function isNd(v: H5Value): v is NdArray<never> {
  return v !== null && typeof v === 'object' && 'shape' in v && 'strides' in v;
}

function isTable(v: H5Value): v is ArrowTable {
  return v !== null && typeof v === 'object' && 'schema' in v && 'numRows' in v;
}

/** Nested JS arrays of one row block (`inner` = shape after axis 0). */
function nest(
  flat: ArrayLike<unknown>,
  offset: number,
  inner: readonly number[],
  conv: (x: unknown) => unknown,
): unknown {
  if (inner.length === 0) return conv(flat[offset]);
  const [n, ...rest] = inner as [number, ...number[]];
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat, offset + i * step, rest, conv));
}

/** One column of a DynamicTable: a lazy view on its VectorData and index datasets. */
export class TableColumn {
  /** Index datasets, outermost first (`C_index_index`, then `C_index`). */
  readonly indexes: DatasetHandle[];

  constructor(
    readonly table: DynamicTable,
    readonly name: string,
    /** The VectorData (or subtype) dataset holding the flattened values. */
    readonly data: DatasetHandle,
    indexes: DatasetHandle[],
    readonly target: NwbObject | undefined,
  ) {
    this.indexes = indexes;
  }

  /** 0 for a plain column, 1 for ragged, 2 for doubly ragged. */
  get depth(): number {
    return this.indexes.length;
  }

  get kind(): ColumnKind {
    const nt = this.target?.neurodata_type;
    if (nt && this.target?.isA('DynamicTableRegion')) return 'region';
    if (this.data.isReference) return 'reference';
    if (this.data.isCompound) {
      const t = this.data.dataset.dtype;
      if (
        t.class === 'compound' &&
        t.members.some((m) => m.name === 'timeseries') &&
        t.members.some((m) => m.name === 'idx_start')
      ) {
        return 'timeseries_reference';
      }
      return 'compound';
    }
    return 'vector';
  }

  get description(): string | undefined {
    const d = this.data.dataset.attrs;
    return d.has('description') ? stripNul(String(d.get('description'))) : undefined;
  }

  /** For a region column: the path of the table its row positions point into. */
  get regionTable(): string | undefined {
    if (this.kind !== 'region') return undefined;
    const a = this.data.dataset.attrs;
    return a.has('table') ? (refPath(this.table.nwb.h5, a.get('table')) ?? undefined) : undefined;
  }

  /** Arrow leaf kinds from the stored dtype (per member for compound data). */
  leafHint(): Leaf | Map<string, Leaf> {
    const kind = this.kind;
    if (kind === 'region') return 'int';
    const of = (t: H5DType): Leaf =>
      t.class === 'float'
        ? 'float'
        : t.class === 'int' || t.class === 'uint'
          ? 'int'
          : t.class === 'bool'
            ? 'bool'
            : t.class === 'enum'
              ? of(t.base)
              : 'string';
    const t = this.data.dataset.dtype;
    if (t.class === 'compound') return new Map(t.members.map((m) => [m.name, of(m.type)]));
    return of(t);
  }

  /** Rows of a block read of the data dataset, decoded to cells. */
  private decodeBlock(v: H5Value): unknown[] {
    const kind = this.kind;
    if (isTable(v)) {
      return v.toArray().map((row) => {
        const o = row.toJSON() as Record<string, unknown>;
        const cell: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(o)) cell[k] = typeof x === 'bigint' ? toNumber(x) : x;
        if (kind === 'timeseries_reference') {
          const r = cell as unknown as TimeSeriesRef;
          if (r.idx_start === -1 && r.count === -1) return null;
          return { idx_start: r.idx_start, count: r.count, timeseries: r.timeseries ?? null };
        }
        return cell;
      });
    }
    if (!isNd(v)) return [this.scalarCell(v)];
    const nd = v as NdArray<NumericArray | unknown[]>;
    const n = nd.shape[0] ?? 0;
    const inner = nd.shape.slice(1);
    const per = inner.reduce((a, b) => a * b, 1);
    const isBool = this.data.dataset.dtype.class === 'bool';
    const conv = (x: unknown) => (isBool ? x === 1 || x === true : this.scalarCell(x as H5Value));
    return Array.from({ length: n }, (_, i) =>
      nest(nd.data as ArrayLike<unknown>, i * per, inner, conv),
    );
  }

  private scalarCell(x: H5Value): unknown {
    if (typeof x === 'bigint') return toNumber(x);
    if (typeof x === 'string') return stripNul(x);
    if (x instanceof H5Reference) return refPath(this.table.nwb.h5, x);
    return x;
  }

  private readRange(h: DatasetHandle, start: number, stop: number): unknown[] {
    if (stop <= start) return [];
    return this.decodeBlock(h.read([[start, stop]]));
  }

  private static bounds(h: DatasetHandle, i: number): [number, number] {
    const lo = Math.max(0, i - 1);
    const v = h.readNumeric([[lo, i + 1]]).data;
    const end = toNumber(v[v.length - 1]);
    const start = i === 0 ? 0 : toNumber(v[0]);
    return [start, end];
  }

  /** The cell of row `i` (position, not id): reads only that row's index entries and data range. */
  get(i: number): unknown {
    const n = this.table.length;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new SdkError('E_NOT_FOUND', `row ${i} is out of range for a table of ${n} rows`, {
        file: this.table.nwb.filename,
        path: `${this.table.path}/${this.name}`,
      });
    }
    if (this.depth === 0) return this.readRange(this.data, i, i + 1)[0];
    if (this.depth === 1) {
      const [a, b] = TableColumn.bounds(this.indexes[0] as DatasetHandle, i);
      return this.readRange(this.data, a, b);
    }
    const [a, b] = TableColumn.bounds(this.indexes[0] as DatasetHandle, i);
    if (b <= a) return [];
    const inner = this.indexes[1] as DatasetHandle;
    const lo = Math.max(0, a - 1);
    const ends = Array.from(inner.readNumeric([[lo, b]]).data as ArrayLike<number | bigint>, (x) =>
      toNumber(x),
    );
    const first = a === 0 ? 0 : (ends[0] as number);
    const stops = a === 0 ? ends : ends.slice(1);
    const last = stops[stops.length - 1] ?? first;
    const flat = this.readRange(this.data, first, last);
    let prev = first;
    return stops.map((s) => {
      const part = flat.slice(prev - first, s - first);
      prev = s;
      return part;
    });
  }

  /**
   * For a singly ragged 1-D numeric column: its row offsets (from the index, checked) and leaf
   * kind, from which `listChunk` builds Arrow list data without per-cell arrays; undefined for
   * every other column.
   */
  listOffsets(): { offsets: Int32Array; leaf: 'float' | 'int' } | undefined {
    if (this.depth !== 1 || this.kind !== 'vector' || this.data.ndim !== 1) return undefined;
    const leaf = this.leafHint();
    if (leaf !== 'float' && leaf !== 'int') return undefined;
    const n = this.table.length;
    const total = this.data.shape[0] ?? 0;
    if (total > 0x7fffffff) return undefined; // List offsets are int32
    const ends = (this.indexes[0] as DatasetHandle).readNumeric().data as ArrayLike<
      number | bigint
    >;
    const path = `${this.table.path}/${this.name}`;
    if (ends.length !== n) {
      throw new SdkError('E_FORMAT', `column has ${ends.length} rows but the table has ${n}`, {
        file: this.table.nwb.filename,
        path,
      });
    }
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const e = toNumber(ends[i] as number | bigint);
      if (!(e >= (offsets[i] as number) && e <= total)) {
        throw new SdkError(
          'E_FORMAT',
          `index entry ${i} (${e}) is out of order or past the ${total} values of ${this.name}`,
          { file: this.table.nwb.filename, path: `${path}_index` },
        );
      }
      offsets[i + 1] = e;
    }
    return { offsets, leaf };
  }

  /** Rows [r0, r1) of a `listOffsets` column as Arrow `List<Float64>` / `List<Int64>` data: one read. */
  listChunk(list: { offsets: Int32Array; leaf: 'float' | 'int' }, r0: number, r1: number): Data {
    const base = list.offsets[r0] as number;
    const end = list.offsets[r1] as number;
    const offsets = new Int32Array(r1 - r0 + 1);
    for (let i = r0; i <= r1; i++) offsets[i - r0] = (list.offsets[i] as number) - base;
    const range: [[number, number]] = [[base, end]];
    let child: Data;
    if (list.leaf === 'float') {
      const values = end === base ? new Float64Array(0) : this.data.readFloat64(range).data;
      child = makeData({ type: new Float64(), length: end - base, nullCount: 0, data: values });
    } else {
      const raw = end === base ? new BigInt64Array(0) : this.data.readNumeric(range).data;
      const values =
        raw instanceof BigInt64Array
          ? raw
          : BigInt64Array.from(raw as ArrayLike<number | bigint>, (x) =>
              typeof x === 'bigint' ? BigInt.asIntN(64, x) : BigInt(x),
            );
      child = makeData({ type: new Int64(), length: end - base, nullCount: 0, data: values });
    }
    return makeData({
      type: new List(new Field('item', child.type, true)),
      length: r1 - r0,
      nullCount: 0,
      valueOffsets: offsets,
      child,
    });
  }

  /** The whole column as one Arrow list `Data` (see `listOffsets`); undefined for other columns. */
  listData(): Data | undefined {
    const list = this.listOffsets();
    return list && this.listChunk(list, 0, this.table.length);
  }

  /** Every cell: one read per index level plus one data read. */
  values(): unknown[] {
    const n = this.table.length;
    let cells =
      this.data.size === 0 && this.data.ndim > 0 ? [] : this.decodeBlock(this.data.read());
    for (let level = this.depth - 1; level >= 0; level--) {
      const idx = this.indexes[level] as DatasetHandle;
      const ends = Array.from(idx.readNumeric().data as ArrayLike<number | bigint>, (x) =>
        toNumber(x),
      );
      let prev = 0;
      cells = ends.map((e) => {
        const part = cells.slice(prev, e);
        prev = e;
        return part;
      });
    }
    if (cells.length !== n) {
      throw new SdkError('E_FORMAT', `column has ${cells.length} rows but the table has ${n}`, {
        file: this.table.nwb.filename,
        path: `${this.table.path}/${this.name}`,
      });
    }
    return cells;
  }
}

export interface ToTableOptions {
  /** Columns to include (default all, in `colnames` order); `id` is always first. */
  columns?: readonly string[];
  /** Row positions to include (default all). */
  rows?: readonly number[];
  /**
   * Largest size in bytes of the ragged numeric values (spike times...) in one record batch
   * (default 8 MiB): a whole-table read then comes as batches of whole rows, each read in one
   * HDF5 call, instead of one buffer the size of the column. `Infinity` gives one batch.
   */
  batchBytes?: number;
}

const DEFAULT_BATCH_BYTES = 8 * 1024 ** 2;

/** Row bounds [0, …, n] so that each batch's ragged values stay within `maxBytes` (≥ 1 row each). */
function batchBounds(offsets: readonly Int32Array[], n: number, maxBytes: number): number[] {
  const bounds = [0];
  if (!(maxBytes < Number.POSITIVE_INFINITY) || offsets.length === 0) {
    bounds.push(n);
    return bounds;
  }
  const bytesBefore = (r: number) => {
    let b = 0;
    for (const o of offsets) b += (o[r] as number) * 8; // float64 and int64 values: 8 bytes
    return b;
  };
  let start = 0;
  let startBytes = 0;
  for (let r = 1; r <= n; r++) {
    if (r > start + 1 && bytesBefore(r) - startBytes > maxBytes) {
      bounds.push(r - 1);
      start = r - 1;
      startBytes = bytesBefore(start);
    }
  }
  if (bounds[bounds.length - 1] !== n) bounds.push(n);
  return bounds;
}

/** DynamicTable and subtypes without their own class (electrodes, icephys tables, custom tables). */
export class DynamicTable extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }

  /** Column order as stored in `colnames` (index datasets not listed). */
  get colnames(): string[] {
    const v = this.attr('colnames');
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v.map(String);
    if (typeof v === 'string') return [v];
    return Array.from((v as NdArray<unknown[]>).data, String);
  }

  get id(): DatasetHandle {
    const h = this.dataset('id');
    if (!h)
      throw new SdkError('E_FORMAT', 'DynamicTable without an id dataset', {
        file: this.nwb.filename,
        path: this.path,
      });
    return h;
  }

  /** Number of rows (length of `id`). */
  get length(): number {
    return this.id.shape[0] ?? 0;
  }

  /** Row ids (the `id` column). */
  ids(): number[] {
    return Array.from(this.id.readNumeric().data as ArrayLike<number | bigint>, (x) => toNumber(x));
  }

  hasColumn(name: string): boolean {
    return this.colnames.includes(name) && this.hasChild(name);
  }

  column(name: string): TableColumn {
    const data = this.dataset(name);
    if (!data) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no column "${name}" (columns: ${this.colnames.join(', ')})`,
        {
          file: this.nwb.filename,
          path: this.path,
        },
      );
    }
    const indexes: DatasetHandle[] = [];
    let idxName = `${name}_index`;
    while (this.hasChild(idxName)) {
      const h = this.dataset(idxName);
      if (!h) break;
      indexes.unshift(h);
      idxName = `${idxName}_index`;
    }
    const target = this.child(name);
    return new TableColumn(this, name, data, indexes, target);
  }

  /** The columns in `colnames` order (those present in the file). */
  columns(): TableColumn[] {
    return this.colnames.filter((c) => this.hasChild(c)).map((c) => this.column(c));
  }

  /** One row as `{id, <col>: cell}` (each ragged cell costs two small reads). */
  row(i: number): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: toNumber(this.id.readNumeric([[i, i + 1]]).data[0]),
    };
    for (const c of this.columns()) out[c.name] = c.get(i);
    return out;
  }

  /**
   * The table as Arrow: `id` then the columns; ragged → List, doubly ragged → List<List>, n-D
   * cells → nested lists, region → row positions, references → paths, compound → Struct,
   * TimeSeries references → Struct {idx_start, count, timeseries} (null for missing).
   */
  toTable(options: ToTableOptions = {}): ArrowTable {
    const names = options.columns
      ? [...options.columns]
      : this.colnames.filter((c) => this.hasChild(c));
    const rows = options.rows;
    const ids = rows
      ? rows.map((r) => toNumber(this.id.readNumeric([[r, r + 1]]).data[0]))
      : this.ids();
    const columns: Record<string, unknown[] | Float64Array> = { id: ids };
    const types: Record<string, ArrowType> = {};
    // Whole numeric ragged columns (spike times) go to Arrow straight from the typed array and
    // the index: per-cell JS arrays of millions of values are what made this slow.
    const direct = new Map<
      string,
      { col: TableColumn; offsets: Int32Array; leaf: 'float' | 'int' }
    >();
    for (const name of names) {
      if (name === 'id') continue;
      const col = this.column(name);
      const list = rows ? undefined : col.listOffsets();
      if (list) {
        direct.set(name, { col, ...list });
        continue;
      }
      const cells = rows ? rows.map((r) => col.get(r)) : col.values();
      const { column, type } = arrowColumn(cells, col.leafHint());
      if (type) types[name] = type;
      columns[name] = column;
    }
    const table = tableFromColumns(columns as Parameters<typeof tableFromColumns>[0], {
      types: types as never,
    });
    if (direct.size === 0) return table;
    const maxBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const bounds = batchBounds(
      [...direct.values()].map((d) => d.offsets),
      table.numRows,
      maxBytes,
    );
    return withDirectColumns(table, ['id', ...names], direct, bounds);
  }

  /** Alias of `toTable` (spec name). */
  toArrow(options: ToTableOptions = {}): ArrowTable {
    return this.toTable(options);
  }

  override field(name: string): unknown {
    if (name === 'colnames') return this.colnames;
    if (name === 'columns') {
      // pynwb's order: per column, its index datasets (outermost first) then its data
      const out: NwbObject[] = [];
      for (const c of this.columns()) {
        for (const h of [...c.indexes, c.data]) {
          const o = this.nwb.objectAt(h.path);
          if (o) out.push(o);
        }
      }
      return out;
    }
    if (name === 'id') return this.child('id');
    return super.field(name);
  }
}

type Leaf = 'float' | 'int' | 'string' | 'bool' | 'null';

function leafKind(v: unknown): Leaf {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  throw new SdkError(
    'E_UNSUPPORTED',
    `table cell of type ${typeof v} cannot become an Arrow value`,
  );
}

function mergeLeaf(a: Leaf, b: Leaf): Leaf {
  if (a === 'null') return b;
  if (b === 'null' || a === b) return a;
  if ((a === 'int' && b === 'float') || (a === 'float' && b === 'int')) return 'float';
  throw new SdkError('E_UNSUPPORTED', `table column mixes ${a} and ${b} values`);
}

interface Shape {
  depth: number;
  leaf: Leaf;
  struct?: Map<string, Leaf>;
}

function shapeOf(cells: readonly unknown[]): Shape {
  const s: Shape = { depth: 0, leaf: 'null' };
  const visit = (v: unknown, d: number) => {
    if (Array.isArray(v)) {
      s.depth = Math.max(s.depth, d + 1);
      for (const x of v) visit(x, d + 1);
    } else if (v !== null && typeof v === 'object') {
      s.struct ??= new Map();
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        s.struct.set(k, mergeLeaf(s.struct.get(k) ?? 'null', leafKind(x)));
    } else {
      s.leaf = mergeLeaf(s.leaf, leafKind(v));
    }
  };
  for (const c of cells) visit(c, 0);
  return s;
}

function leafType(l: Leaf): ArrowType {
  return scalarType(
    l === 'int' ? 'int64' : l === 'float' ? 'float64' : l === 'bool' ? 'bool' : 'utf8',
  );
}

/** Converts int leaves to bigint where the Arrow type is Int64 (Arrow's builder wants bigint). */
function bigintLeaves(
  v: unknown,
  ints: (key: string | null) => boolean,
  key: string | null = null,
): unknown {
  if (Array.isArray(v)) return v.map((x) => bigintLeaves(x, ints, key));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, bigintLeaves(x, ints, k)]),
    );
  }
  return typeof v === 'number' && ints(key) ? BigInt(v) : v;
}

/** A column for core's `tableFromColumns`, with a forced Arrow type where core would not infer it. */
function arrowColumn(
  cells: unknown[],
  hint: Leaf | Map<string, Leaf>,
): { column: unknown[] | Float64Array; type?: ArrowType } {
  const s = shapeOf(cells);
  if (hint instanceof Map) s.struct = hint;
  else if (!s.struct) s.leaf = hint;
  if (!s.struct && s.depth === 0) {
    // Floats stay float64 even when every value is integral (core would infer int64).
    return { column: s.leaf === 'float' ? Float64Array.from(cells as number[]) : cells };
  }
  if (!s.struct && s.depth === 1 && s.leaf !== 'int') {
    return {
      column:
        s.leaf === 'float'
          ? cells.map((c) => (Array.isArray(c) ? Float64Array.from(c as number[]) : c))
          : cells,
    };
  }
  let type: ArrowType;
  let conv: unknown[];
  if (s.struct) {
    const struct = s.struct;
    type = structType([...struct].map(([k, l]) => [k, leafType(l)]));
    conv = cells.map((c) => bigintLeaves(c, (k) => k !== null && struct.get(k) === 'int'));
  } else {
    type = leafType(s.leaf);
    conv = s.leaf === 'int' ? cells.map((c) => bigintLeaves(c, () => true)) : cells;
  }
  for (let d = 0; d < s.depth; d++) type = listType(type);
  return { column: conv, type };
}

/**
 * `table` with the `direct` list columns put in, all in `order`, as one record batch per pair of
 * `bounds` (the other columns sliced without copying); fields as core's tableFromCells makes them.
 */
function withDirectColumns(
  table: ArrowTable,
  order: string[],
  direct: Map<string, { col: TableColumn; offsets: Int32Array; leaf: 'float' | 'int' }>,
  bounds: readonly number[],
): ArrowTable {
  const batch = table.batches[0];
  const fields: Field[] = [];
  const parts: ((r0: number, r1: number) => Data)[] = [];
  for (const name of order) {
    const d = direct.get(name);
    if (d) {
      const child = (r0: number, r1: number) => d.col.listChunk(d, r0, r1);
      fields.push(
        new Field(
          name,
          new List(new Field('item', d.leaf === 'float' ? new Float64() : new Int64(), true)),
          true,
        ),
      );
      parts.push(child);
      continue;
    }
    const i = table.schema.fields.findIndex((f) => f.name === name);
    const f = table.schema.fields[i];
    const c = batch?.data.children[i];
    if (!f || !c) continue;
    fields.push(f);
    parts.push((r0, r1) => (r0 === 0 && r1 === c.length ? c : c.slice(r0, r1 - r0)));
  }
  const schema = new Schema(fields, table.schema.metadata);
  const batches: RecordBatch[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const r0 = bounds[b] as number;
    const r1 = bounds[b + 1] as number;
    const struct = makeData({
      type: new Struct(fields),
      length: r1 - r0,
      nullCount: 0,
      children: parts.map((p) => p(r0, r1)),
    });
    batches.push(new RecordBatch(schema, struct));
  }
  return new Table(schema, batches);
}

/** TimeIntervals: epochs, trials, invalid_times and custom interval tables. */
export class TimeIntervals extends DynamicTable {
  startTimes(): Float64Array {
    return this.column('start_time').data.readFloat64().data;
  }

  stopTimes(): Float64Array {
    return this.column('stop_time').data.readFloat64().data;
  }
}

/** The Units table: spike times per unit read one ragged cell at a time. */
export class Units extends DynamicTable {
  /** The spike_times column, checked to hold numbers (strings would read as NaN times). */
  private spikeTimesColumn(): TableColumn {
    const col = this.column('spike_times');
    const leaf = col.leafHint();
    if (leaf !== 'float' && leaf !== 'int') {
      throw new SdkError(
        'E_FORMAT',
        `spike_times holds ${col.data.dtype} values, not numbers (the schema says float64)`,
        { file: this.nwb.filename, path: col.data.path },
      );
    }
    return col;
  }

  override toTable(options: ToTableOptions = {}): ArrowTable {
    const wanted = options.columns ?? this.colnames;
    if (wanted.includes('spike_times') && this.hasColumn('spike_times')) this.spikeTimesColumn();
    return super.toTable(options);
  }

  /** Spike times of the unit at row `i`: two index entries and one slice of `spike_times`. */
  getSpikeTimes(i: number, options: { inInterval?: readonly [number, number] } = {}): Float64Array {
    const col = this.spikeTimesColumn();
    let t = Float64Array.from(col.get(i) as number[]);
    if (options.inInterval) {
      const [a, b] = options.inInterval;
      t = t.filter((x) => x >= a && x < b);
    }
    return t;
  }

  getUnitSpikeTimes(
    i: number,
    options: { inInterval?: readonly [number, number] } = {},
  ): Float64Array {
    return this.getSpikeTimes(i, options);
  }

  /** Observation intervals of unit `i` as [start, stop] pairs. */
  getObsIntervals(i: number): [number, number][] {
    return this.column('obs_intervals').get(i) as [number, number][];
  }

  /** Sampling rate of the waveform columns (pynwb `waveform_rate`). */
  get waveform_rate(): number | undefined {
    for (const c of ['waveform_mean', 'waveform_sd', 'waveforms']) {
      const h = this.dataset(c);
      if (h?.dataset.attrs.has('sampling_rate'))
        return toNumber(h.dataset.attrs.get('sampling_rate'));
    }
    return undefined;
  }

  get waveform_unit(): string | undefined {
    for (const c of ['waveform_mean', 'waveform_sd', 'waveforms']) {
      const h = this.dataset(c);
      if (h?.dataset.attrs.has('unit')) return String(h.dataset.attrs.get('unit'));
    }
    return undefined;
  }

  get resolution(): number | undefined {
    const h = this.dataset('spike_times');
    return h?.dataset.attrs.has('resolution')
      ? toNumber(h.dataset.attrs.get('resolution'))
      : undefined;
  }

  override field(name: string): unknown {
    if (name === 'waveform_rate') return this.waveform_rate;
    if (name === 'waveform_unit') return this.waveform_unit;
    if (name === 'resolution') return this.resolution;
    return super.field(name);
  }
}

/** AlignedDynamicTable (icephys IntracellularRecordingsTable): a table plus category sub-tables. */
export class AlignedDynamicTable extends DynamicTable {
  get categories(): string[] {
    const v = this.attr('categories');
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v.map(String);
    return typeof v === 'string' ? [v] : Array.from((v as NdArray<unknown[]>).data, String);
  }

  category(name: string): DynamicTable {
    const c = this.child(name);
    if (!(c instanceof DynamicTable)) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no category "${name}" (categories: ${this.categories.join(', ')})`,
        {
          file: this.nwb.filename,
          path: this.path,
        },
      );
    }
    return c;
  }

  override field(name: string): unknown {
    if (name === 'categories') return this.categories;
    if (name === 'category_tables')
      return new Map(this.categories.map((c) => [c, this.category(c)]));
    return super.field(name);
  }
}

/** DynamicTableRegion: row positions into `table`. */
export class DynamicTableRegion extends NwbData {
  /** The referenced table (dereferenced on access). */
  get table(): NwbObject | undefined {
    const a = this.nwb.h5.get(this.path).attrs;
    if (!a.has('table')) return undefined;
    return this.nwb.objectAt(refPath(this.nwb.h5, a.get('table'))) ?? undefined;
  }

  /** The row positions. */
  rows(): number[] {
    return Array.from(this.handle.readNumeric().data as ArrayLike<number | bigint>, (x) =>
      toNumber(x),
    );
  }

  override field(name: string): unknown {
    if (name === 'table') return this.table;
    if (name === 'data') return this.handle;
    return super.field(name);
  }
}

registerType('DynamicTable', DynamicTable);
registerType('TimeIntervals', TimeIntervals);
registerType('Units', Units);
registerType('AlignedDynamicTable', AlignedDynamicTable);
registerType('DynamicTableRegion', DynamicTableRegion);
registerType('Data', NwbData);
