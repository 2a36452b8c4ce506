import { SdkError } from '../errors.js';
import type { LongOperationOptions } from '../progress.js';
import type { CacheStore, HashAlgorithm } from './store.js';

/** What a fetcher may return: bytes, text, a stream, or a fetch `Response`. */
export type FetchBody =
  | Uint8Array
  | ArrayBuffer
  | string
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** A body with its size when the source knows it (e.g. Content-Length). */
export interface SizedBody {
  body: FetchBody;
  size?: number;
}

/** The subset of a fetch `Response` that is used. */
export interface ResponseLike {
  ok: boolean;
  status: number;
  url?: string;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}

export type FetchResult = FetchBody | SizedBody | ResponseLike;

export type Fetcher = (context: { signal: AbortSignal }) => FetchResult | Promise<FetchResult>;

export interface GetOrFetchOptions extends LongOperationOptions {
  /** Bytes the entry must have; a cached entry of another size is fetched again. */
  expectedSize?: number;
  /** Lower- or upper-case hex digests checked after the download. */
  sha256?: string;
  md5?: string;
  /** Progress label (default: the key). */
  label?: string;
  /** Called when another caller (maybe another process) is fetching `key` and this one waits. */
  onWait?: () => void;
}

export interface GetOrFetchResult {
  /** `store.locate(key)`: the file path for the Node store. */
  path: string;
  /** False when the entry was already cached (possibly fetched meanwhile by another process). */
  fetched: boolean;
  size: number;
}

/**
 * Returns the cached entry `key`, fetching it first when it is missing.
 *
 * The download streams into a temporary entry next to the final one, is checked (size,
 * checksum) and only then renamed into place: a failed, aborted or interrupted fetch leaves
 * nothing under `key`, so a later call never trusts a partial file. A store lock (a lock file
 * for the Node store) makes concurrent callers, in this or other processes, wait for the one
 * fetch and then read its result. Progress is reported in bytes; the last event has
 * `done === total`.
 */
export async function getOrFetch(
  store: CacheStore,
  key: string,
  fetcher: Fetcher,
  options: GetOrFetchOptions = {},
): Promise<GetOrFetchResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  const cached = await cachedSize(store, key, options);
  if (cached !== null) return { path: store.locate(key), fetched: false, size: cached };

  const lock = await store.lock(key, {
    ...(signal === undefined ? {} : { signal }),
    ...(options.onWait === undefined ? {} : { onWait: options.onWait }),
  });
  try {
    // Whoever held the lock before us may have fetched it.
    const fetchedMeanwhile = await cachedSize(store, key, options);
    if (fetchedMeanwhile !== null) {
      return { path: store.locate(key), fetched: false, size: fetchedMeanwhile };
    }
    const size = await fetchInto(store, key, fetcher, options);
    return { path: store.locate(key), fetched: true, size };
  } finally {
    await lock.release();
  }
}

async function cachedSize(
  store: CacheStore,
  key: string,
  options: GetOrFetchOptions,
): Promise<number | null> {
  const size = await store.size(key);
  if (size === null) return null;
  return options.expectedSize === undefined || size === options.expectedSize ? size : null;
}

