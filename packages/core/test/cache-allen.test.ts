import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../src/cache/allen-cache.js';
import {
  type CacherOptions,
  type CacheStrategy,
  cacheable,
  cacheJson,
  cacher,
  jsonRemoveKeys,
  jsonRenameColumns,
  pathfinder,
} from '../src/cache/cacher.js';
import { callCaching, memoize, oneFileCallCaching } from '../src/cache/call-caching.js';
import { FsCacheStore } from '../src/cache/node/fs-store.js';
import { isSdkError, ManifestVersionError } from '../src/errors.js';
import { readJsonSync, writeJsonSync } from '../src/json/node.js';
import { parsePythonJson } from '../src/json/python-json.js';
import type { ManifestVersionMismatchError } from '../src/manifest/version-error.js';

interface CallCachingCase {
  lazy: boolean;
  num_tries: number;
  reader: boolean;
  initial: 'missing' | 'valid' | 'corrupt';
  fetch_failures: number;
  msg?: string;
  ok?: string;
  error?: string;
  fetches: number;
  writes: number;
  reads: number;
  cleanups: number;
  store: string;
  warnings: string[];
}

interface CacherCase {
  strategy: string | null;
  writer: boolean;
  reader: boolean;
  exists: boolean;
  path?: boolean;
  pre?: boolean;
  post?: boolean;
  ok?: unknown;
  error?: string;
  fn_calls: number;
  file: unknown;
}

const behaviour = parsePythonJson(
  readFileSync(new URL('./fixtures/manifest/cache_behaviour.json', import.meta.url), 'utf-8'),
) as unknown as {
  call_caching: CallCachingCase[];
  cacher: CacherCase[];
  decorator_post: { decorator_post_only: unknown; call_post: unknown };
  version_mismatch: { message: string; outdated: boolean; written_config: unknown };
};

