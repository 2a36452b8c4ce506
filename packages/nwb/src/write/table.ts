// hdmf-common DynamicTable family: columns held as per-row cells (O(1) appends) and encoded into
// VectorData / VectorIndex / DynamicTableRegion / reference datasets when written.
import { type NdArray, type NumericArray, SdkError } from '@sdk/core';
import { type BuildContext, type Namespace, NwbContainer, required } from './container.js';
import { type NumericDType, normalize, shapeOf, typedOf } from './data.js';
import {
  type AttrValue,
  attr,
  type DatasetNode,
  dataset,
  type GroupNode,
  group,
  type Node,
  ref,
  type Target,
  type TimeSeriesRefRow,
} from './node.js';

/** A reference into a TimeSeries: samples idx_start .. idx_start+count-1 (count -1 / idx -1 = none). */
export interface TimeSeriesReference {
  idx_start: number;
  count: number;
  timeseries: NwbContainer;
}

export type ColumnKind = 'data' | 'region' | 'ref' | 'tsref' | 'compound';

export interface ColumnOptions {
  name: string;
  description: string;
  /** 0/false: one value per row; 1/true: ragged (list per row); 2: doubly ragged (list of lists). */
  index?: boolean | number;
  /** Makes the column a DynamicTableRegion into this table (row positions, not ids). */
  table?: DynamicTable;
  /** Cells of every row already in the table (the column's values when the table is empty). */
  data?: readonly unknown[] | NumericArray;
  /** Element type of numeric cells (default float64; booleans uint8; strings text). */
  dtype?: NumericDType;
  /** @internal reference / compound / TimeSeries-reference columns. */
  kind?: ColumnKind;
  /** @internal members of a compound column, e.g. [['x','uint32'],['y','uint32'],['weight','float32']]. */
  compound?: readonly (readonly [string, NumericDType])[];
  /** Extra attributes of the VectorData (e.g. sampling_rate, unit, resolution). */
  attrs?: Record<string, AttrValue | undefined>;
  /** Type of the data dataset when not VectorData (e.g. TimeSeriesReferenceVectorData). */
  neurodata_type?: string;
  namespace?: Namespace;
}

export class Column {
  readonly name: string;
  readonly description: string;
  readonly index: number;
  readonly kind: ColumnKind;
  readonly table: DynamicTable | undefined;
  readonly dtype: NumericDType | undefined;
  readonly compound: readonly (readonly [string, NumericDType])[] | undefined;
  readonly attrs: Record<string, AttrValue | undefined>;
  readonly neurodata_type: string;
  readonly namespace: Namespace;
  cells: unknown[] | NumericArray;

  constructor(opts: ColumnOptions) {
    this.name = opts.name;
    this.description = opts.description;
    this.index =
      opts.index === true ? 1 : opts.index === false || opts.index === undefined ? 0 : opts.index;
    if (![0, 1, 2].includes(this.index))
      throw new SdkError('E_VALIDATION', `column ${opts.name}: index must be 0, 1 or 2`);
    this.table = opts.table;
    this.kind = opts.table ? 'region' : (opts.kind ?? 'data');
    this.dtype = opts.dtype;
    this.compound = opts.compound;
    this.attrs = opts.attrs ?? {};
    this.neurodata_type =
      opts.neurodata_type ?? (this.kind === 'region' ? 'DynamicTableRegion' : 'VectorData');
    this.namespace = opts.namespace ?? 'hdmf-common';
    this.cells = opts.data
      ? ArrayBuffer.isView(opts.data)
        ? (opts.data as NumericArray)
        : [...(opts.data as unknown[])]
      : [];
  }

  get length(): number {
    return this.cells.length;
  }

  push(value: unknown): void {
    if (ArrayBuffer.isView(this.cells)) this.cells = Array.from(this.cells as ArrayLike<unknown>);
    (this.cells as unknown[]).push(value);
  }
}

function indexDtype(maxValue: number): NumericDType {
  if (maxValue <= 0xff) return 'uint8';
  if (maxValue <= 0xffff) return 'uint16';
  if (maxValue <= 0xffffffff) return 'uint32';
  return 'uint64';
}

