import { SdkError } from '../errors.js';
import { formatPythonJson, parsePythonJson } from '../json/python-json.js';
import type { CacheStore } from './store.js';

export type CacheStrategy = 'lazy' | 'pass_through' | 'file' | 'create';

/** Reads a cached file. The store is passed so that readers work with any store. */
export type CacheReader<R = unknown> = (path: string, store: CacheStore) => R | Promise<R>;
/** Writes `data` to `path`; the cacher hands it a temporary path and renames it afterwards. */
export type CacheWriter<D = unknown> = (
  path: string,
  data: D,
  store: CacheStore,
) => void | Promise<void>;

export interface CacherOptions {
  path?: string | null;
  strategy?: CacheStrategy | null;
  pre?: (data: unknown) => unknown;
  post?: (data: unknown) => unknown;
  reader?: CacheReader | null;
  writer?: CacheWriter | null;
}

const STRATEGIES: readonly string[] = ['lazy', 'pass_through', 'file', 'create'];

// Serialises creates of one path within this process (the TS-only robustness of the spec).
const creating = new Map<string, Promise<unknown>>();

/**
 * `Cache.cacher` (allensdk 2.16.2):
 * 1. no strategy → `lazy` when there is a writer or a path, else `pass_through`;
 * 2. `lazy` → `file` when the path exists, else `create`;
 * 3. `pass_through` → `fn()`; `create` → parent dirs, then `writer(path, pre(fn()))`, or just
 *    `fn()` without a writer (the function writes the file itself); `file` → nothing;
 * 4. a reader, when given, reads the path back (for every strategy);
 * 5. a call-level `post` is applied last.
 * TS additions: the writer writes a temporary file that is renamed into place; creates of one
 * path in this process run one at a time (a lazy call re-checks after waiting); and when a lazy
 * call finds a file its reader cannot read, the file is deleted and created once more.
 */
export async function cacher(
  store: CacheStore,
  fn: () => unknown,
  options: CacherOptions = {},
): Promise<unknown> {
  const { path = null, pre = (d: unknown) => d, post, reader = null, writer = null } = options;
  let strategy: string = options.strategy ?? (writer || path ? 'lazy' : 'pass_through');
  if (!STRATEGIES.includes(strategy)) {
    throw new SdkError('E_VALIDATION', `Unknown query strategy: ${strategy}.`);
  }
  const needPath = () => {
    if (path === null) {
      throw new SdkError('E_VALIDATION', `The '${strategy}' cache strategy needs a path`);
    }
    return path;
  };

  let data: unknown;
  if (strategy === 'pass_through') {
    data = await fn();
  } else if (strategy === 'lazy' || strategy === 'create') {
    const p = needPath();
    const lazy = strategy === 'lazy';
    strategy = await serialised(store.locate(p), async () => {
      if (lazy && (await store.exists(p))) return 'file';
      data = await create(store, p, fn, pre, writer);
      return 'create';
    });
    if (lazy && strategy === 'file' && reader) {
      try {
        data = await reader(p, store);
      } catch {
        await store.remove(p);
        await serialised(store.locate(p), () => create(store, p, fn, pre, writer));
        data = await reader(p, store);
      }
      return post ? post(data) : data;
    }
  }
  if (reader) data = await reader(needPath(), store);
  return post ? post(data) : data;
}

async function create(
  store: CacheStore,
  path: string,
  fn: () => unknown,
  pre: (data: unknown) => unknown,
  writer: CacheWriter | null,
): Promise<unknown> {
  await store.makeParentDirs(path);
  if (!writer) return fn();
  const data = pre(await fn());
  const temp = await store.createTemp(path);
  await temp.discard(); // only its unique name is used: the writer creates the file itself
  try {
    await writer(temp.key, data, store);
    await store.rename(temp.key, path);
  } catch (e) {
    await store.remove(temp.key);
    throw e;
  }
  return data;
}

async function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = creating.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => {});
  creating.set(key, settled);
  try {
    return await run;
  } finally {
    if (creating.get(key) === settled) creating.delete(key);
  }
}

