import { type DataType, type Field, type Table, Type, type Vector } from 'apache-arrow';
import { SdkError } from '../errors.js';
import {
  BOOL,
  type Cell,
  FLOAT64,
  INDEX_METADATA_KEY,
  INT64,
  indexMetadataValue,
  indexNames,
  listOf,
  tableFromCells,
  UTF8,
  vectorCells,
} from './cells.js';

type IntTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;
type FloatTypedArray = Float32Array | Float64Array;

type Scalar = number | bigint | string | boolean | null | undefined;

/** One column for `tableFromColumns`. */
export type ColumnInput =
  | IntTypedArray
  | FloatTypedArray
  | readonly Scalar[]
  | readonly (readonly Scalar[] | IntTypedArray | FloatTypedArray | null | undefined)[]
  | Vector;

/** Column types that can be forced with `types`. */
export type ColumnTypeName =
  | 'int64'
  | 'float64'
  | 'utf8'
  | 'bool'
  | 'list<int64>'
  | 'list<float64>'
  | 'list<utf8>'
  | 'list<bool>';

export interface TableFromColumnsOptions {
  /** Column(s) that were the pandas index; recorded in `schema.metadata.index`. */
  index?: string | readonly string[];
  /** Types to use instead of the inferred ones, by column name. */
  types?: Readonly<Record<string, ColumnTypeName | DataType>>;
}

const NAMED_TYPES: Record<ColumnTypeName, () => DataType> = {
  int64: () => INT64,
  float64: () => FLOAT64,
  utf8: () => UTF8,
  bool: () => BOOL,
  'list<int64>': () => listOf(INT64),
  'list<float64>': () => listOf(FLOAT64),
  'list<utf8>': () => listOf(UTF8),
  'list<bool>': () => listOf(BOOL),
};

/**
 * Builds an Arrow table the way pandas would type the same Python data (core spec §1):
 * - integer typed arrays, `bigint[]`, and `number[]` whose values are all safe integers → `Int64`;
 * - float typed arrays, and `number[]` with a fraction, NaN or a null → `Float64` (null → NaN),
 *   like pandas turning ints with `None` into float64;
 * - `string[]` → `Utf8` (null/undefined → null); an all-null column is `Utf8`;
 * - `boolean[]` → `Bool` (nulls kept);
 * - arrays of arrays / typed arrays (ragged data) → `List<…>` of the inferred element type;
 * - an Arrow `Vector` is used as is.
 * An empty `number[]`-like column (no values) is `Float64`. Mixed kinds throw E_VALIDATION.
 */
export function tableFromColumns(
  columns: Readonly<Record<string, ColumnInput>>,
  options: TableFromColumnsOptions = {},
): Table {
  const names = Object.keys(columns);
  let rows: number | undefined;
  const built: { name: string; type: DataType; cells: Cell[] }[] = [];
  for (const name of names) {
    const input = columns[name]!;
    const forced = options.types?.[name];
    const { type, cells } = columnFromInput(name, input, forced);
    if (rows !== undefined && cells.length !== rows) {
      throw new SdkError(
        'E_VALIDATION',
        `column ${JSON.stringify(name)} has ${cells.length} rows, the previous columns ${rows}`,
      );
    }
    rows = cells.length;
    built.push({ name, type, cells });
  }
  const meta = new Map<string, string>();
  if (options.index !== undefined) {
    const idx = typeof options.index === 'string' ? [options.index] : [...options.index];
    for (const n of idx) {
      if (!(n in columns)) {
        throw new SdkError('E_NOT_FOUND', `index column ${JSON.stringify(n)} is not a column`);
      }
    }
    meta.set(INDEX_METADATA_KEY, indexMetadataValue(idx));
  }
  return tableFromCells(built, meta);
}

/**
 * `pd.DataFrame(records)`: columns in order of first appearance across the records, a key missing
 * from a record is a missing value (so ints with gaps become Float64 NaN, as in pandas), then the
 * same typing as `tableFromColumns`. Array values make list columns. Nested objects have no
 * column type here and throw E_UNSUPPORTED naming the key.
 */
export function tableFromRecords(
  records: readonly Readonly<Record<string, unknown>>[],
  options: TableFromColumnsOptions = {},
): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const columns: Record<string, unknown[]> = {};
  for (const name of names) {
    columns[name] = records.map((r, i) => {
      const v = Object.hasOwn(r, name) ? r[name] : null;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
        throw new SdkError(
          'E_UNSUPPORTED',
          `record ${i}: ${JSON.stringify(name)} holds an object, which has no table column type`,
        );
      }
      return v === undefined ? null : v;
    });
  }
  return tableFromColumns(columns as Record<string, ColumnInput>, options);
}

/** The column(s) recorded as the pandas index, in order; `[]` when there is none. */
export function indexColumns(table: Table): string[] {
  return indexNames(table.schema.metadata.get(INDEX_METADATA_KEY)).filter(
    (n) => table.getChild(n) !== null,
  );
}

/** The same table with `names` recorded as its index (`df.set_index` without moving columns). */
export function withIndex(table: Table, names: string | readonly string[] | null): Table {
  const list = names === null ? [] : typeof names === 'string' ? [names] : [...names];
  for (const n of list) {
    if (!table.getChild(n)) {
      throw new SdkError('E_NOT_FOUND', `index column ${JSON.stringify(n)} is not a column`);
    }
  }
  const meta = new Map(table.schema.metadata);
  if (list.length) meta.set(INDEX_METADATA_KEY, indexMetadataValue(list));
  else meta.delete(INDEX_METADATA_KEY);
  return tableFromCells(
    table.schema.fields.map((f: Field, i) => ({
      name: f.name,
      type: f.type,
      cells: vectorCells(table.getChildAt(i)!),
      nullable: f.nullable,
    })),
    meta,
  );
}

