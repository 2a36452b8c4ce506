import type { CacheStore } from './store.js';

export interface CallCachingOptions<Q, P> {
  /** Gets the data from the expensive source. */
  fetch: () => Q | Promise<Q>;
  /** Stores it locally. */
  write: (data: Q) => void | Promise<void>;
  /** Reads it back from the local store. */
  read?: () => P | Promise<P>;
  preWrite?: (data: Q) => Q | Promise<Q>;
  /** Repairs a failed fetch (e.g. deletes a partial file). */
  cleanup?: () => void | Promise<void>;
  /** Try the local store before fetching (default true). */
  lazy?: boolean;
  /** Fetches to attempt before rethrowing (default 1). */
  numTries?: number;
  failureMessage?: string;
  /** Where warnings go (Python `warnings.warn`); default `console.warn`. */
  warn?: (message: string) => void;
}

/**
 * `caching_utilities.call_caching` (allensdk 2.16.2), with its exact retry rules: a failure
 * while `lazy` does not use up a try (so a lazy call without a reader whose fetch fails tries
 * twice with `numTries: 1`), cleanup runs only after non-lazy failures, and each retry is
 * non-lazy.
 */
export async function callCaching<Q, P>(options: CallCachingOptions<Q, P>): Promise<P | undefined> {
  const { fetch, write, read, preWrite, cleanup, failureMessage = '' } = options;
  const lazy = options.lazy ?? true;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  let numTries = options.numTries ?? 1;
  try {
    if (!lazy || read === undefined) {
      let data = await fetch();
      if (preWrite !== undefined) data = await preWrite(data);
      await write(data);
    }
    return read === undefined ? undefined : await read();
  } catch (e) {
    if (cleanup !== undefined && !lazy) await cleanup();
    numTries -= lazy ? 0 : 1;
    if (numTries <= 0) {
      if (failureMessage) warn(failureMessage);
      throw e;
    }
    const retry = `retrying fetch (${numTries} tries remaining)`;
    if (!lazy) warn(failureMessage ? `${failureMessage} ${retry}` : retry);
    return callCaching({ ...options, lazy: false, numTries });
  }
}

export interface OneFileCallCachingOptions<Q, P>
  extends Omit<CallCachingOptions<Q, P>, 'write' | 'read'> {
  write: (path: string, data: Q, store: CacheStore) => void | Promise<void>;
  read?: (path: string, store: CacheStore) => P | Promise<P>;
}

/**
 * `one_file_call_caching`: `callCaching` where the local store is the file `path`. Parent
 * directories are made before writing, and the default cleanup deletes `path` (a missing file
 * is fine).
 */
export function oneFileCallCaching<Q, P>(
  store: CacheStore,
  path: string,
  options: OneFileCallCachingOptions<Q, P>,
): Promise<P | undefined> {
  const { write, read, ...rest } = options;
  const base: CallCachingOptions<Q, P> = {
    ...rest,
    write: async (data) => {
      await store.makeParentDirs(path);
      await write(path, data, store);
    },
    cleanup: options.cleanup ?? (() => store.remove(path)),
  };
  if (read !== undefined) base.read = () => read(path, store);
  return callCaching(base);
}

export type Memoized<A extends unknown[], R> = ((...args: A) => R) & {
  cacheClear(): void;
  cacheSize(): number;
};

/**
 * `warehouse_cache.memoize`: an unbounded cache keyed on the arguments' structure. As with
 * Python's `_make_key(typed=False)`, `3` and `3.0` (one number in JS) and `true` and `1` share a
 * key, while `'3'` and `3` do not.
 */
export function memoize<A extends unknown[], R>(fn: (...args: A) => R): Memoized<A, R> {
  const cache = new Map<string, R>();
  const wrapper = ((...args: A): R => {
    const key = structuralKey(args);
    if (cache.has(key)) return cache.get(key) as R;
    const result = fn(...args);
    cache.set(key, result);
    return result;
  }) as Memoized<A, R>;
  wrapper.cacheClear = () => cache.clear();
  wrapper.cacheSize = () => cache.size;
  return wrapper;
}

function structuralKey(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'number':
      return `n:${value === 0 ? 0 : value}`;
    case 'boolean':
      return `n:${value ? 1 : 0}`;
    case 'bigint':
      return `n:${value}`;
    case 'string':
      return `s:${JSON.stringify(value)}`;
  }
  if (Array.isArray(value)) return `(${value.map(structuralKey).join(',')})`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${structuralKey(v)}`).join(',')}}`;
  }
  return `?:${String(value)}`;
}
