// pandas HDFStore files (PyTables layout, pandas 1.5 `to_hdf` / `HDFStore.put`) read into Arrow
// Tables. Both layouts are handled:
// - "fixed" (`format='fixed'`, the default): a group with `axis0` (column names), `axis1` (the
//   index) and `block<i>_items` / `block<i>_values` per dtype block; object blocks (strings) are
//   PyTables VLArrays holding one pickled numpy object array;
// - "table" (`format='table'`): a compound dataset `<key>/table` with an `index` field, one
//   `values_block_<i>` array field per dtype block and one field per data column; which column sits
//   where is recorded in pickled attributes.
// Pickles are read by the restricted unpickler in pickle.ts, which runs no code.
import type { Table } from 'apache-arrow';
import { SdkError } from '../errors.js';
import type { CompoundColumns } from '../h5/decode.js';
import type { H5CompoundMember, H5DType } from '../h5/dtype.js';
import { type H5Dataset, type H5File, type H5Group, type H5Source, openH5 } from '../h5/file.js';
import type { NdArray, NdData } from '../ndarray.js';
import {
  BOOL,
  type Cell,
  FLOAT64,
  INDEX_METADATA_KEY,
  INT64,
  indexMetadataValue,
  tableFromCells,
  UTF8,
} from '../table/cells.js';
import { NumpyArray, type PickleValue, PyTuple, unpickle } from './pickle.js';

type Kind = 'int' | 'float' | 'bool' | 'string';
interface Column {
  name: string;
  kind: Kind;
  cells: Cell[];
}

const utf8 = new TextDecoder('utf-8');

function unsupported(file: H5File, path: string, message: string): never {
  throw new SdkError('E_UNSUPPORTED', message, { file: file.filename, path });
}

/**
 * A PyTables attribute as PyTables returns it: strings that end in "." and unpickle are
 * pickles (PyTables pickles every value that is not a number or a string); other strings are text.
 */
function attr(group: H5Group | H5Dataset, name: string): PickleValue | undefined {
  if (!group.attrs.has(name)) return undefined;
  const t = group.attrs.dtype(name);
  if (t.class === 'string' && !t.vlen) {
    const bytes = group.attrs.getBytes(name);
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    const raw = bytes.subarray(0, end);
    if (raw[raw.length - 1] === 0x2e) {
      try {
        return unpickle(raw);
      } catch {
        // not a pickle after all: plain text
      }
    }
    return utf8.decode(raw);
  }
  const v = group.attrs.get(name);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null)
    return v;
  if (typeof v === 'bigint') return v;
  return undefined;
}

function attrString(group: H5Group | H5Dataset, name: string): string | undefined {
  const v = attr(group, name);
  return typeof v === 'string' ? v : undefined;
}

function stringList(v: PickleValue | undefined): string[] | undefined {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  return v as string[];
}

/** Cells of one numpy-typed column, by HDF5 type; `bool` forces booleans (PyTables stores them as u1). */
function toCells(values: ArrayLike<unknown>, kind: Kind): Cell[] {
  const out: Cell[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (kind === 'bool') out[i] = v instanceof Uint8Array ? v[0] !== 0 : Boolean(v);
    else if (kind === 'int') out[i] = typeof v === 'bigint' ? v : BigInt(v as number);
    else if (kind === 'float') out[i] = Number(v);
    else out[i] = v as string | null;
  }
  return out;
}

function kindOfDType(t: H5DType): Kind | null {
  switch (t.class) {
    case 'int':
    case 'uint':
      return 'int';
    case 'float':
      return 'float';
    case 'bool':
      return 'bool';
    case 'bitfield':
      return t.size === 1 ? 'bool' : null;
    case 'string':
      return 'string';
    default:
      return null;
  }
}

/** Cells of a pickled object array: str and missing (None/NaN) only. */
function objectCells(
  file: H5File,
  path: string,
  values: readonly PickleValue[],
  what: string,
): Cell[] {
  return values.map((v) => {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
    if (typeof v === 'string') return v;
    return unsupported(
      file,
      path,
      `${what} holds pickled Python objects (${describe(v)}), which have no table column type; only str values are read`,
    );
  });
}

function describe(v: PickleValue): string {
  if (Array.isArray(v)) return 'list';
  if (v instanceof NumpyArray) return 'numpy array';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof Map) return 'dict';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v;
}

/** The one pickled numpy array a pandas VLArray (ObjectAtom) node holds. */
function readPickledArray(file: H5File, ds: H5Dataset): NumpyArray {
  const rows = ds.read() as NdArray<unknown[]>;
  const first = rows.data[0];
  if (!(first instanceof Uint8Array)) {
    return unsupported(file, ds.path, 'expected a PyTables object array (VLArray of pickles)');
  }
  const value = unpickle(first, { file: file.filename, path: ds.path });
  if (!(value instanceof NumpyArray)) {
    return unsupported(
      file,
      ds.path,
      `the pickled value is a ${describe(value)}, not a numpy array`,
    );
  }
  return value;
}

