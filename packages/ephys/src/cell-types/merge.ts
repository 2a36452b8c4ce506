/**
 * `pd.DataFrame(left).merge(pd.DataFrame(right), how, on)` on lists of records, as pandas 1.5 orders
 * the result, then `.to_dict('records')`: a value missing from a record or from an unmatched side is
 * NaN. Only what `CellTypesCache.getAllFeatures` needs: one key column, inner or outer.
 */
import { SdkError } from '@sdk/core';

export interface MergeRecordsOptions {
  on: string;
  how: 'inner' | 'outer';
  /** Default `['_x', '_y']`. */
  suffixes?: readonly [string, string];
}

function columnsOf(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

const keyOf = (v: unknown): string =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
    ? '\u0000missing'
    : `${typeof v}:${String(v)}`;

export function mergeRecords(
  left: readonly Readonly<Record<string, unknown>>[],
  right: readonly Readonly<Record<string, unknown>>[],
  options: MergeRecordsOptions,
): Record<string, unknown>[] {
  const { on, how } = options;
  const [sx, sy] = options.suffixes ?? ['_x', '_y'];
  const leftCols = columnsOf(left);
  const rightCols = columnsOf(right);
  if (left.length > 0 && !leftCols.includes(on)) {
    throw new SdkError('E_NOT_FOUND', `left records have no column ${on}`, { path: on });
  }
  if (right.length > 0 && !rightCols.includes(on)) {
    throw new SdkError('E_NOT_FOUND', `right records have no column ${on}`, { path: on });
  }
  const rightOnly = rightCols.filter((c) => c !== on);
  const shared = new Set(leftCols.filter((c) => c !== on && rightOnly.includes(c)));
  const outLeft = leftCols.map((c) => [c, shared.has(c) ? c + sx : c] as const);
  const outRight = rightOnly.map((c) => [c, shared.has(c) ? c + sy : c] as const);
  const get = (r: Readonly<Record<string, unknown>> | undefined, c: string): unknown => {
    if (r === undefined || !Object.hasOwn(r, c)) return Number.NaN;
    const v = r[c];
    return v === null || v === undefined ? Number.NaN : v;
  };
  const row = (
    l: Readonly<Record<string, unknown>> | undefined,
    r: Readonly<Record<string, unknown>> | undefined,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [c, name] of outLeft)
      out[name] = c === on && l === undefined ? get(r, on) : get(l, c);
    for (const [c, name] of outRight) out[name] = get(r, c);
    return out;
  };

  const groups = (rs: readonly Readonly<Record<string, unknown>>[]) => {
    const m = new Map<string, { key: unknown; rows: Readonly<Record<string, unknown>>[] }>();
    for (const r of rs) {
      const k = keyOf(r[on]);
      const g = m.get(k);
      if (g) g.rows.push(r);
      else m.set(k, { key: r[on], rows: [r] });
    }
    return m;
  };
  const lg = groups(left);
  const rg = groups(right);
  const out: Record<string, unknown>[] = [];
  if (how === 'inner') {
    for (const [k, g] of lg) {
      const matches = rg.get(k)?.rows ?? [];
      for (const l of g.rows) for (const r of matches) out.push(row(l, r));
    }
    return out;
  }
  // pandas 1.5 outer merge (sort=False): left keys in order of first appearance, each with its
  // rows grouped, then the right-only keys in right order.
  const keys = [...lg.keys(), ...[...rg.keys()].filter((k) => !lg.has(k))];
  for (const k of keys) {
    const ls = lg.get(k)?.rows;
    const rs = rg.get(k)?.rows;
    if (ls && rs) for (const l of ls) for (const r of rs) out.push(row(l, r));
    else if (ls) for (const l of ls) out.push(row(l, undefined));
    else if (rs) for (const r of rs) out.push(row(undefined, r));
  }
  return out;
}
