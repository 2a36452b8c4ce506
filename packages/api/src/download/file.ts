/**
 * Streaming file downloads (Node-only): the body goes to `<path>.part-<random>`, is checked against
 * the announced size, fsync'ed and renamed, so a failed or interrupted download never leaves a
 * file under its final name. Transient failures retry with backoff and, when the server accepts
 * ranges, resume with `Range: bytes=<received>-`.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProgressEvent } from '@sdk/core';
import { ApiError } from '../errors.js';
import {
  AttemptController,
  DEFAULT_TIMEOUTS,
  type FetchLike,
  networkFailure,
  type RetryOptions,
  resolveRetry,
  type Timeouts,
  TransientError,
  withRetries,
} from '../http/client.js';
import { extractZip } from './zip.js';

export interface DownloadProgressEvent extends ProgressEvent {
  url: string;
  /** Bytes in the temporary file so far (equals `done`). */
  received: number;
}

export interface DownloadOptions {
  fetch?: FetchLike;
  timeouts?: Timeouts;
  retries?: number | RetryOptions;
  signal?: AbortSignal;
  onProgress?: (event: DownloadProgressEvent) => void;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Number of HTTP requests the download took (1 when nothing failed). */
  requests: number;
}

function parseContentRange(
  v: string | null,
): { start: number; total: number | undefined } | undefined {
  const m = v ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(v.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

function contentLength(h: Headers): number | undefined {
  const v = h.get('content-length');
  return v !== null && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

/** Downloads `url` to `<path>.part-<random>` (checked, fsync'ed) and returns that file; the caller renames or removes it. */
export async function downloadToTemp(
  url: string,
  path: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeouts = { ...DEFAULT_TIMEOUTS, ...(options.timeouts ?? {}) };
  const retry = resolveRetry(options.retries);
  const signal = options.signal;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.part-${randomBytes(6).toString('hex')}`;
  let fh: FileHandle | undefined = await open(tmp, 'w');
  let received = 0;
  let total: number | undefined;
  let acceptRanges = false;
  let requests = 0;
  try {
    await withRetries(url, retry, signal, async () => {
      const handle = fh as FileHandle;
      const resuming = received > 0 && acceptRanges;
      if (received > 0 && !resuming) {
        await handle.truncate(0);
        received = 0;
      }
      const ctl = new AttemptController(signal);
      ctl.arm(timeouts.connect);
      try {
        const headers: Record<string, string> = {};
        if (resuming) headers.Range = `bytes=${received}-`;
        let res: Response;
        requests++;
        try {
          res = await fetchImpl(url, { headers, signal: ctl.signal });
        } catch (e) {
          throw networkFailure(url, e, ctl, 'download');
        }
        if (res.status >= 500) {
          await res.body?.cancel().catch(() => undefined);
          throw new TransientError(
            new ApiError(res.statusText || 'server error', url, { status: res.status }),
          );
        }
        if (res.status >= 400) {
          await res.body?.cancel().catch(() => undefined);
          throw new ApiError(res.statusText || 'download failed', url, { status: res.status });
        }
        if (resuming && res.status === 206) {
          const range = parseContentRange(res.headers.get('content-range'));
          if (!range || range.start !== received) {
            await res.body?.cancel().catch(() => undefined);
            throw new ApiError(
              `the server resumed at the wrong offset (asked ${received}, got ${res.headers.get('content-range')})`,
              url,
              { status: 206 },
            );
          }
          if (range.total !== undefined) total = range.total;
        } else {
          // A full answer (first request, or a server that ignored Range): start over.
          if (received > 0) {
            await handle.truncate(0);
            received = 0;
          }
          total = contentLength(res.headers);
          acceptRanges = /\bbytes\b/i.test(res.headers.get('accept-ranges') ?? '');
        }
        if (!res.body) throw new ApiError('the response has no body', url, { status: res.status });
        const reader = res.body.getReader();
        for (;;) {
          ctl.arm(timeouts.idle);
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (e) {
            const t = networkFailure(
              url,
              e,
              ctl,
              `download (interrupted after ${received} of ${total ?? '?'} bytes)`,
            );
            throw t;
          }
          if (chunk.done) break;
          const value = chunk.value;
          let off = 0;
          while (off < value.length) {
            const { bytesWritten } = await handle.write(
              value,
              off,
              value.length - off,
              received + off,
            );
            off += bytesWritten;
          }
          received += value.length;
          options.onProgress?.({
            label: url,
            url,
            done: received,
            received,
            ...(total === undefined ? {} : { total }),
          });
        }
        if (total !== undefined && received < total) {
          throw new TransientError(
            new ApiError(
              `the body ended after ${received} of ${total} bytes (Content-Length)`,
              url,
              {
                status: res.status,
              },
            ),
          );
        }
        if (total !== undefined && received > total) {
          throw new ApiError(
            `the body has ${received} bytes but Content-Length said ${total}`,
            url,
            {
              status: res.status,
              code: 'E_FORMAT',
            },
          );
        }
      } finally {
        ctl.dispose();
      }
    });
    await (fh as FileHandle).sync();
    await (fh as FileHandle).close();
    fh = undefined;
    return { path: tmp, bytes: received, requests };
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * `stream_file_over_http`: downloads `url` to `path` atomically (temp file, size check, fsync,
 * rename). On any failure nothing is left at `path` and the temporary file is removed.
 */
export async function streamFileOverHttp(
  url: string,
  path: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const tmp = await downloadToTemp(url, path, options);
  try {
    await rename(tmp.path, path);
  } catch (e) {
    await rm(tmp.path, { force: true });
    throw e;
  }
  return { ...tmp, path };
}

/**
 * `stream_zip_directory_over_http`: downloads a zip and extracts every member (or `members`) into
 * `dir`. Unlike the reference, the HTTP status is checked before unzipping.
 */
export async function streamZipDirectoryOverHttp(
  url: string,
  dir: string,
  members?: readonly string[],
  options: DownloadOptions = {},
): Promise<string[]> {
  const tmp = await downloadToTemp(url, `${dir}/.download.zip`, options);
  try {
    const buf = await readFile(tmp.path);
    return await extractZip(buf, dir, members, url);
  } finally {
    await rm(tmp.path, { force: true });
  }
}
