import { type DataType, type Table, Type } from 'apache-arrow';
import { SdkError } from '../errors.js';
import {
  type Cell,
  FLOAT64,
  INDEX_METADATA_KEY,
  INT64,
  indexMetadataValue,
  isMissing,
  keyString,
  listOf,
  requireColumn,
  tableFromCells,
  vectorCells,
} from './cells.js';
import { compareCells } from './ops.js';

export type AggregateName =
  | 'count'
  | 'sum'
  | 'mean'
  | 'min'
  | 'max'
  | 'median'
  | 'std'
  | 'first'
  | 'last'
  | 'list';

/** Output column name → `[input column, aggregate]`, like pandas named aggregation. */
export type Aggregations = Readonly<Record<string, readonly [string, AggregateName]>>;

/**
 * `df.groupby(by, sort=True, dropna=True).agg(out=(column, agg), …).reset_index()` with the group
 * keys as leading columns recorded as the index. Groups are sorted by key; rows with a missing key
 * are dropped. Aggregates follow pandas 1.5's groupby kernels:
 * - `count`: non-missing values (Int64);
 * - `sum`: skips NaN, 0 for an all-missing group; exact Int64 for int/bool, Kahan-compensated for floats;
 * - `mean`: Kahan-compensated sum / count, NaN when empty;
 * - `min`/`max`: skip missing, keep the column type (NaN or null when all missing);
 * - `median`: of non-missing values; `std`: Welford variance with ddof=1, NaN below 2 values;
 * - `first`/`last`: first/last non-missing value;
 * - `list`: all values in row order, missing ones included (`agg(list)`).
 */
export function groupBy(table: Table, by: string | readonly string[], aggs: Aggregations): Table {
  const keys = typeof by === 'string' ? [by] : [...by];
  const keyCols = keys.map((k) => ({
    name: k,
    type: requireColumn(table, k).type,
    cells: vectorCells(requireColumn(table, k)),
  }));
  const groups = new Map<string, number[]>();
  for (let r = 0; r < table.numRows; r++) {
    if (keyCols.some((k) => isMissing(k.cells[r]!))) continue;
    const id = keyCols.map((k) => keyString(k.cells[r]!)).join('\u0000');
    const g = groups.get(id);
    if (g) g.push(r);
    else groups.set(id, [r]);
  }
  const rowsOf = [...groups.values()].sort((a, b) => {
    for (const k of keyCols) {
      const c = compareCells(k.cells[a[0]!]!, k.cells[b[0]!]!);
      if (c) return c;
    }
    return 0;
  });
  const out: { name: string; type: DataType; cells: Cell[] }[] = keyCols.map((k) => ({
    name: k.name,
    type: k.type,
    cells: rowsOf.map((rows) => k.cells[rows[0]!]!),
  }));
  for (const [name, [column, agg]] of Object.entries(aggs)) {
    const vec = requireColumn(table, column);
    const cells = vectorCells(vec);
    const { type, reduce } = aggregator(agg, vec.type, column);
    out.push({ name, type, cells: rowsOf.map((rows) => reduce(rows.map((r) => cells[r]!))) });
  }
  const meta = new Map(table.schema.metadata);
  meta.set(INDEX_METADATA_KEY, indexMetadataValue(keys));
  return tableFromCells(out, meta);
}

function aggregator(
  agg: AggregateName,
  type: DataType,
  column: string,
): { type: DataType; reduce: (values: Cell[]) => Cell } {
  const isInt = type.typeId === Type.Int || type.typeId === Type.Bool;
  const numeric = isInt || type.typeId === Type.Float;
  const present = (v: Cell[]) => v.filter((x) => !isMissing(x));
  const needNumeric = () => {
    if (!numeric) {
      throw new SdkError('E_UNSUPPORTED', `cannot take the ${agg} of non-numeric column ${column}`);
    }
  };
  switch (agg) {
    case 'count':
      return { type: INT64, reduce: (v) => BigInt(present(v).length) };
    case 'sum':
      needNumeric();
      if (isInt) {
        return {
          type: INT64,
          reduce: (v) => present(v).reduce<bigint>((s, x) => s + toBig(x), 0n),
        };
      }
      return { type: FLOAT64, reduce: (v) => kahanSum(present(v).map(Number)) };
    case 'mean':
      needNumeric();
      return {
        type: FLOAT64,
        reduce: (v) => {
          const xs = present(v).map(Number);
          return xs.length ? kahanSum(xs) / xs.length : Number.NaN;
        },
      };
    case 'median':
      needNumeric();
      return {
        type: FLOAT64,
        reduce: (v) => {
          const xs = present(v)
            .map(Number)
            .sort((a, b) => a - b);
          if (!xs.length) return Number.NaN;
          const m = xs.length >> 1;
          return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
        },
      };
    case 'std':
      needNumeric();
      return { type: FLOAT64, reduce: (v) => welfordStd(present(v).map(Number)) };
    case 'min':
    case 'max':
      return {
        type,
        reduce: (v) => {
          const xs = present(v);
          if (!xs.length) return type.typeId === Type.Float ? Number.NaN : null;
          let best: Cell = xs[0]!;
          for (const x of xs) {
            const c = compareCells(x, best);
            if (agg === 'min' ? c < 0 : c > 0) best = x;
          }
          return best;
        },
      };
    case 'first':
    case 'last':
      return {
        type,
        reduce: (v) => {
          const xs = present(v);
          const x = agg === 'first' ? xs[0] : xs[xs.length - 1];
          if (x !== undefined) return x;
          return type.typeId === Type.Float ? Number.NaN : null;
        },
      };
    case 'list':
      return { type: listOf(type), reduce: (v) => v };
    default:
      throw new SdkError('E_UNSUPPORTED', `unknown aggregate ${JSON.stringify(agg)}`);
  }
}

function toBig(x: Cell): bigint {
  return typeof x === 'bigint' ? x : BigInt(x === true ? 1 : x === false ? 0 : (x as number));
}

/** Compensated summation as pandas' group_sum/group_mean kernels do it. */
function kahanSum(xs: readonly number[]): number {
  let sum = 0;
  let comp = 0;
  for (const x of xs) {
    const y = x - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
  }
  return sum;
}

/** Sample standard deviation from Welford's update, as pandas' group_var (then sqrt). */
function welfordStd(xs: readonly number[]): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of xs) {
    n++;
    const old = mean;
    mean += (x - old) / n;
    m2 += (x - mean) * (x - old);
  }
  return n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
}