const tmp = mkdtempSync(join(tmpdir(), 'sdk-allen-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const store = new FsCacheStore();

describe('callCaching: call counts as allensdk call_caching', () => {
  it.each(behaviour.call_caching.map((c, i) => [i, c] as const))('scenario %i', async (_i, c) => {
    const state = { store: c.initial as string, fetches: 0, writes: 0, reads: 0, cleanups: 0 };
    const warnings: string[] = [];
    const outcome = await callCaching<string, string>({
      fetch: () => {
        state.fetches++;
        if (state.fetches <= c.fetch_failures) throw new Error('fetch failed');
        return 'data';
      },
      write: () => {
        state.writes++;
        state.store = 'valid';
      },
      ...(c.reader
        ? {
            read: () => {
              state.reads++;
              if (state.store !== 'valid') throw new Error(state.store);
              return 'data';
            },
          }
        : {}),
      cleanup: () => {
        state.cleanups++;
        state.store = 'missing';
      },
      lazy: c.lazy,
      numTries: c.num_tries,
      failureMessage: c.msg ?? '',
      warn: (m) => warnings.push(m),
    }).then(
      (ok) => ({ ok: ok ?? null }),
      () => ({ error: true }),
    );
    expect(outcome).toEqual(c.error === undefined ? { ok: c.ok ?? null } : { error: true });
    expect(state).toEqual({
      store: c.store,
      fetches: c.fetches,
      writes: c.writes,
      reads: c.reads,
      cleanups: c.cleanups,
    });
    expect(warnings).toEqual(c.warnings);
  });

  it('known answers from the spec are among the scenarios', () => {
    const noReader = behaviour.call_caching.find((c) => c.lazy && !c.reader && c.num_tries === 1);
    expect(noReader?.fetches).toBe(2);
    const corrupt = behaviour.call_caching.find((c) => c.initial === 'corrupt');
    expect(corrupt?.fetches).toBe(1);
  });

  it('oneFileCallCaching makes parent dirs and its default cleanup deletes the file', async () => {
    const path = join(tmp, 'one', 'deep', 'f.json');
    let fetches = 0;
    const read = (p: string) => readJsonSync(p);
    const result = await oneFileCallCaching(store, path, {
      fetch: () => ({ n: ++fetches }),
      write: (p, data) => writeJsonSync(p, data),
      read,
    });
    expect(result).toEqual({ n: 1 });
    writeFileSync(path, '{broken');
    const failing = oneFileCallCaching(store, path, {
      fetch: () => {
        throw new Error('offline');
      },
      write: (p, data) => writeJsonSync(p, data),
      read,
      numTries: 1,
    });
    await expect(failing).rejects.toThrow('offline');
    expect(existsSync(path)).toBe(false);
  });
});

describe('cacher: strategies as allensdk Cache.cacher', () => {
  const json = cacheJson();
  it.each(behaviour.cacher.map((c, i) => [i, c] as const))('scenario %i', async (i, c) => {
    const path = join(tmp, 'cacher', `sub${i}`, 'data.json');
    if (c.exists) {
      mkdirSync(dirname(path), { recursive: true });
      writeJsonSync(path, { cached: true });
    }
    let calls = 0;
    const fn = () => {
      calls++;
      if (!c.writer && c.path !== false) {
        mkdirSync(dirname(path), { recursive: true });
        writeJsonSync(path, { written_by_fn: true });
      }
      return { fresh: calls };
    };
    const options: CacherOptions = {};
    if (c.path !== false) options.path = path;
    if (c.strategy !== null) options.strategy = c.strategy as CacheStrategy;
    if (c.writer) options.writer = json.writer;
    if (c.reader) options.reader = json.reader;
    if (c.pre) options.pre = (d) => ({ ...(d as object), pre: true });
    if (c.post) options.post = (d) => ({ post: d });
    const outcome = await cacher(store, fn, options).then(
      (ok) => ({ ok: ok ?? null }),
      (e: unknown) => ({ error: isSdkError(e, 'E_VALIDATION') ? 'ValueError' : String(e) }),
    );
    expect(outcome).toEqual(c.error === undefined ? { ok: c.ok } : { error: c.error });
    expect(calls).toBe(c.fn_calls);
    expect(existsSync(path) ? readJsonSync(path) : null).toEqual(c.file);
  });

  it('a decorator-level post is ignored; a call-level post runs (2.16.2 quirk)', async () => {
    const query = cacheable({ post: () => 'DECORATOR POST', ...cacheJson() })(() => ({ q: 1 }));
    const path = join(tmp, 'decorated.json');
    expect(await query(store, { path })).toEqual(behaviour.decorator_post.decorator_post_only);
    expect(await query(store, { path, post: () => 'CALL POST' })).toEqual(
      behaviour.decorator_post.call_post,
    );
  });

  it('pathfinder takes the path from positional arguments or a keyword', async () => {
    const pf = pathfinder(1, 2, 'file_name');
    expect(pf(10, 'a.json')).toBe('a.json');
    expect(pf(10, null, 'b.json')).toBe('b.json');
    expect(pf(10, 'x', { file_name: 'c.json' })).toBe('c.json');
    const path = join(tmp, 'pf', 'q.json');
    let n = 0;
    const q = cacheable({ pathfinder: pathfinder(0), ...cacheJson() })((_p: string) => ({
      n: ++n,
    }));
    expect(await q(store, {}, path)).toEqual({ n: 1 });
    expect(await q(store, {}, path)).toEqual({ n: 1 });
    expect(readJsonSync(path)).toEqual({ n: 1 });
  });

  it('concurrent lazy calls in one process create once; a corrupt file is fetched again', async () => {
    const path = join(tmp, 'concurrent', 'c.json');
    let n = 0;
    const slow = async () => {
      n++;
      await new Promise((r) => setTimeout(r, 20));
      return { n };
    };
    const results = await Promise.all(
      [1, 2, 3].map(() => cacher(store, slow, { path, ...cacheJson() })),
    );
    expect(n).toBe(1);
    expect(results).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    writeFileSync(path, '{"truncated": ');
    expect(await cacher(store, slow, { path, ...cacheJson() })).toEqual({ n: 2 });
    expect(readJsonSync(path)).toEqual({ n: 2 });
  });

  it('a failing writer leaves nothing under the final name', async () => {
    const path = join(tmp, 'failing', 'w.json');
    const writer = async (p: string) => {
      writeFileSync(p, '{"half":');
      throw new Error('disk full');
    };
    await expect(cacher(store, () => ({}), { path, writer })).rejects.toThrow('disk full');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path)) ? readdir(dirname(path)) : []).toEqual([]);
  });
});

