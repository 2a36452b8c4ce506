/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers with recorded API responses and
 * files, for offline tests of the client. Requests match on the decoded path + query (host
 * removed), so encoding differences do not matter. Faults can be injected: latency before the
 * headers, 5xx answers, bodies cut short (the announced Content-Length is kept), and connections
 * dropped before any answer. Node-only.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';

/** One recorded exchange (`fixtures/http/*.json` holds one of these or an array of them). */
export interface ReplayEntry {
  method?: string;
  /** Decoded path + query, e.g. `/api/v2/data/query.json?q=model::Gene`. */
  decodedUrl: string;
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value (sent as JSON) or a string (sent as is). */
  body?: unknown;
  /** A file whose bytes are the body (relative to the fixture file or `filesDir`). */
  bodyFile?: string;
}

export interface ReplayRequest {
  method: string;
  decodedUrl: string;
  headers: IncomingMessage['headers'];
}

/** What a handler answers; `undefined` means "not mine". */
export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Bytes of the body (honours Range requests when `acceptRanges`). */
  bytes?: Uint8Array;
  /** A file on disk served with Range support. */
  file?: string;
  /** Advertise and honour `Range: bytes=a-` (default true for `bytes` and `file`). */
  acceptRanges?: boolean;
}

export type ReplayHandler = (
  req: ReplayRequest,
) => ReplayResponse | undefined | Promise<ReplayResponse | undefined>;

export interface FaultOptions {
  /** Delay before answering, ms: a number or `[min, max]`. */
  latencyMs?: number | readonly [number, number];
  /** Probability of answering `failStatus` instead. */
  failureRate?: number;
  /** Default 503. */
  failStatus?: number;
  /** Probability of cutting the body at a random point and closing the connection. */
  truncateRate?: number;
  /** Probability of closing the connection before any answer. */
  dropRate?: number;
  /** Seed of the fault generator (default 1): the same seed injects the same faults. */
  seed?: number;
  /** Only requests whose decoded URL matches are subject to faults. */
  match?: RegExp;
}

export interface ReplayServerOptions {
  /** Recorded exchanges. */
  entries?: readonly ReplayEntry[];
  /** A folder of `*.json` files, each an entry or an array of entries. */
  fixtureDir?: string;
  /** Files served by path: a request for `/<prefix>/a/b.nrrd` gets `filesDir/a/b.nrrd`. */
  filesDir?: string;
  /** URL prefix of `filesDir` (default `/`). */
  filesPrefix?: string;
  /** Tried before entries and files, in order. */
  handlers?: readonly ReplayHandler[];
  faults?: FaultOptions;
}

export interface ReplayLogEntry extends ReplayRequest {
  status: number;
  fault?: 'status' | 'truncate' | 'drop';
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly log: ReplayLogEntry[];
  /** Decoded URLs that matched nothing (answered 404). */
  readonly unmatched: string[];
  addEntry(entry: ReplayEntry): void;
  addHandler(handler: ReplayHandler): void;
  setFaults(faults: FaultOptions | undefined): void;
  close(): Promise<void>;
}

