import {
  Bool,
  type DataType,
  Field,
  type Float,
  Float64,
  Int64,
  List,
  makeData,
  makeVector,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Type,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { DataFrameKeyError, SdkError } from '../errors.js';

/**
 * One table cell as the table helpers handle it internally: Int64 stays `bigint` (exact keys and
 * sums), list cells are arrays. Missing values are `null` (NaN stays NaN in float columns).
 */
export type Cell = number | bigint | string | boolean | null | Cell[];

/** The schema metadata key naming the column that was a pandas index (§1 of the core spec). */
export const INDEX_METADATA_KEY = 'index';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function isIntType(type: DataType): boolean {
  return type.typeId === Type.Int;
}

export function isFloatType(type: DataType): boolean {
  return type.typeId === Type.Float;
}

export function isNumericType(type: DataType): boolean {
  return isIntType(type) || isFloatType(type) || type.typeId === Type.Bool;
}

/** Missing in the pandas sense: null, or NaN in a float column. */
export function isMissing(cell: Cell): boolean {
  return cell === null || (typeof cell === 'number' && Number.isNaN(cell));
}

/** A column's cells: ints as bigint for 64-bit columns, numbers for narrower ints. */
export function vectorCells(vector: Vector): Cell[] {
  const n = vector.length;
  const out: Cell[] = new Array(n);
  const isList = vector.type.typeId === Type.List || vector.type.typeId === Type.FixedSizeList;
  for (let i = 0; i < n; i++) {
    const v: unknown = vector.get(i);
    out[i] = isList ? (v == null ? null : vectorCells(v as Vector)) : (v as Cell);
    if (out[i] === undefined) out[i] = null;
  }
  return out;
}

export function columnCells(table: Table, name: string): Cell[] {
  return vectorCells(requireColumn(table, name));
}

export function requireColumn(table: Table, name: string): Vector {
  const col = table.getChild(name);
  if (!col) {
    throw new DataFrameKeyError(`no column ${JSON.stringify(name)}`, {
      path: `columns: ${table.schema.fields.map((f) => f.name).join(', ')}`,
    });
  }
  return col;
}

/** `bigint` → `number`, throwing E_UNSUPPORTED where the value would lose precision. */
export function safeNumber(v: bigint, where?: string): number {
  if (v > MAX_SAFE || v < -MAX_SAFE) {
    throw new SdkError('E_UNSUPPORTED', `integer ${v} is beyond 2^53-1 and cannot be a number`, {
      path: where,
    });
  }
  return Number(v);
}

/** Builds a vector of `type` from cells, the inverse of `vectorCells`. */
export function vectorFromCells(type: DataType, cells: readonly Cell[]): Vector {
  switch (type.typeId) {
    case Type.Float: {
      if ((type as Float).precision !== Precision.DOUBLE) {
        return vectorFromArray(cells as (number | null)[], type);
      }
      // Tables follow pandas: a missing float is NaN, not a null.
      const out = new Float64Array(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        out[i] = c === null || c === undefined ? Number.NaN : Number(c);
      }
      return makeVector(out);
    }
    case Type.Int: {
      if ((type as Int64).bitWidth === 64 && !cells.some((c) => c === null)) {
        return makeVector(BigInt64Array.from(cells as (bigint | number)[], (c) => BigInt(c)));
      }
      return vectorFromArray(
        cells.map((c) =>
          c === null ? null : (type as Int64).bitWidth === 64 ? BigInt(c as number) : Number(c),
        ),
        type,
      );
    }
    case Type.List: {
      return vectorFromArray(cells as unknown[], type);
    }
    default:
      return vectorFromArray(cells as unknown[], type);
  }
}

/** A new table from (name, type, cells) triples, keeping the given schema metadata. */
export function tableFromCells(
  columns: readonly { name: string; type: DataType; cells: readonly Cell[]; nullable?: boolean }[],
  metadata: Map<string, string> = new Map(),
): Table {
  const fields: Field[] = [];
  const children = [];
  let length = 0;
  for (const c of columns) {
    const v = vectorFromCells(c.type, c.cells);
    // Builders may return several chunks; one record batch needs one chunk per column.
    children.push(v.data.length === 1 ? v.data[0]! : vectorFromArray([...v], v.type).data[0]!);
    fields.push(
      new Field(c.name, v.type, c.nullable ?? (v.nullCount > 0 || !isNumericFixed(v.type))),
    );
    length = v.length;
  }
  const names = new Set(fields.map((f) => f.name));
  const index = metadata.get(INDEX_METADATA_KEY);
  const meta = new Map(metadata);
  if (index !== undefined && !indexNames(index).every((n) => names.has(n)))
    meta.delete(INDEX_METADATA_KEY);
  const schema = new Schema(fields, meta);
  if (columns.length === 0) return new Table(schema);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

function isNumericFixed(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float;
}

/** The index column names stored in metadata: one name, or a JSON array for a MultiIndex. */
export function indexNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed;
    } catch {
      // not JSON: a column name that happens to start with '['
    }
  }
  return [value];
}

export function indexMetadataValue(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : JSON.stringify(names);
}

export const FLOAT64 = new Float64();
export const INT64 = new Int64();
export const UTF8 = new Utf8();
export const BOOL = new Bool();
export function listOf(type: DataType): List {
  return new List(new Field('item', type, true));
}

/** The columns of a table as (name, type, cells). */
export function tableColumns(table: Table): { name: string; type: DataType; cells: Cell[] }[] {
  return table.schema.fields.map((f, i) => ({
    name: f.name,
    type: f.type,
    cells: vectorCells(table.getChildAt(i)!),
  }));
}

/** Equal strings for cells pandas treats as equal keys: 1 == 1.0, and all missing values alike. */
export function keyString(c: Cell): string {
  if (isMissing(c)) return 'NA';
  if (typeof c === 'bigint') return `n${c}`;
  if (typeof c === 'number') return Number.isInteger(c) ? `n${BigInt(c)}` : `n${c}`;
  if (typeof c === 'boolean') return c ? 'n1' : 'n0';
  if (typeof c === 'string') return `s${c}`;
  return `l${JSON.stringify((c as Cell[]).map(keyString))}`;
}
