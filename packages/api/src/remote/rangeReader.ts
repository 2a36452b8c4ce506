/**
 * `RangeReader`: a remote file as a lazy byte source, read with HTTP `Range` requests through a
 * small block cache, so a reader (HDF5 / NWB) can open a file on a server or S3 without
 * downloading it. Browser-safe (the platform `fetch` only).
 *
 * Reads are cut into blocks of `minChunk` bytes. Missing blocks are fetched in as few requests as
 * possible; a read that continues where the previous one ended is sequential, and each fetch it
 * needs reads ahead `growth` times more than the last (up to `maxChunk`); any other read starts
 * again at `minChunk`. Blocks are kept in an LRU of at most `cacheBytes`. Connection errors,
 * timeouts, 5xx and short bodies are retried with exponential backoff; 4xx are not.
 */
import { SdkError } from '@sdk/core';
import { ApiError } from '../errors.js';
import {
  AttemptController,
  type FetchLike,
  type RetryOptions,
  resolveRetry,
  TransientError,
  withRetries,
} from '../http/client.js';

/** Random access to bytes, local or remote. */
export interface ByteSource {
  /** Length in bytes. */
  size(): Promise<number>;
  /** Bytes `[offset, offset + length)`; shorter only where the source ends. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface RangeReaderOptions {
  /** Block size and smallest request, bytes. Default 100 KiB. */
  minChunk?: number;
  /** Read-ahead growth per fetch of a sequential read. Default 1.7. */
  growth?: number;
  /** Largest request, bytes. Default 100 MiB. */
  maxChunk?: number;
  /** Bytes of blocks kept (least recently used dropped first). Default 1 GiB. */
  cacheBytes?: number;
  /** Default 8 retries, backoff from 500 ms. */
  retries?: number | RetryOptions;
  /** One request, headers and body, ms. Default 120 000. */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** Sent with every request (e.g. authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RangeReaderStats {
  /** HTTP requests sent (the length probe and every attempt included). */
  requests: number;
  /** Body bytes received by range requests. */
  bytesFetched: number;
  blockHits: number;
  blockMisses: number;
  /** Bytes currently cached. */
  cachedBytes: number;
}

const KIB = 1024;

function positiveInt(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v <= 0) {
    throw new SdkError('E_VALIDATION', `${what} must be a positive integer, got ${v}`, {
      path: what,
    });
  }
  return v;
}

export class RangeReader implements ByteSource {
  readonly url: string;
  readonly blockSize: number;
  readonly stats: RangeReaderStats = {
    requests: 0,
    bytesFetched: 0,
    blockHits: 0,
    blockMisses: 0,
    cachedBytes: 0,
  };
  private readonly growth: number;
  private readonly maxChunk: number;
  private readonly cacheBytes: number;
  private readonly retry;
  private readonly timeoutMs: number;
  private readonly fetchFn: FetchLike;
  private readonly headers: Record<string, string>;
  private readonly signal: AbortSignal | undefined;
  private sizePromise: Promise<number> | undefined;
  /** Insertion order is recency order: a hit moves the block to the end. */
  private readonly blocks = new Map<number, Uint8Array>();
  private readonly inFlight = new Map<number, Promise<Uint8Array>>();
  private chunk: number;
  private lastEnd = Number.NEGATIVE_INFINITY;

  constructor(url: string, options: RangeReaderOptions = {}) {
    this.url = url;
    this.blockSize = positiveInt(options.minChunk ?? 100 * KIB, 'minChunk');
    this.chunk = this.blockSize;
    this.growth = options.growth ?? 1.7;
    if (!(this.growth >= 1)) {
      throw new SdkError('E_VALIDATION', `growth must be ≥ 1, got ${this.growth}`, {
        path: 'growth',
      });
    }
    this.maxChunk = Math.max(
      this.blockSize,
      positiveInt(options.maxChunk ?? 100 * KIB * KIB, 'maxChunk'),
    );
    this.cacheBytes = options.cacheBytes ?? KIB * KIB * KIB;
    const r = options.retries;
    this.retry = resolveRetry(
      typeof r === 'object'
        ? { retries: 8, baseDelayMs: 500, ...r }
        : { retries: r ?? 8, baseDelayMs: 500 },
    );
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.headers = options.headers ?? {};
    this.signal = options.signal;
  }

