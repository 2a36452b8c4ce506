import { type DataType, type Table, Type } from 'apache-arrow';
import { SdkError } from '../errors.js';
import {
  type Cell,
  FLOAT64,
  keyString,
  requireColumn,
  tableColumns,
  tableFromCells,
  vectorCells,
} from './cells.js';

export interface JoinOptions {
  /** Key column(s), present in both tables. */
  on: string | readonly string[];
  /** Default 'inner'. */
  how?: 'inner' | 'left';
  /** Appended to non-key columns present in both tables. Default `['_x', '_y']`, as pandas. */
  suffixes?: readonly [string, string];
}

/**
 * `pd.merge(left, right, on, how, sort=False)` as pandas 1.5 orders it: `left` keeps the left row
 * order; `inner` groups rows by key, keys in order of first appearance on the left. Each left row
 * is followed by its matches in right order. Missing keys (null/NaN) match each other, as in pandas. Columns are the
 * left columns, then the right non-key columns. With `how: 'left'`, a right Int64 column that gets
 * missing values becomes Float64 with NaN (as pandas upcasts); Utf8, Bool and list columns get nulls.
 * The result has no index, like pandas' new RangeIndex.
 */
export function join(left: Table, right: Table, options: JoinOptions): Table {
  const on = typeof options.on === 'string' ? [options.on] : [...options.on];
  if (on.length === 0) throw new SdkError('E_VALIDATION', 'join needs at least one key column');
  const how = options.how ?? 'inner';
  const [sx, sy] = options.suffixes ?? ['_x', '_y'];
  const key = (t: Table): string[] => {
    const cols = on.map((n) => vectorCells(requireColumn(t, n)));
    return Array.from({ length: t.numRows }, (_, r) =>
      cols.map((c) => keyString(c[r]!)).join('\u0000'),
    );
  };
  const leftKeys = key(left);
  const rightKeys = key(right);
  const byKey = new Map<string, number[]>();
  rightKeys.forEach((k, r) => {
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  });
  const li: number[] = [];
  const ri: (number | null)[] = [];
  const emit = (l: number, k: string): void => {
    const matches = byKey.get(k);
    if (matches) {
      for (const r of matches) {
        li.push(l);
        ri.push(r);
      }
    } else if (how === 'left') {
      li.push(l);
      ri.push(null);
    }
  };
  if (how === 'left') {
    leftKeys.forEach((k, l) => {
      emit(l, k);
    });
  } else {
    // pandas 1.5 inner merge (sort=False) orders by key, keys in order of first appearance on the left.
    const leftGroups = new Map<string, number[]>();
    leftKeys.forEach((k, l) => {
      const g = leftGroups.get(k);
      if (g) g.push(l);
      else leftGroups.set(k, [l]);
    });
    for (const [k, rows] of leftGroups) for (const l of rows) emit(l, k);
  }
  const hasMissing = ri.includes(null);
  const leftCols = tableColumns(left);
  const rightCols = tableColumns(right).filter((c) => !on.includes(c.name));
  const leftNames = new Set(leftCols.map((c) => c.name));
  const rightNames = new Set(rightCols.map((c) => c.name));
  const out: { name: string; type: DataType; cells: Cell[] }[] = [];
  for (const c of leftCols) {
    const name = rightNames.has(c.name) && !on.includes(c.name) ? c.name + sx : c.name;
    out.push({ name, type: c.type, cells: li.map((r) => c.cells[r]!) });
  }
  for (const c of rightCols) {
    const name = leftNames.has(c.name) ? c.name + sy : c.name;
    const upcast = hasMissing && c.type.typeId === Type.Int;
    out.push({
      name,
      type: upcast ? FLOAT64 : c.type,
      cells: ri.map((r) => {
        if (r === null) return upcast ? Number.NaN : null;
        const v = c.cells[r]!;
        return upcast && typeof v === 'bigint' ? Number(v) : v;
      }),
    });
  }
  const meta = new Map(left.schema.metadata);
  meta.delete('index');
  return tableFromCells(out, meta);
}