async function fetchInto(
  store: CacheStore,
  key: string,
  fetcher: Fetcher,
  options: GetOrFetchOptions,
): Promise<number> {
  const signal = options.signal ?? new AbortController().signal;
  const file = store.locate(key);
  const checks = checksumsOf(options);
  const hashers = checks.map(([algorithm, expected]) => {
    if (!store.createHasher) {
      throw new SdkError('E_UNSUPPORTED', `This cache store cannot compute ${algorithm}`, { file });
    }
    return { algorithm, expected, hasher: store.createHasher(algorithm) };
  });

  const temp = await store.createTemp(key);
  try {
    const { body, size: reported } = normalise(await fetcher({ signal }), file);
    const total = options.expectedSize ?? reported;
    const label = options.label ?? key;
    const report = (done: number, end = false) =>
      options.onProgress?.({
        label,
        done,
        ...(total !== undefined ? { total } : end ? { total: done } : {}),
      });
    let done = 0;
    report(0);
    for await (const chunk of chunksOf(body, signal)) {
      signal.throwIfAborted();
      if (chunk.byteLength === 0) continue;
      done += chunk.byteLength;
      if (total !== undefined && done > total) throw sizeMismatch(file, total, done, true);
      await temp.write(chunk);
      for (const h of hashers) h.hasher.update(chunk);
      report(done);
    }
    signal.throwIfAborted();
    if (total !== undefined && done !== total) throw sizeMismatch(file, total, done, false);
    for (const { algorithm, expected, hasher } of hashers) {
      const actual = hasher.digest();
      if (actual !== expected) {
        throw new SdkError(
          'E_VALIDATION',
          `Checksum mismatch for ${key}: ${algorithm} is ${actual}, expected ${expected}`,
          { file },
        );
      }
    }
    await temp.commit();
    if (total === undefined) report(done, true);
    return done;
  } catch (e) {
    await temp.discard();
    throw e;
  }
}

function checksumsOf(options: GetOrFetchOptions): [HashAlgorithm, string][] {
  const out: [HashAlgorithm, string][] = [];
  if (options.sha256 !== undefined) out.push(['sha256', options.sha256.toLowerCase()]);
  if (options.md5 !== undefined) out.push(['md5', options.md5.toLowerCase()]);
  return out;
}

function sizeMismatch(file: string, expected: number, got: number, early: boolean): SdkError {
  const what = early ? `more than ${expected}` : `${got}`;
  return new SdkError(
    'E_VALIDATION',
    `Size mismatch: received ${what} bytes, expected ${expected}`,
    { file },
  );
}

function isResponse(x: FetchResult): x is ResponseLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    'ok' in x &&
    'headers' in x &&
    typeof (x as ResponseLike).headers?.get === 'function'
  );
}

function isSized(x: FetchResult): x is SizedBody {
  return (
    typeof x === 'object' &&
    x !== null &&
    'body' in x &&
    !isResponse(x) &&
    !(x instanceof Uint8Array) &&
    !isReadableStream(x)
  );
}

function normalise(result: FetchResult, file: string): SizedBody {
  if (isResponse(result)) {
    if (!result.ok) {
      throw new SdkError('E_NETWORK', `Download failed with HTTP ${result.status}`, {
        file: result.url || file,
      });
    }
    const length = result.headers.get('content-length');
    // A compressed transfer's Content-Length counts the compressed bytes, not what we receive.
    const encoded = (result.headers.get('content-encoding') ?? 'identity') !== 'identity';
    const sized: SizedBody = { body: result.body ?? new Uint8Array(0) };
    if (length !== null && !encoded && /^\d+$/.test(length)) sized.size = Number(length);
    return sized;
  }
  if (isSized(result)) return result;
  return { body: result };
}

function isReadableStream(x: unknown): x is ReadableStream<Uint8Array> {
  return (
    typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function'
  );
}

async function* chunksOf(body: FetchBody, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  if (typeof body === 'string') {
    yield new TextEncoder().encode(body);
  } else if (body instanceof Uint8Array) {
    yield body;
  } else if (body instanceof ArrayBuffer) {
    yield new Uint8Array(body);
  } else if (isReadableStream(body)) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await raceAbort(reader.read(), signal);
        if (done) return;
        yield value;
      }
    } finally {
      reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    const iterator = body[Symbol.asyncIterator]();
    try {
      for (;;) {
        const { done, value } = await raceAbort(iterator.next(), signal);
        if (done) return;
        yield value;
      }
    } finally {
      // Let the source clean up (close a socket, a file) without waiting on it.
      void iterator.return?.()?.catch?.(() => {});
    }
  }
}

/** Rejects as soon as `signal` aborts, even if the source never yields again. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