/** Defaults a `@cacheable` decorator gives; `pathfinder` takes the path from the arguments. */
export interface CacheableDefaults extends CacherOptions {
  pathfinder?: (...args: unknown[]) => string | null | undefined;
}

/**
 * `@cacheable(...)`: wraps `fn` so each call goes through {@link cacher} with these defaults
 * filling options the call does not give. As in 2.16.2 a decorator-level `post` is **never
 * applied** (the reference tests `not 'post in kwargs'`, a constant); only a call-level `post`
 * runs. `pathfinder` is consulted when the call gives no `path`.
 */
export function cacheable(defaults: CacheableDefaults = {}) {
  return <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (store: CacheStore, call: CacheableDefaults = {}, ...args: A): Promise<unknown> => {
      const pathfinder = call.pathfinder ?? defaults.pathfinder;
      const options: CacherOptions = { ...call };
      if (pathfinder && call.path === undefined) {
        const found = pathfinder(...args);
        if (found) options.path = found;
      }
      if (defaults.strategy && call.strategy === undefined) options.strategy = defaults.strategy;
      if (defaults.pre && call.pre === undefined) options.pre = defaults.pre;
      if (defaults.writer && call.writer === undefined) options.writer = defaults.writer;
      if (defaults.reader && call.reader === undefined) options.reader = defaults.reader;
      return cacher(store, () => fn(...args), options);
    };
}

/**
 * `Cache.pathfinder(pos, pos2?, keyword?)`: the path from an options object's `keyword`, else
 * from positional argument `pos`, else `pos2` (a `pos2` of 0 is ignored, as in Python).
 */
export function pathfinder(
  position: number,
  secondaryPosition?: number,
  keyword?: string,
): (...args: unknown[]) => string | null {
  return (...args) => {
    const last = args[args.length - 1];
    if (keyword !== undefined && last !== null && typeof last === 'object' && keyword in last) {
      return (last as Record<string, string | null>)[keyword] ?? null;
    }
    let found: unknown = position < args.length ? args[position] : null;
    if (
      (found === null || found === undefined) &&
      secondaryPosition &&
      secondaryPosition < args.length
    ) {
      found = args[secondaryPosition];
    }
    return typeof found === 'string' ? found : null;
  };
}

/** `Cache.cache_json()`: written as `json_utilities.write`, read back as `json_utilities.read`. */
export function cacheJson(): { writer: CacheWriter; reader: CacheReader } {
  return {
    writer: (path, data, store) => store.write(path, formatPythonJson(data)),
    reader: async (path, store) => {
      const text = (await store.readText(path)).replace(/^\ufeff/, '');
      return text.length === 0 ? {} : parsePythonJson(text, { file: store.locate(path) });
    },
  };
}

/** `Cache.nocache_json()`: nothing (the query result is returned as is). */
export function nocacheJson(): Record<string, never> {
  return {};
}

/**
 * `Cache.json_rename_columns`: in every record, copies `old` to `new` (appended last unless it
 * exists) and deletes `old`. A record without `old` throws `E_VALIDATION` (KeyError in the reference).
 */
export function jsonRenameColumns(
  data: Record<string, unknown>[],
  newOldPairs: readonly (readonly [string, string])[] = [],
): void {
  for (const [newName, oldName] of newOldPairs) {
    for (const r of data) {
      if (!(oldName in r)) {
        throw new SdkError('E_VALIDATION', `Cannot rename missing key ${oldName}`, {
          path: oldName,
        });
      }
      // Python order: assign, then delete (so renaming a key to itself removes it).
      r[newName] = r[oldName];
      delete r[oldName];
    }
  }
}

/** `Cache.json_remove_keys`: deletes the keys from every record; a missing key throws. */
export function jsonRemoveKeys(
  data: Record<string, unknown>[],
  keys: readonly string[],
): Record<string, unknown>[] {
  for (const r of data) {
    for (const key of keys) {
      if (!(key in r)) {
        throw new SdkError('E_VALIDATION', `Cannot remove missing key ${key}`, { path: key });
      }
      delete r[key];
    }
  }
  return data;
}
