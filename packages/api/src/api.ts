/**
 * `Api`: endpoints, the JSON GET/POST engine with the `{success, msg}` envelope, and file downloads.
 * Browser-safe: the Node download module is loaded on first use of a file download only.
 */

import type { CacheableDefaults, CacheStore } from '@sdk/core';
import { type CacheCallOptions, runCacheable } from './cache/cacheable.js';
import type { DownloadOptions, DownloadProgressEvent } from './download/file.js';
import { ApiError, RmaRequestError } from './errors.js';
import { HttpClient, type HttpOptions, parseJsonBody } from './http/client.js';
import { pythonParseQsl, pythonQuote, RMA_SAFE_CHARS } from './python/quote.js';

/** One record of an RMA answer: JSON as the API sends it, snake_case keys. */
export type ApiRecord = Record<string, unknown>;

export interface ApiOptions extends HttpOptions {
  /** Default `http://api.brain-map.org`. */
  baseUrl?: string;
  /** Host of the informatics archive (volumes, meshes). Default `http://download.alleninstitute.org`. */
  downloadBaseUrl?: string;
  onProgress?: (event: DownloadProgressEvent) => void;
  /**
   * Where the `@cacheable` download methods resolve and check their paths (default: a
   * file-system store on the working directory, Node only).
   */
  cacheStore?: CacheStore;
}

export interface RetrieveFileOptions {
  /** The response is a zip: extract it into `dirname(path)`; `path` itself is not written. */
  zipped?: boolean;
  /** With `zipped`, extract only these members. */
  members?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (event: DownloadProgressEvent) => void;
}

export const DEFAULT_API_URL = 'http://api.brain-map.org';
export const DEFAULT_DOWNLOAD_URL = 'http://download.alleninstitute.org';

function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

export class Api {
  static readonly defaultApiUrl = DEFAULT_API_URL;
  static readonly downloadUrl = DEFAULT_DOWNLOAD_URL;

  readonly options: ApiOptions;
  readonly http: HttpClient;
  readonly downloadBaseUrl: string;
  apiUrl = '';
  wellKnownFileEndpoint = '';
  gridDataEndpoint = '';
  svgEndpoint = '';
  svgDownloadEndpoint = '';
  structureGraphEndpoint = '';
  treeSearchEndpoint = '';
  annotatedSectionDataSetsEndpoint = '';
  compoundAnnotatedSectionDataSetsEndpoint = '';
  imageToAtlasEndpoint = '';
  imageToImageEndpoint = '';
  imageToImage2dEndpoint = '';
  referenceToImageEndpoint = '';
  imageToReferenceEndpoint = '';
  structureToImageEndpoint = '';
  sectionImageDownloadEndpoint = '';
  atlasImageDownloadEndpoint = '';
  projectionImageDownloadEndpoint = '';
  imageDownloadEndpoint = '';
  informaticsArchiveEndpoint = '';
  rmaEndpoint = '';

  constructor(options: ApiOptions | string = {}) {
    this.options = typeof options === 'string' ? { baseUrl: options } : options;
    this.http = new HttpClient(this.options);
    this.downloadBaseUrl = this.options.downloadBaseUrl ?? DEFAULT_DOWNLOAD_URL;
    this.setApiUrls(this.options.baseUrl ?? DEFAULT_API_URL);
  }

  /** Derives every endpoint from the API base URL (the archive host stays `downloadBaseUrl`). */
  setApiUrls(base: string): void {
    this.apiUrl = base;
    this.wellKnownFileEndpoint = `${base}/api/v2/well_known_file_download`;
    this.gridDataEndpoint = `${base}/grid_data`;
    this.svgEndpoint = `${base}/api/v2/svg`;
    this.svgDownloadEndpoint = `${base}/api/v2/svg_download`;
    this.structureGraphEndpoint = `${base}/api/v2/structure_graph_download`;
    this.treeSearchEndpoint = `${base}/api/v2/tree_search`;
    this.annotatedSectionDataSetsEndpoint = `${base}/api/v2/annotated_section_data_sets`;
    this.compoundAnnotatedSectionDataSetsEndpoint = `${base}/api/v2/compound_annotated_section_data_sets`;
    this.imageToAtlasEndpoint = `${base}/api/v2/image_to_atlas`;
    this.imageToImageEndpoint = `${base}/api/v2/image_to_image`;
    this.imageToImage2dEndpoint = `${base}/api/v2/image_to_image_2d`;
    this.referenceToImageEndpoint = `${base}/api/v2/reference_to_image`;
    this.imageToReferenceEndpoint = `${base}/api/v2/image_to_reference`;
    this.structureToImageEndpoint = `${base}/api/v2/structure_to_image`;
    this.sectionImageDownloadEndpoint = `${base}/api/v2/section_image_download`;
    this.atlasImageDownloadEndpoint = `${base}/api/v2/atlas_image_download`;
    this.projectionImageDownloadEndpoint = `${base}/api/v2/projection_image_download`;
    this.imageDownloadEndpoint = `${base}/api/v2/image_download`;
    this.informaticsArchiveEndpoint = `${this.downloadBaseUrl}/informatics-archive`;
    this.rmaEndpoint = `${base}/api/v2/data`;
  }

