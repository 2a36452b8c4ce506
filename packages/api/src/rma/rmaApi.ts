/** `RmaApi`: the RMA query builder bound to an API host, plus `modelQuery`/`serviceQuery`. */
import { Api, type ApiRecord } from '../api.js';
import { ApiError } from '../errors.js';
import * as b from './builder.js';

export class RmaApi extends Api {
  static readonly MODEL = b.MODEL;
  static readonly PIPE = b.PIPE;
  static readonly SERVICE = b.SERVICE;
  static readonly CRITERIA = b.CRITERIA;
  static readonly INCLUDE = b.INCLUDE;
  static readonly OPTIONS = b.OPTIONS;
  static readonly ORDER = b.ORDER;
  static readonly NUM_ROWS = b.NUM_ROWS;
  static readonly ALL = b.ALL;
  static readonly START_ROW = b.START_ROW;
  static readonly COUNT = b.COUNT;
  static readonly ONLY = b.ONLY;
  static readonly EXCEPT = b.EXCEPT;
  static readonly EXCPT = b.EXCPT;
  static readonly TABULAR = b.TABULAR;
  static readonly DEBUG = b.DEBUG;
  static readonly PREVIEW = b.PREVIEW;
  static readonly TRUE = b.TRUE;
  static readonly FALSE = b.FALSE;
  static readonly IS = b.IS;
  static readonly EQ = b.EQ;
  readonly IS = b.IS;
  readonly EQ = b.EQ;

  buildQueryUrl(stages: string | readonly string[], fmt: b.RmaFormat | string = 'json'): string {
    return b.buildQueryUrl(this.rmaEndpoint, stages, fmt);
  }

  modelStage(model: string, options: b.ModelStageOptions = {}): string {
    return b.modelStage(model, options);
  }

  pipeStage(name: string, pairs: readonly b.TupleFilter[]): string {
    return b.pipeStage(name, pairs);
  }

  serviceStage(name: string, pairs?: readonly b.TupleFilter[] | null): string {
    return b.serviceStage(name, pairs);
  }

  optionsClause(options: b.RmaOptions = {}): string {
    return b.optionsClause(options);
  }

  onlyExceptTabularClause(type: string, list: readonly string[] | null | undefined): string {
    return b.onlyExceptTabularClause(type, list);
  }

  orderClause(list?: readonly string[] | null): string {
    return b.orderClause(list);
  }

  debugClause(value?: unknown): string {
    return b.debugClause(value);
  }

  filters(obj: Record<string, unknown>): string {
    return b.filters(obj);
  }

  filter(key: string, value: unknown): string {
    return b.filter(key, value);
  }

  tupleFilters(pairs: readonly b.TupleFilter[]): string {
    return b.tupleFilters(pairs);
  }

  quoteString(s: string): string {
    return b.quoteString(s);
  }

  buildSchemaQuery(clazz?: string | null, fmt: string = 'json'): string {
    return b.buildSchemaQuery(this.rmaEndpoint, clazz, fmt);
  }

  /** GET a model query and return its records. */
  async modelQuery(model: string, options: b.ModelStageOptions = {}): Promise<ApiRecord[]> {
    return this.recordsQuery(this.buildQueryUrl(this.modelStage(model, options)));
  }

  /** GET a service query (`service::name[k$eqv]...`) and return its records. */
  async serviceQuery(name: string, pairs?: readonly b.TupleFilter[] | null): Promise<ApiRecord[]> {
    return this.recordsQuery(this.buildQueryUrl(this.serviceStage(name, pairs)));
  }

  /** `get_schema`: the `msg` of `B/api/v2/data[/Class].json`. */
  getSchema(clazz?: string | null): Promise<unknown> {
    return this.jsonMsgQuery(this.buildSchemaQuery(clazz));
  }

  /** `json_msg_query` for URLs whose `msg` is a list of records. Public because the query mixins
   * (`withReferenceSpace`) are anonymous classes, whose declarations cannot carry protected members. */
  async recordsQuery(url: string): Promise<ApiRecord[]> {
    const msg = await this.jsonMsgQuery(url);
    if (!Array.isArray(msg)) {
      throw new ApiError(`expected a list of records in msg, got ${typeof msg}`, url, {
        code: 'E_FORMAT',
      });
    }
    return msg as ApiRecord[];
  }
}