function isPickled(ds: H5Dataset): boolean {
  return ds.dtype.class === 'vlen' || attrString(ds, 'CLASS') === 'VLARRAY';
}

/** `read_index_node`: values and name of an index node (`axis0`, `axis1`, `index`, …). */
function readIndexNode(
  file: H5File,
  ds: H5Dataset,
): { name: string | null; column: Omit<Column, 'name'> } {
  const kindAttr = attrString(ds, 'kind') ?? '';
  const nameValue = attr(ds, 'name');
  const name =
    typeof nameValue === 'string'
      ? nameValue
      : nameValue === null || nameValue === undefined
        ? null
        : String(nameValue);
  if (isPickled(ds)) {
    const arr = readPickledArray(file, ds);
    return {
      name,
      column: { kind: 'string', cells: objectCells(file, ds.path, arr.values, 'the index') },
    };
  }
  if (!['integer', 'float', 'string'].includes(kindAttr)) {
    return unsupported(
      file,
      ds.path,
      `an index of kind '${kindAttr}' is not supported (integer, float and string are)`,
    );
  }
  const kind = kindOfDType(ds.dtype);
  if (kind === null) return unsupported(file, ds.path, `unsupported index type ${ds.dtypeName}`);
  const nd = ds.read() as NdArray<NdData>;
  return { name, column: { kind, cells: toCells(nd.data, kind) } };
}

/** Values of block `i` of a fixed frame as columns (item names from `block<i>_items`). */
function readBlock(file: H5File, group: H5Group, i: number, nrows: number): Column[] {
  const items = readIndexNode(file, group.dataset(`block${i}_items`)).column.cells.map(String);
  const ds = group.dataset(`block${i}_values`);
  const valueType = attrString(ds, 'value_type');
  if (valueType !== undefined) {
    return unsupported(
      file,
      ds.path,
      `${valueType} columns (${items.join(', ')}) are not supported`,
    );
  }
  const transposed = attr(ds, 'transposed');
  const nitems = items.length;
  // Stored transposed (the default): shape (rows, items), so item j of row r is at r*items + j.
  const at = (r: number, j: number) =>
    transposed === false || transposed === 0 ? j * nrows + r : r * nitems + j;
  if (isPickled(ds)) {
    const arr = readPickledArray(file, ds);
    const cells = objectCells(file, ds.path, arr.values, `column(s) ${items.join(', ')}`);
    return items.map((name, j) => ({
      name,
      kind: 'string',
      cells: Array.from({ length: nrows }, (_, r) => cells[at(r, j)] ?? null),
    }));
  }
  const kind = kindOfDType(ds.dtype);
  if (kind === null) {
    return unsupported(
      file,
      ds.path,
      `columns of HDF5 type ${ds.dtypeName} (${items.join(', ')}) are not supported`,
    );
  }
  const nd = ds.read() as NdArray<NdData>;
  const cells = toCells(nd.data, kind);
  return items.map((name, j) => ({
    name,
    kind,
    cells: Array.from({ length: nrows }, (_, r) => cells[at(r, j)] ?? null),
  }));
}

function readFixedFrame(
  file: H5File,
  group: H5Group,
): { index: Column & { label: string | null }; columns: Column[] } {
  const ndim = attr(group, 'ndim');
  if (ndim !== undefined && Number(ndim) !== 2)
    unsupported(file, group.path, `a ${ndim}-d fixed frame is not supported`);
  for (const axis of ['axis0', 'axis1']) {
    const variety = attrString(group, `${axis}_variety`);
    if (variety !== undefined && variety !== 'regular') {
      unsupported(
        file,
        group.path,
        `a ${variety} ${axis === 'axis0' ? 'column' : 'row'} index (MultiIndex) is not supported`,
      );
    }
  }
  const names = readIndexNode(file, group.dataset('axis0')).column.cells.map(String);
  const axis1 = readIndexNode(file, group.dataset('axis1'));
  const nrows = axis1.column.cells.length;
  const nblocks = Number(attr(group, 'nblocks') ?? 0);
  const byName = new Map<string, Column>();
  for (let i = 0; i < nblocks; i++) {
    for (const c of readBlock(file, group, i, nrows)) {
      if (byName.has(c.name))
        unsupported(file, group.path, `the column name ${c.name} is repeated`);
      byName.set(c.name, c);
    }
  }
  const columns = names.map(
    (n) => byName.get(n) ?? unsupported(file, group.path, `column ${n} is in no block`),
  );
  return { index: { ...axis1.column, name: '', label: axis1.name }, columns };
}

