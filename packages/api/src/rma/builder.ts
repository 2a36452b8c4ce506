/**
 * The RMA query grammar of allensdk's `RmaApi`, as pure functions (browser-safe). Output is
 * byte-identical to allensdk 2.16.2 for the same arguments; see shared/reference/api.md §2.
 */
import { SdkError } from '@sdk/core';
import { pyCompare, pyD, pyStr } from '../python/format.js';

export const MODEL = 'model::';
export const PIPE = 'pipe::';
export const SERVICE = 'service::';
export const CRITERIA = 'rma::criteria';
export const INCLUDE = 'rma::include';
export const OPTIONS = 'rma::options';
export const ORDER = 'order';
export const NUM_ROWS = 'num_rows';
export const ALL = 'all';
export const START_ROW = 'start_row';
export const COUNT = 'count';
export const ONLY = 'only';
export const EXCEPT = 'except';
export const EXCPT = 'excpt';
export const TABULAR = 'tabular';
export const DEBUG = 'debug';
export const PREVIEW = 'preview';
export const TRUE = 'true';
export const FALSE = 'false';
export const IS = '$is';
export const EQ = '$eq';

export type RmaFormat = 'json' | 'xml' | 'csv';
/** `true`/`false`/`'true'`/`'false'`/`'preview'`; anything else adds nothing. */
export type DebugValue = boolean | string;

/** The options clause; `null` and `undefined` both mean "not given", like Python's None. */
export interface RmaOptions {
  only?: readonly string[] | null;
  except?: readonly string[] | null;
  /** Alias of `except`; `except` wins when both are given. */
  excpt?: readonly string[] | null;
  tabular?: readonly string[] | null;
  numRows?: number | 'all' | null;
  startRow?: number | null;
  order?: readonly string[] | null;
  debug?: DebugValue | null;
  count?: boolean | 'true' | 'false' | null;
}

export interface ModelStageOptions extends RmaOptions {
  /** `[k$eqstr(v)]` per entry, in insertion order. */
  filters?: Record<string, unknown> | null;
  /** A string, or parts concatenated without separators. */
  criteria?: string | readonly string[] | null;
  include?: string | readonly string[] | null;
}

/** A `(key, value)` or `(key, operator, value)` filter of a service or pipe stage. */
export type TupleFilter = readonly [string, unknown] | readonly [string, string, unknown];

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

export function buildQueryUrl(
  rmaEndpoint: string,
  stages: string | readonly string[],
  fmt: string = 'json',
): string {
  const list = typeof stages === 'string' ? [stages] : stages;
  return `${rmaEndpoint}/query.${fmt}?q=${list.join(',')}`;
}

export function buildSchemaQuery(
  rmaEndpoint: string,
  clazz?: string | null,
  fmt: string = 'json',
): string {
  return `${rmaEndpoint}${given(clazz) ? `/${clazz}` : ''}.${fmt}`;
}

export function quoteString(s: string): string {
  return `'${s}'`;
}

export function filter(key: string, value: unknown): string {
  return `[${key}${EQ}${pyStr(value)}]`;
}

export function filters(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .map(([k, v]) => filter(k, v))
    .join('');
}

export function onlyExceptTabularClause(
  type: string,
  list: readonly string[] | null | undefined,
): string {
  return given(list) ? `[${type}$eq${list.join(',')}]` : '';
}

export function orderClause(list?: readonly string[] | null): string {
  return given(list) ? `[order$eq${list.join(',')}]` : '';
}

export function debugClause(value?: unknown): string {
  if (value === true || value === 'true') return '[debug$eqtrue]';
  if (value === false || value === 'false') return '[debug$eqfalse]';
  if (value === 'preview') return "[debug$eq'preview']";
  return '';
}

/** Warnings the reference emits through `warnings.warn`; replaceable for tests. */
export const builderWarnings = {
  warn: (message: string): void => {
    console.warn(`@sdk/api: ${message}`);
  },
};

export function optionsClause(o: RmaOptions = {}): string {
  const params: string[] = [];
  if (given(o.only)) params.push(onlyExceptTabularClause(ONLY, o.only));
  let except = o.except;
  if (given(o.except) && given(o.excpt)) {
    builderWarnings.warn('excpt and except options should not be used together');
  } else if (given(o.excpt)) {
    except = o.excpt;
  }
  if (given(except)) params.push(onlyExceptTabularClause(EXCEPT, except));
  if (given(o.tabular)) params.push(onlyExceptTabularClause(TABULAR, o.tabular));
  if (given(o.numRows)) {
    params.push(
      o.numRows === ALL ? `[${NUM_ROWS}$eq'all']` : `[${NUM_ROWS}$eq${pyD(o.numRows, 'numRows')}]`,
    );
  }
  if (given(o.startRow)) params.push(`[${START_ROW}$eq${pyD(o.startRow, 'startRow')}]`);
  if (given(o.order)) params.push(orderClause(o.order));
  if (given(o.debug)) params.push(debugClause(o.debug));
  if (given(o.count)) {
    if (o.count === true || o.count === 'true') params.push(`[${COUNT}$eq${TRUE}]`);
    else if (o.count === false || o.count === 'false') params.push(`[${COUNT}$eq${FALSE}]`);
  }
  return params.length > 0 ? OPTIONS + params.join('') : '';
}

const joinParts = (v: string | readonly string[]): string =>
  typeof v === 'string' ? v : v.join('');

export function modelStage(model: string, o: ModelStageOptions = {}): string {
  const clauses = [MODEL + model];
  if (given(o.filters)) clauses.push(filters(o.filters));
  if (given(o.criteria)) clauses.push(',', CRITERIA, ',', joinParts(o.criteria));
  if (given(o.include)) clauses.push(',', INCLUDE, ',', joinParts(o.include));
  const options = optionsClause(o);
  if (options !== '') clauses.push(',', options);
  return clauses.join('');
}

function compareTuples(a: TupleFilter, b: TupleFilter): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const c = pyCompare(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Service/pipe parameters: sorted (Python tuple order), `null` values skipped; floats and other
 * unsupported value types are silently dropped, as in the reference.
 */
export function tupleFilters(pairs: readonly TupleFilter[]): string {
  const out: string[] = [];
  for (const f of [...pairs].sort(compareTuples)) {
    const last = f[f.length - 1];
    if (last === null || last === undefined) continue;
    if (f.length === 2) {
      const [k, v] = f;
      if (Array.isArray(v))
        out.push(`[${k}$eq${v.map((x) => (typeof x === 'string' ? x : pyStr(x))).join(',')}]`);
      else if (typeof v === 'number' && Number.isInteger(v)) out.push(`[${k}$eq${pyD(v)}]`);
      else if (typeof v === 'boolean') out.push(`[${k}$eq${v ? 'true' : 'false'}]`);
      else if (typeof v === 'string') out.push(`[${k}$eq${v}]`);
    } else if (f.length === 3) {
      out.push(`[${f[0]}${f[1]}${pyStr(f[2])}]`);
    } else {
      throw new SdkError(
        'E_VALIDATION',
        `a filter tuple has 2 or 3 elements, got ${(f as unknown[]).length}`,
      );
    }
  }
  return out.join('');
}

export function serviceStage(name: string, pairs?: readonly TupleFilter[] | null): string {
  return SERVICE + name + (given(pairs) ? tupleFilters(pairs) : '');
}

export function pipeStage(name: string, pairs: readonly TupleFilter[]): string {
  return PIPE + name + tupleFilters(pairs);
}