/** Flattens one level of ragged cells: the concatenated elements and the cumulative ends. */
function flattenOnce(
  cells: readonly unknown[],
  where: string,
): { flat: unknown[]; ends: number[] } {
  const flat: unknown[] = [];
  const ends: number[] = [];
  for (let r = 0; r < cells.length; r++) {
    const c = cells[r];
    const list = ArrayBuffer.isView(c) ? Array.from(c as unknown as ArrayLike<unknown>) : c;
    if (!Array.isArray(list))
      throw new SdkError('E_VALIDATION', `${where}: row ${r} must be a list (ragged column)`);
    for (const x of list) flat.push(x);
    ends.push(flat.length);
  }
  return { flat, ends };
}

function isTextCell(v: unknown): boolean {
  return typeof v === 'string';
}

/** Stacks per-row values (scalars or equal-shape arrays) into one NdArray or string list. */
function stack(
  values: readonly unknown[] | NumericArray,
  dtype: NumericDType | undefined,
  where: string,
): NdArray<NumericArray> | string[] {
  if (ArrayBuffer.isView(values)) {
    const a = values as NumericArray;
    const typed = dtype ? typedOf(a, dtype) : a;
    return { data: typed, shape: [a.length], strides: [1] };
  }
  if (values.length === 0) {
    return { data: typedOf([], dtype ?? 'float64'), shape: [0], strides: [1] };
  }
  const first = values[0];
  if (isTextCell(first)) {
    values.forEach((v, i) => {
      if (typeof v !== 'string')
        throw new SdkError('E_VALIDATION', `${where}: row ${i} is not text`);
      if (/^\s*\{.*\}\s*$/s.test(v)) {
        throw new SdkError(
          'E_VALIDATION',
          `${where}: row ${i} holds a stringified object ("${v.slice(0, 40)}"); store it as separate columns`,
        );
      }
    });
    return [...(values as string[])];
  }
  if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') {
    for (let i = 0; i < values.length; i++) {
      const t = typeof values[i];
      if (t !== typeof first)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: row ${i} is a ${t}, expected ${typeof first}`,
        );
    }
    const d =
      dtype ??
      (typeof first === 'boolean' ? 'uint8' : typeof first === 'bigint' ? 'int64' : 'float64');
    return {
      data: typedOf(values as (number | boolean | bigint)[], d),
      shape: [values.length],
      strides: [1],
    };
  }
  // n-d cells: each row an array / NdArray of one shape
  const parts = values.map((v, i) => {
    const n = normalize(v as never, `${where} row ${i}`, dtype);
    if (n.kind !== 'number')
      throw new SdkError('E_VALIDATION', `${where}: row ${i} must be numeric`);
    return n;
  });
  const cellShape = (parts[0] as (typeof parts)[number]).shape;
  const per = cellShape.reduce((a, b) => a * b, 1);
  const ctor = (parts[0] as (typeof parts)[number]).data.data.constructor as new (
    n: number,
  ) => NumericArray;
  const out = new ctor(per * parts.length);
  parts.forEach((p, i) => {
    if (p.shape.length !== cellShape.length || p.shape.some((d, k) => d !== cellShape[k])) {
      throw new SdkError(
        'E_VALIDATION',
        `${where}: row ${i} has shape [${p.shape.join(', ')}], expected [${cellShape.join(', ')}]`,
      );
    }
    (out as Float64Array).set(p.data.data as Float64Array, i * per);
  });
  const shape = [parts.length, ...cellShape];
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  return { data: out, shape, strides };
}

export interface DynamicTableOptions {
  name: string;
  description: string;
  /** Row ids (default 0..n-1). */
  id?: readonly number[];
  columns?: readonly ColumnOptions[];
}

export class DynamicTable extends NwbContainer {
  readonly neurodata_type: string = 'DynamicTable';
  override readonly namespace: Namespace = 'hdmf-common';
  readonly description: string;
  protected readonly ids: number[] = [];
  protected readonly cols = new Map<string, Column>();
  /** Columns the type defines (created on first use). */
  protected readonly predefined = new Map<string, ColumnOptions>();

  constructor(opts: DynamicTableOptions) {
    super(opts.name);
    this.description = required(
      opts.description,
      'description',
      `${new.target.name} '${opts.name}'`,
    );
    for (const c of opts.columns ?? []) this.addColumn(c);
    if (opts.id) {
      // addColumn numbered the rows 0..n-1; explicit ids replace those
      if (this.cols.size > 0 && opts.id.length !== this.ids.length) {
        throw new SdkError(
          'E_VALIDATION',
          `${this.describe()}: id has ${opts.id.length} rows, the columns ${this.ids.length}`,
        );
      }
      this.ids.splice(0, this.ids.length, ...opts.id);
    }
  }

  /** Number of rows. */
  get length(): number {
    return this.ids.length;
  }

  get colnames(): string[] {
    return [...this.cols.keys()];
  }

  get id(): readonly number[] {
    return this.ids;
  }

  hasColumn(name: string): boolean {
    return this.cols.has(name);
  }

  column(name: string): Column {
    const c = this.cols.get(name);
    if (!c) throw new SdkError('E_NOT_FOUND', `${this.describe()} has no column "${name}"`);
    return c;
  }

  addColumn(opts: ColumnOptions): Column {
    const where = `${this.describe()} column`;
    if (!opts.name || opts.name === 'id' || opts.name.includes('/'))
      throw new SdkError('E_VALIDATION', `${where}: bad column name "${opts.name}"`);
    if (this.cols.has(opts.name))
      throw new SdkError('E_VALIDATION', `${where} "${opts.name}" already exists`);
    const pre = this.predefined.get(opts.name);
    const merged: ColumnOptions = pre
      ? { ...pre, ...opts, attrs: { ...(pre.attrs ?? {}), ...(opts.attrs ?? {}) } }
      : opts;
    required(merged.description, 'description', `${where} "${opts.name}"`);
    const col = new Column(merged);
    if (this.ids.length > 0 && col.length !== this.ids.length) {
      throw new SdkError(
        'E_VALIDATION',
        `${where} "${opts.name}" has ${col.length} rows but the table has ${this.ids.length}; pass data for every row`,
      );
    }
    if (this.ids.length === 0 && col.length > 0 && this.cols.size > 0) {
      throw new SdkError('E_VALIDATION', `${where} "${opts.name}": the other columns are empty`);
    }
    this.cols.set(col.name, col);
    if (this.ids.length === 0 && col.length > 0)
      for (let i = 0; i < col.length; i++) this.ids.push(i);
    return col;
  }

  /** Appends a row; every existing column needs a value. Returns the row position. */
  addRow(values: Record<string, unknown> & { id?: number }): number {
    const where = this.describe();
    const { id, ...cells } = values;
    for (const name of Object.keys(cells)) {
      if (cells[name] === undefined) delete cells[name];
    }
    for (const name of Object.keys(cells)) {
      if (!this.cols.has(name)) {
        const pre = this.predefined.get(name);
        if (!pre)
          throw new SdkError(
            'E_VALIDATION',
            `${where}: unknown column "${name}" (add it with addColumn first)`,
          );
        if (this.ids.length > 0) {
          throw new SdkError(
            'E_VALIDATION',
            `${where}: column "${name}" must be given from the first row on`,
          );
        }
        this.addColumn(pre);
      }
    }
    for (const name of this.cols.keys()) {
      if (!(name in cells))
        throw new SdkError(
          'E_VALIDATION',
          `${where}: row ${this.ids.length} is missing column "${name}"`,
        );
    }
    const rowId = id ?? this.ids.length;
    if (!Number.isInteger(rowId))
      throw new SdkError('E_VALIDATION', `${where}: id ${rowId} is not an integer`);
    this.ids.push(rowId);
    for (const [name, col] of this.cols) col.push(cells[name]);
    return this.ids.length - 1;
  }

  /** A DynamicTableRegion over rows of this table (positions, not ids). */
  createRegion(opts: {
    name: string;
    region: readonly number[];
    description: string;
  }): DynamicTableRegion {
    return new DynamicTableRegion({ ...opts, data: opts.region, table: this });
  }

  /** @internal extra children (e.g. links) of the table group. */
  protected extraChildren(_ctx: BuildContext): (Node | undefined)[] {
    return [];
  }

  /** @internal extra attributes of the table group. */
  protected extraAttrs(): Record<string, AttrValue | undefined> {
    return {};
  }

  protected checkRows(ctx: BuildContext): void {
    const seen = new Set<number>();
    for (const id of this.ids) {
      if (seen.has(id))
        throw new SdkError('E_VALIDATION', `${this.describe()}: id ${id} is not unique`);
      seen.add(id);
    }
    if (this.ids.length === 0) ctx.warn(`${this.describe()} is empty`);
  }

  buildNode(ctx: BuildContext): GroupNode {
    ctx.description(this.description, this.describe());
    this.checkRows(ctx);
    const children: Node[] = [];
    const idNode = dataset('id', { kind: 'data', data: typedOf(this.ids, 'int64') });
    idNode.type = { neurodata_type: 'ElementIdentifiers', namespace: 'hdmf-common' };
    children.push(idNode);
    for (const col of this.cols.values()) children.push(...this.buildColumn(col));
    for (const extra of this.extraChildren(ctx)) if (extra) children.push(extra);
    return group(this.name, children, {
      colnames: attr(this.colnames),
      description: attr(this.description),
      ...this.extraAttrs(),
    });
  }

  private buildColumn(col: Column): Node[] {
    const where = `${this.describe()} column "${col.name}"`;
    if (col.length !== this.ids.length)
      throw new SdkError(
        'E_VALIDATION',
        `${where} has ${col.length} rows, table has ${this.ids.length}`,
      );
    let cells: readonly unknown[] | NumericArray = col.cells;
    const ends: number[][] = [];
    for (let level = 0; level < col.index; level++) {
      const f = flattenOnce(
        ArrayBuffer.isView(cells) ? Array.from(cells as ArrayLike<unknown>) : (cells as unknown[]),
        where,
      );
      ends.push(f.ends);
      cells = f.flat;
    }
    const dataNode = this.columnData(col, cells, where);
    dataNode.type = { neurodata_type: col.neurodata_type, namespace: col.namespace };
    const nodes: Node[] = [dataNode];
    // ends[0] indexes the outermost level: <name>_index ... _index_index targets the innermost index.
    let target: DatasetNode = dataNode;
    let targetLen = cells.length;
    let suffix = '_index';
    const indexNodes: DatasetNode[] = [];
    for (let level = col.index - 1; level >= 0; level--) {
      const e = ends[level] as number[];
      const idx = dataset(
        `${col.name}${suffix}`,
        { kind: 'data', data: typedOf(e, indexDtype(targetLen)) },
        {
          description: attr(`Index for VectorData '${target.name}'`),
          target: ref(target),
        },
      );
      idx.type = { neurodata_type: 'VectorIndex', namespace: 'hdmf-common' };
      indexNodes.push(idx);
      target = idx;
      targetLen = e.length;
      suffix += '_index';
    }
    nodes.push(...indexNodes);
    return nodes;
  }

  private columnData(
    col: Column,
    cells: readonly unknown[] | NumericArray,
    where: string,
  ): DatasetNode {
    const attrs: Record<string, AttrValue | undefined> = {
      description: attr(col.description),
      ...col.attrs,
    };
    switch (col.kind) {
      case 'region': {
        const table = col.table as DynamicTable;
        const values = Array.from(cells as ArrayLike<unknown>, (v, i) => {
          if (typeof v !== 'number' || !Number.isInteger(v))
            throw new SdkError('E_VALIDATION', `${where}: element ${i} is not a row position`);
          return v;
        });
        return regionDataset(col.name, values, table, where, attrs);
      }
      case 'ref': {
        const targets = Array.from(cells as ArrayLike<unknown>, (v, i) => {
          if (!(v instanceof NwbContainer))
            throw new SdkError(
              'E_VALIDATION',
              `${where}: row ${i} must be an NWB object to reference`,
            );
          return v as Target;
        });
        return dataset(col.name, { kind: 'refs', targets }, attrs);
      }
      case 'tsref': {
        const rows: TimeSeriesRefRow[] = Array.from(cells as ArrayLike<unknown>, (v, i) => {
          const r = v as TimeSeriesReference;
          if (!r || !(r.timeseries instanceof NwbContainer))
            throw new SdkError(
              'E_VALIDATION',
              `${where}: row ${i} must be {idx_start, count, timeseries}`,
            );
          return { idx_start: r.idx_start, count: r.count, timeseries: r.timeseries };
        });
        return dataset(col.name, { kind: 'tsrefs', rows }, attrs);
      }
      case 'compound': {
        const members = col.compound ?? [];
        const columns = new Map<string, number[]>(members.map(([n]) => [n, []]));
        Array.from(cells as ArrayLike<unknown>).forEach((v, i) => {
          const rec = v as readonly number[] | Record<string, number>;
          members.forEach(([n], k) => {
            const x = Array.isArray(rec) ? rec[k] : (rec as Record<string, number>)[n];
            if (typeof x !== 'number')
              throw new SdkError('E_VALIDATION', `${where}: element ${i} lacks member "${n}"`);
            (columns.get(n) as number[]).push(x);
          });
        });
        return dataset(
          col.name,
          { kind: 'compound', columns, dtypes: new Map(members.map(([n, d]) => [n, d])) },
          attrs,
        );
      }
      default: {
        const s = stack(cells, col.dtype, where);
        if (Array.isArray(s)) return dataset(col.name, { kind: 'data', data: s }, attrs);
        return dataset(col.name, { kind: 'data', data: s as NdArray<NumericArray> }, attrs);
      }
    }
  }
}

function regionDataset(
  name: string,
  values: readonly number[],
  table: DynamicTable,
  where: string,
  attrs: Record<string, AttrValue | undefined>,
): DatasetNode {
  const node = dataset(
    name,
    { kind: 'data', data: typedOf(values, 'int64') },
    { ...attrs, table: ref(table) },
  );
  node.postBuild = () => {
    const n = table.length;
    values.forEach((v, i) => {
      if (v < 0 || v >= n)
        throw new SdkError(
          'E_VALIDATION',
          `${where}: element ${i} = ${v} is outside ${table.describe()} (${n} rows)`,
        );
    });
  };
  return node;
}

export interface DynamicTableRegionOptions {
  name: string;
  /** Row positions in `table`. */
  data: readonly number[];
  description: string;
  table: DynamicTable;
}

/** A standalone DynamicTableRegion (e.g. ElectricalSeries.electrodes, RoiResponseSeries.rois). */
export class DynamicTableRegion extends NwbContainer {
  readonly neurodata_type = 'DynamicTableRegion';
  override readonly namespace: Namespace = 'hdmf-common';
  readonly data: readonly number[];
  readonly description: string;
  readonly table: DynamicTable;

  constructor(opts: DynamicTableRegionOptions) {
    super(opts.name);
    const where = `DynamicTableRegion '${opts.name}'`;
    this.description = required(opts.description, 'description', where);
    this.table = required(opts.table, 'table', where);
    this.data = [...required(opts.data, 'data', where)];
    this.data.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0)
        throw new SdkError('E_VALIDATION', `${where}: element ${i} (${v}) is not a row position`);
    });
  }

  get length(): number {
    return this.data.length;
  }

  buildNode(): DatasetNode {
    return regionDataset(this.name, this.data, this.table, this.describe(), {
      description: attr(this.description),
    });
  }
}

/** Shape helper for table-level checks. */
export function rowsOf(data: unknown, where: string): number {
  return shapeOf(data as never, where)[0] as number;
}
