/**
 * `RmaEngine` of the ecephys project: pages a raw RMA query with
 * `,rma::options[start_row$eq{s}][num_rows$eq{n}][order$eq'id']` until `total_rows` (first page).
 */
import { parsePythonLiteral } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import type { DownloadProgressEvent } from '../download/file.js';
import { RmaRequestError } from '../errors.js';
import { HttpClient, type HttpOptions, parseJsonBody } from '../http/client.js';

export interface RmaEngineOptions extends HttpOptions {
  scheme?: string;
  host?: string;
  /** Overrides scheme and host: `http://127.0.0.1:8080`. */
  baseUrl?: string;
  rmaPrefix?: string;
  rmaFormat?: string;
  pageSize?: number;
  onProgress?: (event: DownloadProgressEvent) => void;
}

interface Envelope {
  success?: unknown;
  msg?: unknown;
  num_rows?: unknown;
  total_rows?: unknown;
}

export class RmaEngine {
  readonly base: string;
  readonly rmaPrefix: string;
  readonly rmaFormat: string;
  readonly pageSize: number;
  readonly http: HttpClient;
  readonly options: RmaEngineOptions;

  constructor(options: RmaEngineOptions = {}) {
    this.options = options;
    this.base =
      options.baseUrl ?? `${options.scheme ?? 'http'}://${options.host ?? 'api.brain-map.org'}`;
    this.rmaPrefix = options.rmaPrefix ?? 'api/v2/data';
    this.rmaFormat = options.rmaFormat ?? 'json';
    this.pageSize = options.pageSize ?? 5000;
    this.http = new HttpClient(options);
  }

  get formatQueryString(): string {
    return `query.${this.rmaFormat}`;
  }

  addPageParams(url: string, start: number, count: number = this.pageSize): string {
    return `${url},rma::options[start_row$eq${start}][num_rows$eq${count}][order$eq'id']`;
  }

  /** The GET behind each page; the point tests replace to record URLs. */
  async getJson(url: string): Promise<unknown> {
    const { text, status } = await this.http.text(url, url);
    return parseJsonBody(text, url, status);
  }

  /** Yields the records of each page. */
  async *getRma(query: string): AsyncGenerator<ApiRecord[], void, undefined> {
    const url = `${this.base}/${this.rmaPrefix}/${this.formatQueryString}?${query}`;
    let startRow = 0;
    let totalRows: number | undefined;
    while (totalRows === undefined || startRow < totalRows) {
      const pageUrl = this.addPageParams(url, startRow);
      const body = (await this.getJson(pageUrl)) as Envelope;
      if (body?.success !== true) throw new RmaRequestError(body?.msg, pageUrl);
      const numRows = Number(body.num_rows);
      // Deviation: an empty or malformed page stops instead of looping forever.
      if (!(numRows > 0)) {
        yield (body.msg as ApiRecord[]) ?? [];
        return;
      }
      startRow += numRows;
      if (totalRows === undefined) totalRows = Number(body.total_rows);
      yield body.msg as ApiRecord[];
    }
  }

  async getRmaList(query: string): Promise<ApiRecord[]> {
    const out: ApiRecord[] = [];
    for await (const page of this.getRma(query)) out.push(...page);
    return out;
  }

  /** All records, with string columns that all parse as Python literals converted (`inferColumnTypes`). */
  async getRmaTabular(query: string, tryInferDtypes = true): Promise<ApiRecord[]> {
    const rows = await this.getRmaList(query);
    return tryInferDtypes ? inferColumnTypes(rows) : rows;
  }

  /** `HttpEngine._build_url`: `scheme://host/route` (a route starting with `/` gives `//`, as there). */
  buildUrl(route: string): string {
    return `${this.base}/${route}`;
  }

  /** Streams `route` to `path` (Node only), with the download guarantees of `streamFileOverHttp`. */
  async stream(route: string, path: string): Promise<void> {
    const { streamFileOverHttp } = await import('../download/file.js');
    const o = this.options;
    await streamFileOverHttp(this.buildUrl(route), path, {
      timeouts: { idle: 600_000, ...(o.timeouts ?? {}) },
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.retries !== undefined ? { retries: o.retries } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
  }
}

/**
 * `infer_column_types`: a column whose every value is a string that parses as a Python literal
 * is replaced by the parsed values; any other column is left unchanged.
 */
export function inferColumnTypes(rows: readonly ApiRecord[]): ApiRecord[] {
  const columns = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) columns.add(k);
  const out = rows.map((r) => ({ ...r }));
  for (const col of columns) {
    const parsed: unknown[] = [];
    let ok = true;
    for (const r of rows) {
      const v = r[col];
      if (typeof v !== 'string') {
        ok = false;
        break;
      }
      try {
        parsed.push(parsePythonLiteral(v));
      } catch {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    out.forEach((r, i) => {
      r[col] = parsed[i];
    });
  }
  return out;
}
