import type { Table } from 'apache-arrow';
import { DataFrameKeyError } from '../errors.js';
import {
  type Cell,
  isMissing,
  requireColumn,
  tableColumns,
  tableFromCells,
  vectorCells,
} from './cells.js';
import { type RecordValue, toRecords } from './records.js';

/** The rows at `indices`, in that order, keeping column types and metadata. */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const idx = Array.from(indices);
  return tableFromCells(
    table.schema.fields.map((f, i) => {
      const cells = vectorCells(table.getChildAt(i)!);
      return { name: f.name, type: f.type, cells: idx.map((r) => cells[r]!), nullable: f.nullable };
    }),
    table.schema.metadata,
  );
}

/** The named columns in the given order (`df[names]`); a missing name throws DataFrameKeyError. */
export function select(table: Table, names: readonly string[]): Table {
  const have = new Set(table.schema.fields.map((f) => f.name));
  const missing = names.filter((n) => !have.has(n));
  if (missing.length) {
    throw new DataFrameKeyError(`columns not in the table: ${missing.join(', ')}`);
  }
  const cols = tableColumns(table);
  return tableFromCells(
    names.map((n) => cols.find((c) => c.name === n)!),
    table.schema.metadata,
  );
}

/** Rows where `keep` is true: a boolean mask, or a predicate over `toRecords` rows. */
export function filter(
  table: Table,
  keep: ArrayLike<boolean | number> | ((row: Record<string, RecordValue>, i: number) => boolean),
): Table {
  const idx: number[] = [];
  if (typeof keep === 'function') {
    toRecords(table).forEach((row, i) => {
      if (keep(row, i)) idx.push(i);
    });
  } else {
    if (keep.length !== table.numRows) {
      throw new DataFrameKeyError(`mask has ${keep.length} values for ${table.numRows} rows`);
    }
    for (let i = 0; i < keep.length; i++) if (keep[i]) idx.push(i);
  }
  return takeRows(table, idx);
}

export interface SortKey {
  column: string;
  ascending?: boolean;
}

export interface SortOptions {
  /** Applies to keys given by name; one value per key or one for all. Default true. */
  ascending?: boolean | readonly boolean[];
  /** Where missing values (null, NaN) go, whatever the direction. Default 'last', as pandas. */
  naPosition?: 'last' | 'first';
}

/** Python ordering of two non-missing cells of one column; strings by code point. */
export function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareCells(a[i]!, b[i]!);
      if (c) return c;
    }
    return a.length - b.length;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort above all other UTF-16 units in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * `df.sort_values(by, ascending, kind='stable', na_position)`: stable (ties keep their order in
 * both directions, as pandas' stable sort and its multi-key lexsort do), missing values placed by
 * `naPosition` regardless of direction.
 */
export function sort(
  table: Table,
  by: string | readonly (string | SortKey)[],
  options: SortOptions = {},
): Table {
  const keys = (typeof by === 'string' ? [by] : by).map((k, i) => {
    const column = typeof k === 'string' ? k : k.column;
    const fromOpts = Array.isArray(options.ascending)
      ? options.ascending[i]
      : (options.ascending as boolean | undefined);
    const ascending =
      typeof k === 'string' ? (fromOpts ?? true) : (k.ascending ?? fromOpts ?? true);
    return { cells: vectorCells(requireColumn(table, column)), ascending };
  });
  const naLast = (options.naPosition ?? 'last') === 'last';
  const order = Array.from({ length: table.numRows }, (_, i) => i);
  order.sort((i, j) => {
    for (const k of keys) {
      const a = k.cells[i]!;
      const b = k.cells[j]!;
      const ma = isMissing(a);
      const mb = isMissing(b);
      if (ma || mb) {
        if (ma && mb) continue;
        return ma === naLast ? 1 : -1;
      }
      const c = compareCells(a, b);
      if (c) return k.ascending ? c : -c;
    }
    return i - j;
  });
  return takeRows(table, order);
}