  /**
   * The length, from a GET aborted once its headers arrive (presigned S3 URLs reject HEAD).
   * Learned once; a failure is not remembered.
   */
  size(): Promise<number> {
    this.sizePromise ??= this.probe().catch((e: unknown) => {
      this.sizePromise = undefined;
      throw e;
    });
    return this.sizePromise;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      !Number.isSafeInteger(length) ||
      length < 0
    ) {
      throw new SdkError('E_VALIDATION', `bad range: offset ${offset}, length ${length}`, {
        file: this.url,
      });
    }
    const total = await this.size();
    if (offset > total) {
      throw new SdkError('E_VALIDATION', `offset ${offset} is past the end (${total} bytes)`, {
        file: this.url,
      });
    }
    const end = Math.min(offset + length, total);
    const sequential = offset >= this.lastEnd && offset - this.lastEnd < this.blockSize;
    this.lastEnd = end;
    if (end === offset) return new Uint8Array(0);
    if (!sequential) this.chunk = this.blockSize;

    const B = this.blockSize;
    const first = Math.floor(offset / B);
    const last = Math.floor((end - 1) / B);
    const parts: Array<Promise<Uint8Array> | Uint8Array> = [];
    const missing: number[] = [];
    for (let i = first; i <= last; i++) {
      const cached = this.blocks.get(i);
      if (cached) {
        this.blocks.delete(i);
        this.blocks.set(i, cached);
        this.stats.blockHits++;
        parts.push(cached);
      } else {
        const pending = this.inFlight.get(i);
        if (pending) this.stats.blockHits++;
        else missing.push(i);
        parts.push(pending ?? Promise.resolve(new Uint8Array(0)));
      }
    }
    if (missing.length > 0) {
      if (sequential) this.chunk = Math.min(this.maxChunk, this.chunk * this.growth);
      const lastBlock = Math.ceil(total / B) - 1;
      const runs = contiguousRuns(missing);
      // Read ahead after the last run only, up to a block that is already there.
      const tail = runs[runs.length - 1] as [number, number];
      const want = Math.ceil(this.chunk / B);
      while (
        tail[1] - tail[0] + 1 < want &&
        tail[1] < lastBlock &&
        !this.blocks.has(tail[1] + 1) &&
        !this.inFlight.has(tail[1] + 1)
      ) {
        tail[1]++;
      }
      for (const [a, b] of runs) this.fetchRun(a, b, total);
      for (const i of missing) parts[i - first] = this.inFlight.get(i) as Promise<Uint8Array>;
    }
    const got = await Promise.all(parts);
    const out = new Uint8Array(end - offset);
    let at = 0;
    for (let k = 0; k < got.length; k++) {
      const block = got[k] as Uint8Array;
      const blockStart = (first + k) * B;
      const from = Math.max(offset, blockStart) - blockStart;
      const to = Math.min(end, blockStart + block.length) - blockStart;
      out.set(block.subarray(from, to), at);
      at += to - from;
    }
    return out;
  }

  /** Drops every cached block. */
  clear(): void {
    this.blocks.clear();
    this.stats.cachedBytes = 0;
  }

  private fetchRun(a: number, b: number, total: number): void {
    const B = this.blockSize;
    const start = a * B;
    const endIncl = Math.min((b + 1) * B, total) - 1;
    this.stats.blockMisses += b - a + 1;
    const body = this.fetchRange(start, endIncl);
    for (let i = a; i <= b; i++) {
      const block = body.then((bytes) =>
        bytes.subarray((i - a) * B, Math.min((i - a + 1) * B, bytes.length)),
      );
      this.inFlight.set(i, block);
      block.then(
        (bytes) => {
          if (this.inFlight.get(i) === block) this.inFlight.delete(i);
          this.remember(i, bytes);
        },
        () => {
          if (this.inFlight.get(i) === block) this.inFlight.delete(i);
        },
      );
    }
  }