/** Mulberry32: small, seedable, good enough to place faults reproducibly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `decodeURIComponent` of path + query that never throws on a stray `%`. */
export function decodeRequestUrl(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function loadFixtureDir(dir: string): Promise<ReplayEntry[]> {
  const out: ReplayEntry[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    const parsed = JSON.parse(await readFile(join(dir, name), 'utf8')) as
      | ReplayEntry
      | ReplayEntry[];
    for (const e of Array.isArray(parsed) ? parsed : [parsed]) {
      out.push(e.bodyFile ? { ...e, bodyFile: resolve(dir, e.bodyFile) } : e);
    }
  }
  return out;
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  const m = header ? /^bytes=(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start <= end ? { start, end } : undefined;
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const entries: ReplayEntry[] = [...(options.entries ?? [])];
  if (options.fixtureDir) entries.push(...(await loadFixtureDir(options.fixtureDir)));
  const handlers: ReplayHandler[] = [...(options.handlers ?? [])];
  let faults = options.faults;
  let random = rng(faults?.seed ?? 1);
  const log: ReplayLogEntry[] = [];
  const unmatched: string[] = [];
  const filesDir = options.filesDir ? resolve(options.filesDir) : undefined;
  const filesPrefix = options.filesPrefix ?? '/';

  const fromEntry = (e: ReplayEntry): ReplayResponse => {
    const r: ReplayResponse = { status: e.status ?? 200, headers: e.headers ?? {} };
    if (e.bodyFile) r.bytes = new Uint8Array(readFileSync(e.bodyFile));
    else r.body = e.body;
    return r;
  };

  async function route(req: ReplayRequest): Promise<ReplayResponse | undefined> {
    for (const h of handlers) {
      const r = await h(req);
      if (r) return r;
    }
    const e = entries.find(
      (x) => x.decodedUrl === req.decodedUrl && (x.method ?? 'GET') === req.method,
    );
    if (e) return fromEntry(e);
    if (filesDir && req.decodedUrl.startsWith(filesPrefix)) {
      const rel = req.decodedUrl.slice(filesPrefix.length).split('?')[0] ?? '';
      const file = resolve(filesDir, rel);
      if (file.startsWith(filesDir + sep)) {
        const st = await stat(file).catch(() => undefined);
        if (st?.isFile()) return { file };
      }
    }
    return undefined;
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request: ReplayRequest = {
      method: req.method ?? 'GET',
      decodedUrl: decodeRequestUrl(req.url ?? '/'),
      headers: req.headers,
    };
    // Drain a request body (POST) so the socket stays usable.
    for await (const _ of req) {
      // discard
    }
    const subject = faults && (!faults.match || faults.match.test(request.decodedUrl));
    if (subject && faults?.latencyMs !== undefined) {
      const l = faults.latencyMs;
      const ms = typeof l === 'number' ? l : l[0] + random() * (l[1] - l[0]);
      await new Promise((r) => setTimeout(r, ms));
    }
    if (subject && faults?.dropRate && random() < faults.dropRate) {
      log.push({ ...request, status: 0, fault: 'drop' });
      req.socket.destroy();
      return;
    }
    if (subject && faults?.failureRate && random() < faults.failureRate) {
      const status = faults.failStatus ?? 503;
      log.push({ ...request, status, fault: 'status' });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('injected failure');
      return;
    }
    const r = await route(request);
    if (!r) {
      unmatched.push(request.decodedUrl);
      log.push({ ...request, status: 404 });
      res
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end(`no recorded response for ${request.decodedUrl}`);
      return;
    }
    const truncate = subject && faults?.truncateRate ? random() < faults.truncateRate : false;
    const cutAt = random();
    let status = r.status ?? 200;
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    let body: Uint8Array | undefined;
    let fileRange: { file: string; start: number; end: number } | undefined;
    if (r.file || r.bytes) {
      const size = r.file ? (await stat(r.file)).size : (r.bytes as Uint8Array).length;
      const ranges = r.acceptRanges ?? true;
      let start = 0;
      let end = size - 1;
      if (ranges) {
        headers['Accept-Ranges'] = 'bytes';
        const range = parseRange(req.headers.range, size);
        if (range && status === 200) {
          ({ start, end } = range);
          status = 206;
          headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
        }
      }
      headers['Content-Length'] ??= String(end - start + 1);
      headers['Content-Type'] ??= 'application/octet-stream';
      if (r.file) fileRange = { file: r.file, start, end };
      else body = (r.bytes as Uint8Array).subarray(start, end + 1);
    } else {
      const text =
        typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
      if (typeof r.body !== 'string') headers['Content-Type'] ??= 'application/json';
      body = new TextEncoder().encode(text);
      headers['Content-Length'] ??= String(body.length);
    }
    log.push({ ...request, status, ...(truncate ? { fault: 'truncate' as const } : {}) });
    res.writeHead(status, headers);
    const total = fileRange ? fileRange.end - fileRange.start + 1 : (body as Uint8Array).length;
    const limit = truncate ? Math.floor(cutAt * total) : total;
    if (fileRange) {
      if (limit === 0) {
        res.flushHeaders();
        res.socket?.destroy();
        return;
      }
      const stream = createReadStream(fileRange.file, {
        start: fileRange.start,
        end: fileRange.start + limit - 1,
      });
      stream.on('error', () => res.destroy());
      stream.pipe(res, { end: !truncate });
      if (truncate) stream.on('end', () => res.socket?.destroy());
      return;
    }
    const bytes = body as Uint8Array;
    if (truncate) {
      res.write(bytes.subarray(0, limit), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
  }

  const server: Server = createServer((req, res) => {
    answer(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    unmatched,
    addEntry: (e) => entries.push(e),
    addHandler: (h) => handlers.push(h),
    setFaults: (f) => {
      faults = f;
      random = rng(f?.seed ?? 1);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