function isTypedArray(v: unknown): v is IntTypedArray | FloatTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function isVector(v: unknown): v is Vector {
  return typeof v === 'object' && v !== null && 'type' in v && 'data' in v && 'get' in v;
}

function columnFromInput(
  name: string,
  input: ColumnInput,
  forced: ColumnTypeName | DataType | undefined,
): { type: DataType; cells: Cell[] } {
  const forcedType = typeof forced === 'string' ? NAMED_TYPES[forced]() : forced;
  if (isVector(input)) {
    return { type: forcedType ?? input.type, cells: vectorCells(input) };
  }
  if (isTypedArray(input)) {
    const isFloat = input instanceof Float32Array || input instanceof Float64Array;
    const cells: Cell[] = Array.from(input as ArrayLike<number | bigint>);
    if (input instanceof BigUint64Array) checkInt64(name, cells);
    return {
      type: forcedType ?? (isFloat ? FLOAT64 : INT64),
      cells: coerce(name, cells, forcedType),
    };
  }
  const values = input as readonly unknown[];
  const isList = values.some((v) => Array.isArray(v) || isTypedArray(v));
  if (isList) {
    const inner: Cell[] = [];
    const cells: Cell[] = values.map((v) => {
      if (v === null || v === undefined) return null;
      if (!Array.isArray(v) && !isTypedArray(v)) {
        throw new SdkError(
          'E_VALIDATION',
          `column ${JSON.stringify(name)} mixes lists and scalars`,
        );
      }
      const items = Array.from(v as ArrayLike<Scalar>, (x) => (x === undefined ? null : x));
      inner.push(...items);
      return items;
    });
    const floatInner = values.some((v) => v instanceof Float32Array || v instanceof Float64Array);
    const elementType =
      forcedType && forcedType.typeId === Type.List
        ? (forcedType.children[0]!.type as DataType)
        : floatInner
          ? FLOAT64
          : inferScalarType(name, inner);
    return {
      type: forcedType ?? listOf(elementType),
      cells: cells.map((c) => (c === null ? null : coerce(name, c as Cell[], elementType))),
    };
  }
  const cells = values.map((v) => (v === undefined ? null : v)) as Cell[];
  const type = forcedType ?? inferScalarType(name, cells);
  return { type, cells: coerce(name, cells, type) };
}

function inferScalarType(name: string, cells: readonly Cell[]): DataType {
  let kind: 'int' | 'float' | 'string' | 'bool' | undefined;
  let sawNull = false;
  for (const c of cells) {
    if (c === null) {
      sawNull = true;
      continue;
    }
    let k: typeof kind;
    if (typeof c === 'bigint') k = 'int';
    else if (typeof c === 'number') k = Number.isSafeInteger(c) ? 'int' : 'float';
    else if (typeof c === 'string') k = 'string';
    else if (typeof c === 'boolean') k = 'bool';
    else throw new SdkError('E_VALIDATION', `column ${JSON.stringify(name)} holds a ${typeof c}`);
    if (kind === undefined || kind === k) kind = k;
    else if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
    else {
      throw new SdkError(
        'E_VALIDATION',
        `column ${JSON.stringify(name)} mixes ${kind} and ${k} values`,
      );
    }
  }
  if (kind === undefined) return cells.length === 0 ? FLOAT64 : UTF8;
  if (kind === 'int') return sawNull ? FLOAT64 : INT64;
  if (kind === 'float') return FLOAT64;
  return kind === 'string' ? UTF8 : BOOL;
}

function checkInt64(name: string, cells: readonly Cell[]): void {
  for (const c of cells) {
    if (typeof c === 'bigint' && c > 0x7fffffffffffffffn) {
      throw new SdkError(
        'E_UNSUPPORTED',
        `column ${JSON.stringify(name)}: ${c} does not fit Int64`,
      );
    }
  }
}

/** Checks each cell fits `type` and converts it to the cell form of that type. */
function coerce(name: string, cells: Cell[], type: DataType | undefined): Cell[] {
  if (!type) return cells;
  const bad = (c: Cell): never => {
    throw new SdkError(
      'E_VALIDATION',
      `column ${JSON.stringify(name)}: ${String(c)} is not a valid ${String(type)} value`,
    );
  };
  switch (type.typeId) {
    case Type.Int:
      return cells.map((c) => {
        if (c === null) return null;
        if (typeof c === 'bigint') return c;
        if (typeof c === 'number' && Number.isInteger(c)) return BigInt(c);
        if (typeof c === 'boolean') return c ? 1n : 0n;
        return bad(c);
      });
    case Type.Float:
      return cells.map((c) => {
        if (c === null) return Number.NaN;
        if (typeof c === 'number') return c;
        if (typeof c === 'bigint') return Number(c);
        if (typeof c === 'boolean') return c ? 1 : 0;
        return bad(c);
      });
    case Type.Utf8:
      return cells.map((c) => (c === null || typeof c === 'string' ? c : bad(c)));
    case Type.Bool:
      return cells.map((c) => (c === null || typeof c === 'boolean' ? c : bad(c)));
    default:
      return cells;
  }
}