function readFixedSeries(
  file: H5File,
  group: H5Group,
): { index: Column & { label: string | null }; columns: Column[] } {
  const variety = attrString(group, 'index_variety');
  if (variety !== undefined && variety !== 'regular')
    unsupported(file, group.path, 'a MultiIndex is not supported');
  const index = readIndexNode(file, group.dataset('index'));
  const ds = group.dataset('values');
  const nameValue = attr(group, 'name');
  const name = nameValue === null || nameValue === undefined ? '0' : String(nameValue);
  let column: Column;
  if (isPickled(ds)) {
    column = {
      name,
      kind: 'string',
      cells: objectCells(file, ds.path, readPickledArray(file, ds).values, 'the series'),
    };
  } else {
    const valueType = attrString(ds, 'value_type');
    if (valueType !== undefined)
      unsupported(file, ds.path, `a ${valueType} series is not supported`);
    const kind =
      kindOfDType(ds.dtype) ??
      unsupported(file, ds.path, `series of HDF5 type ${ds.dtypeName} is not supported`);
    column = { name, kind, cells: toCells((ds.read() as NdArray<NdData>).data, kind) };
  }
  return { index: { ...index.column, name: '', label: index.name }, columns: [column] };
}

/** A numpy dtype name as PyTables records it (`float64`, `int32`, `bool`, `bytes24`, …) → kind. */
function kindOfTableDType(dtype: string): Kind | null {
  if (dtype === 'bool') return 'bool';
  if (/^u?int\d+$/.test(dtype)) return 'int';
  if (/^float\d+$/.test(dtype)) return 'float';
  if (/^(bytes|str)\d*$/.test(dtype)) return 'string';
  return null;
}

function readTableFrame(
  file: H5File,
  group: H5Group,
): { index: Column & { label: string | null }; columns: Column[] } {
  const tableType = attrString(group, 'table_type');
  if (tableType !== 'appendable_frame') {
    unsupported(
      file,
      group.path,
      `a '${tableType}' table is not supported (only appendable_frame; a MultiIndex or Series table is not)`,
    );
  }
  const levels = attr(group, 'levels');
  if (levels !== undefined && typeof levels !== 'number' && typeof levels !== 'bigint') {
    unsupported(file, group.path, 'a MultiIndex table is not supported');
  }
  const ds = group.dataset('table');
  const t = ds.dtype;
  if (t.class !== 'compound') unsupported(file, ds.path, 'the table is not a compound dataset');
  const members = (t as { members: H5CompoundMember[] }).members;
  const raw = ds.readColumn({}).column as CompoundColumns;
  const nrows = raw.length;
  const encodingNan = attrString(group, 'nan_rep') ?? 'nan';
  const field = (name: string) => {
    const j = raw.names.indexOf(name);
    if (j < 0) return unsupported(file, ds.path, `the table has no field ${name}`);
    return { member: members[j] as H5CompoundMember, column: raw.columns[j] };
  };

  const byName = new Map<string, Column>();
  const valuesCols =
    stringList(attr(group, 'values_cols')) ?? raw.names.filter((n) => n !== 'index');
  for (const col of valuesCols) {
    const kinds = stringList(attr(ds, `${col}_kind`)) ?? [col];
    const dtype = attrString(ds, `${col}_dtype`) ?? '';
    const meta = attr(ds, `${col}_meta`);
    if (meta !== undefined && meta !== null) {
      unsupported(file, ds.path, `${String(meta)} columns (${kinds.join(', ')}) are not supported`);
    }
    const kind = kindOfTableDType(dtype);
    if (kind === null)
      unsupported(file, ds.path, `${dtype} columns (${kinds.join(', ')}) are not supported`);
    const { member, column } = field(col);
    const isArray = member.type.class === 'array';
    const flat = (
      isArray ? (column as { flat: ArrayLike<unknown> }).flat : column
    ) as ArrayLike<unknown>;
    const width = isArray ? kinds.length : 1;
    const cells = toCells(flat, kind as Kind);
    kinds.forEach((name, j) => {
      let colCells = Array.from({ length: nrows }, (_, r) => cells[r * width + j] ?? null);
      // pandas writes missing strings as nan_rep ('nan') and reads them back as NaN
      if (kind === 'string') colCells = colCells.map((c) => (c === encodingNan ? null : c));
      if (byName.has(name)) unsupported(file, ds.path, `the column name ${name} is repeated`);
      byName.set(name, { name, kind: kind as Kind, cells: colCells });
    });
  }
  const axes = attr(group, 'non_index_axes');
  const axis = Array.isArray(axes) ? axes[0] : undefined;
  const order = axis instanceof PyTuple ? stringList(axis.items[1]) : undefined;
  const columns = (order ?? [...byName.keys()]).map(
    (n) => byName.get(n) ?? unsupported(file, ds.path, `column ${n} is in no block`),
  );

  const indexKind = attrString(ds, 'index_kind') ?? 'integer';
  if (!['integer', 'float', 'string'].includes(indexKind)) {
    unsupported(
      file,
      ds.path,
      `an index of kind '${indexKind}' is not supported (integer, float and string are)`,
    );
  }
  const idx = field('index');
  const kind =
    kindOfDType(idx.member.type) ?? unsupported(file, ds.path, 'unsupported index field type');
  const info = attr(group, 'info');
  const indexInfo = info instanceof Map ? info.get('index') : undefined;
  const label = indexInfo instanceof Map ? indexInfo.get('index_name') : undefined;
  return {
    index: {
      name: '',
      kind,
      cells: toCells(idx.column as ArrayLike<unknown>, kind),
      label: typeof label === 'string' ? label : null,
    },
    columns,
  };
}