function readdir(dir: string): string[] {
  return readdirSync(dir);
}

describe('Cache', () => {
  class Versioned extends Cache {
    static override MANIFEST_VERSION = '1.1';
    static override MANIFEST_CONFIG = {
      DATA: { spec: 'specimen_%d/data.nwb', typename: 'file', parentKey: 'BASEDIR' },
    };
  }

  it('writes the manifest on first use, then resolves paths against its directory', async () => {
    const manifest = join(tmp, 'vc', 'manifest.json');
    const c = await Versioned.open({ manifest, store });
    expect(readJsonSync(manifest)).toEqual({
      manifest: [
        { type: 'manifest_version', value: '1.1' },
        { key: 'BASEDIR', type: 'dir', spec: '.' },
        { key: 'DATA', type: 'file', spec: 'specimen_%d/data.nwb', parent_key: 'BASEDIR' },
      ],
    });
    expect(c.getCachePath(null, 'DATA', 5)).toBe(join(tmp, 'vc', 'specimen_5', 'data.nwb'));
    expect(c.getCachePath('given.json', 'DATA', 5)).toBe('given.json');
    const off = await Versioned.open({ manifest, store, cache: false });
    expect(off.getCachePath(null, 'DATA', 5)).toBeNull();
    expect(
      await off.cacher(() => ({ a: 1 }), {
        path: 'never-written.json',
        ...cacheJson(),
        pre: (d) => ({ ...(d as object), pre: 1 }),
        post: (d) => [d],
      }),
    ).toEqual([{ a: 1, pre: 1 }]);
    expect(existsSync('never-written.json')).toBe(false);
    expect(
      c
        .manifestAsTable()
        .toArray()
        .map((r) => r.toJSON().key),
    ).toEqual(['BASEDIR', 'DATA']);
  });

  it('an outdated manifest throws ManifestVersionError with the reference message', async () => {
    class VersionOnly extends Cache {
      static override MANIFEST_VERSION = '1.1';
    }
    const manifest = join(tmp, 'vm', 'manifest.json');
    await VersionOnly.open({ manifest, store });
    expect(readJsonSync(manifest)).toEqual(behaviour.version_mismatch.written_config);
    const config = readJsonSync(manifest) as { manifest: { value?: string }[] };
    config.manifest[0]!.value = '1.0';
    writeJsonSync(manifest, config);
    const err = await VersionOnly.open({ manifest, store }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestVersionError);
    const e = err as ManifestVersionMismatchError;
    expect(e.outdated).toBe(behaviour.version_mismatch.outdated);
    expect(e.message).toBe(
      `${behaviour.version_mismatch.message.replace('<TMP>', tmp)} (${manifest})`,
    );
  });
});

describe('helpers', () => {
  it('jsonRenameColumns / jsonRemoveKeys', () => {
    const rows: Record<string, unknown>[] = [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ];
    jsonRenameColumns(rows, [['z', 'a']]);
    expect(rows).toEqual([
      { b: 2, z: 1 },
      { b: 4, z: 3 },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['b', 'z']);
    expect(() => jsonRenameColumns(rows, [['y', 'missing']])).toThrowError(/missing/);
    expect(jsonRemoveKeys(rows, ['b'])).toEqual([{ z: 1 }, { z: 3 }]);
  });

  it('memoize keys on structure: 3 and 3.0 and true/1 collide, "3" and 3 do not', () => {
    let calls = 0;
    const f = memoize((x: unknown, y?: unknown) => {
      calls++;
      return [x, y];
    });
    f(3);
    f(3.0);
    f(1, [1, 2]);
    f(true, [1, 2]);
    f('3');
    expect(calls).toBe(3);
    expect(f.cacheSize()).toBe(3);
    f.cacheClear();
    expect(f.cacheSize()).toBe(0);
  });
});