  private remember(i: number, bytes: Uint8Array): void {
    if (this.cacheBytes <= 0) return;
    const old = this.blocks.get(i);
    if (old) this.stats.cachedBytes -= old.length;
    this.blocks.delete(i);
    this.blocks.set(i, bytes);
    this.stats.cachedBytes += bytes.length;
    for (const [k, v] of this.blocks) {
      if (this.stats.cachedBytes <= this.cacheBytes) break;
      this.blocks.delete(k);
      this.stats.cachedBytes -= v.length;
    }
  }

  /** One attempt: `fetch` with the timeout, a network failure or timeout being transient. */
  private async request(
    headers: Record<string, string>,
    consume: (res: Response) => Promise<Uint8Array | number>,
  ): Promise<Uint8Array | number> {
    const attempt = new AttemptController(this.signal);
    attempt.arm(this.timeoutMs);
    this.stats.requests++;
    try {
      let res: Response;
      try {
        res = await this.fetchFn(this.url, {
          headers: { ...this.headers, ...headers },
          signal: attempt.signal,
        });
      } catch (cause) {
        throw this.transient(attempt, cause);
      }
      if (res.status >= 500) {
        await res.body?.cancel().catch(() => {});
        throw new TransientError(new ApiError('server error', this.url, { status: res.status }));
      }
      if (res.status >= 400) {
        await res.body?.cancel().catch(() => {});
        throw new ApiError('request failed', this.url, { status: res.status });
      }
      try {
        return await consume(res);
      } catch (cause) {
        if (cause instanceof SdkError || cause instanceof TransientError) throw cause;
        throw this.transient(attempt, cause);
      }
    } finally {
      attempt.dispose();
    }
  }

  private transient(attempt: AttemptController, cause: unknown): unknown {
    if (this.signal?.aborted) return cause;
    return new TransientError(
      new ApiError(attempt.timedOut ? 'request timed out' : 'connection failed', this.url, {
        cause: attempt.timedOut ? 'timeout' : cause,
      }),
    );
  }

  private async probe(): Promise<number> {
    return withRetries(this.url, this.retry, this.signal, async () => {
      const n = await this.request({}, async (res) => {
        const length = res.headers.get('content-length');
        const ranges = res.headers.get('accept-ranges');
        // Only the headers were wanted.
        await res.body?.cancel().catch(() => {});
        if (length === null || !/^\d+$/.test(length)) {
          throw new SdkError('E_UNSUPPORTED', 'the server sends no Content-Length', {
            file: this.url,
          });
        }
        if (ranges !== null && ranges.trim().toLowerCase() === 'none') {
          throw new SdkError('E_UNSUPPORTED', 'the server does not accept Range requests', {
            file: this.url,
          });
        }
        return Number(length);
      });
      return n as number;
    });
  }

  private fetchRange(start: number, endIncl: number): Promise<Uint8Array> {
    const expected = endIncl - start + 1;
    return withRetries(this.url, this.retry, this.signal, async () => {
      const bytes = await this.request({ Range: `bytes=${start}-${endIncl}` }, async (res) => {
        if (res.status !== 206) {
          await res.body?.cancel().catch(() => {});
          throw new SdkError(
            'E_UNSUPPORTED',
            `the server ignores Range requests (HTTP ${res.status} to bytes=${start}-${endIncl})`,
            { file: this.url },
          );
        }
        const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(
          res.headers.get('content-range')?.trim() ?? '',
        );
        if (!range || Number(range[1]) !== start || Number(range[2]) !== endIncl) {
          await res.body?.cancel().catch(() => {});
          throw new ApiError(
            `unexpected Content-Range ${res.headers.get('content-range')} for bytes=${start}-${endIncl}`,
            this.url,
            { status: res.status, code: 'E_FORMAT' },
          );
        }
        const body = new Uint8Array(await res.arrayBuffer());
        this.stats.bytesFetched += body.length;
        if (body.length !== expected) {
          throw new TransientError(
            new ApiError(`short body: ${body.length} of ${expected} bytes`, this.url, {
              status: res.status,
            }),
          );
        }
        return body;
      });
      return bytes as Uint8Array;
    });
  }
}

function contiguousRuns(sorted: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const i of sorted) {
    const r = runs[runs.length - 1];
    if (r && r[1] + 1 === i) r[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}