const TYPES = { int: INT64, float: FLOAT64, bool: BOOL, string: UTF8 } as const;

/**
 * The pandas object stored under `key` (`pd.read_hdf(path, key)`) as an Arrow Table: the index
 * first, as a column named after it (`index` when unnamed, `level_0` if a column already has that
 * name) and recorded in `schema.metadata.index`, then the columns in order. Integer columns are
 * Int64, floats Float64 (NaN kept), booleans Bool, strings Utf8 (missing → null). A Series becomes
 * a one-column table named after it (`0` when unnamed).
 * Unsupported (E_UNSUPPORTED naming the column or node): object columns holding anything but str
 * (lists, arrays, dicts…), datetime/timedelta/categorical columns, MultiIndexes, Panels.
 */
export function readHdfStoreFile(file: H5File, key: string): Table {
  const path = `/${key.replace(/^\/+/, '')}`;
  const node = file.get(path);
  if (node.kind !== 'group')
    unsupported(file, path, 'not a pandas HDFStore key (a dataset, not a group)');
  const group = node as H5Group;
  const pandasType = attrString(group, 'pandas_type');
  let frame: ReturnType<typeof readFixedFrame>;
  if (pandasType === 'frame') frame = readFixedFrame(file, group);
  else if (pandasType === 'series') frame = readFixedSeries(file, group);
  else if (pandasType === 'frame_table') frame = readTableFrame(file, group);
  else if (pandasType === undefined) {
    throw new SdkError('E_FORMAT', 'not a pandas HDFStore key (no pandas_type attribute)', {
      file: file.filename,
      path,
    });
  } else return unsupported(file, path, `pandas_type '${pandasType}' is not supported`);

  const taken = new Set(frame.columns.map((c) => c.name));
  const indexName = frame.index.label ?? (taken.has('index') ? 'level_0' : 'index');
  if (taken.has(indexName))
    unsupported(file, path, `the index name ${indexName} is also a column name`);
  const all = [{ ...frame.index, name: indexName }, ...frame.columns];
  return tableFromCells(
    all.map((c) => ({ name: c.name, type: TYPES[c.kind], cells: c.cells })),
    new Map([[INDEX_METADATA_KEY, indexMetadataValue([indexName])]]),
  );
}

/** `HDFStore.keys()`: every group with a `pandas_type`, depth first, as `/a`, `/group/b`. */
export function hdfStoreKeysOf(file: H5File): string[] {
  const keys: string[] = [];
  const visit = (g: H5Group) => {
    for (const name of g.keys()) {
      const child = g.get(name);
      if (child.kind !== 'group') continue;
      if (child.attrs.has('pandas_type')) keys.push(child.path);
      else visit(child);
    }
  };
  visit(file);
  return keys.sort();
}

async function withFile<T>(source: H5Source | H5File, fn: (f: H5File) => T): Promise<T> {
  if (typeof source === 'object' && source !== null && 'filename' in source && 'get' in source) {
    return fn(source as H5File);
  }
  const file = await openH5(source as H5Source);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}

/** `pd.read_hdf(source, key)`: see `readHdfStoreFile`. A path needs Node; bytes work anywhere. */
export function readHdfStore(source: H5Source | H5File, key: string): Promise<Table> {
  return withFile(source, (f) => readHdfStoreFile(f, key));
}

/** `HDFStore(source).keys()`. */
export function hdfStoreKeys(source: H5Source | H5File): Promise<string[]> {
  return withFile(source, hdfStoreKeysOf);
}