  /**
   * The `msg` of a response envelope. **Deviation:** `success: false` throws RmaRequestError
   * (the reference returns the error string as data).
   */
  readData(parsed: unknown, url = ''): unknown {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ApiError('the response is not an API envelope ({success, msg})', url, {
        code: 'E_FORMAT',
      });
    }
    const env = parsed as { success?: unknown; msg?: unknown };
    if (env.success === false) throw new RmaRequestError(env.msg, url);
    if (!('msg' in env))
      throw new ApiError('the response envelope has no msg', url, { code: 'E_FORMAT' });
    return env.msg;
  }

  /**
   * GET (URL encoded like Python `quote(url, safe=";/?:@&=+$,")`) or POST (query string sent as a
   * JSON object body) and parse the JSON reply.
   */
  async retrieveParsedJsonOverHttp(
    url: string,
    { post = false }: { post?: boolean } = {},
  ): Promise<unknown> {
    if (!post) {
      const { text, status } = await this.http.text(pythonQuote(url, RMA_SAFE_CHARS), url);
      return parseJsonBody(text, url, status);
    }
    const q = url.indexOf('?');
    const main = q < 0 ? url : url.slice(0, q);
    const body: Record<string, string> = {};
    for (const [k, v] of pythonParseQsl(q < 0 ? '' : url.slice(q + 1))) body[k] = v;
    // The reference parses the reply whatever its status.
    const { text, status } = await this.http.text(
      main,
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
      { throwOnStatus: false },
    );
    return parseJsonBody(text, url, status);
  }

  /** `do_query`: build the URL, GET (or POST) it, and traverse the parsed reply. */
  async doQuery<T>(
    urlBuilder: () => string,
    traverse: (parsed: unknown, url: string) => T,
    { post = false } = {},
  ): Promise<T> {
    const url = urlBuilder();
    const parsed = await this.retrieveParsedJsonOverHttp(url, { post });
    return traverse(parsed, url);
  }

  /** GET a fully built URL and return the envelope's `msg`. */
  async jsonMsgQuery<T = unknown>(url: string): Promise<T> {
    return this.doQuery(
      () => url,
      (parsed, u) => this.readData(parsed, u) as T,
    );
  }

  /** `load_api_schema`: the parsed `enumerate.json` document. */
  loadApiSchema(): Promise<unknown> {
    return this.retrieveParsedJsonOverHttp(`${this.rmaEndpoint}/enumerate.json`);
  }

  constructWellKnownFileDownloadUrl(id: number | string): string {
    return `${this.wellKnownFileEndpoint}/${String(id)}`;
  }

  /** Downloads `url` to `path` (Node only). See `streamFileOverHttp` for the guarantees. */
  async retrieveFileOverHttp(
    url: string,
    path: string,
    options: RetrieveFileOptions = {},
  ): Promise<void> {
    const { streamFileOverHttp, streamZipDirectoryOverHttp } = await import('./download/file.js');
    const dl: DownloadOptions = {
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
      ...(this.options.retries !== undefined ? { retries: this.options.retries } : {}),
    };
    const signal = options.signal ?? this.options.signal;
    if (signal) dl.signal = signal;
    const onProgress = options.onProgress ?? this.options.onProgress;
    if (onProgress) dl.onProgress = onProgress;
    if (options.zipped) await streamZipDirectoryOverHttp(url, dirnameOf(path), options.members, dl);
    else await streamFileOverHttp(url, path, dl);
  }

  /** The store `@cacheable` methods use: `options.cacheStore`, else an `FsCacheStore` on the cwd. */
  async getCacheStore(): Promise<CacheStore> {
    if (this.options.cacheStore) return this.options.cacheStore;
    const { FsCacheStore } = await import('@sdk/core/node');
    return new FsCacheStore();
  }

  /**
   * Runs a download as a `@cacheable(...defaults)` method of the reference does: `download`
   * gets the file argument resolved in the cache store. Used by the query classes.
   */
  cacheableCall(
    defaults: CacheableDefaults,
    fileArgument: string | null | undefined,
    call: CacheCallOptions | undefined,
    download: (target: string | null) => Promise<unknown>,
  ): Promise<unknown> {
    return runCacheable(defaults, fileArgument, call, () => this.getCacheStore(), download);
  }

  /** GET `url` and return its body as text (the reference returns bytes; used for SVG). */
  async retrieveXmlOverHttp(url: string): Promise<string> {
    return (await this.http.text(url, url)).text;
  }
}
