import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { type H5File, openH5 } from '../src/h5/file.js';
import { enableFilterPlugins, filterPluginPackageDir } from '../src/h5/plugins-node.js';
import { parsePythonJson } from '../src/json/python-json.js';
import type { NdArray, NumericArray } from '../src/ndarray.js';

// Fixture written by h5py + hdf5plugin (tooling/oracle/generators/core_h5_plugins.py) and read
// back by h5py; every chunk of every dataset went through its filters (the generator checks the
// chunk filter masks). Comparisons are exact: floats via Object.is (NaN, inf), int64 as decimal
// strings.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const H5_PATH = join(FIXTURES, 'h5_plugins.h5');
interface Entry {
  dtype: string;
  shape: number[];
  chunks: number[];
  filters: [number, string][];
  values?: unknown;
}
const expected = (
  parsePythonJson(readFileSync(join(FIXTURES, 'h5_plugins.json'), 'utf8')) as unknown as {
    datasets: Record<string, Entry>;
  }
).datasets;

// Installed only where the optional h5wasm-plugins package is (a dependency of @sdk/core).
const PLUGINS_DIR = filterPluginPackageDir();

/** Datasets h5wasm-plugins 0.2.1 decodes under h5wasm 0.10.3. */
const DECODABLE = [
  '/lzf/f64',
  '/blosc/lz4_shuffle',
  '/blosc/lz4hc_bitshuffle',
  '/blosc/blosclz_noshuffle',
  '/blosc/zstd',
  '/blosc2/blosclz',
  '/blosc2/zstd_bitshuffle',
  '/lz4/f32',
  '/zstd/i16',
  '/zstd/shuffle_i64',
  '/bzip2/f64',
  '/bshuf/lz4_u8',
  '/bshuf/zstd_i32',
  '/bshuf/none_u16',
];

function flat(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

function expectValues(f: H5File, path: string): void {
  const e = expected[path];
  if (!e) throw new Error(`no expectation for ${path}`);
  const ds = f.dataset(path);
  expect(ds.shape, path).toEqual(e.shape);
  expect(ds.chunks, path).toEqual(e.chunks);
  expect(
    ds.filters.map((x) => x.id),
    path,
  ).toEqual(e.filters.map(([id]) => id));
  const nd = ds.read() as NdArray<NumericArray>;
  expect(nd.shape, path).toEqual(e.shape);
  const want = flat(e.values);
  const got = Array.from(nd.data as ArrayLike<number | bigint>);
  expect(got.length, path).toBe(want.length);
  let mismatches = 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    const w = want[i];
    const same = typeof g === 'bigint' ? g === BigInt(w as string) : Object.is(g, w);
    if (!same) mismatches++;
  }
  expect(mismatches, path).toBe(0);
}

async function expectUnsupported(
  f: H5File,
  path: string,
  patterns: RegExp[],
): Promise<SdkErrorLike> {
  try {
    f.dataset(path).read();
  } catch (e) {
    expect(isSdkError(e, 'E_UNSUPPORTED'), String(e)).toBe(true);
    const err = e as SdkErrorLike;
    expect(err.path).toBe(path);
    for (const p of patterns) expect(err.message).toMatch(p);
    return err;
  }
  throw new Error(`reading ${path} did not fail`);
}
interface SdkErrorLike {
  message: string;
  path?: string;
}

// Order matters: plugins, once installed, stay in the wasm module of this test file's worker.
describe('HDF5 filters without plugins', () => {
  it('decodes the built-in gzip + shuffle + fletcher32 pipeline', async () => {
    using f = await openH5(H5_PATH);
    expectValues(f, '/builtin/gzip_shuffle_fletcher');
  });

  it('fails with E_UNSUPPORTED naming the filter and how to get it', async () => {
    using f = await openH5(H5_PATH);
    await expectUnsupported(f, '/blosc/lz4_shuffle', [/'blosc'/, /enableFilterPlugins\(\)/]);
    await expectUnsupported(f, '/bzip2/f64', [/'bzip2'/, /h5wasm-plugins/]);
    // the handle recovers after the HDF5 error
    expectValues(f, '/builtin/gzip_shuffle_fletcher');
  });

  it('refuses a plugin directory that does not exist or holds no plugins', async () => {
    await expect(
      enableFilterPlugins({ pluginDir: join(FIXTURES, 'no-such-dir') }),
    ).rejects.toSatisfy((e) => isSdkError(e, 'E_NOT_FOUND'));
    await expect(enableFilterPlugins({ pluginDir: FIXTURES })).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_NOT_FOUND'),
    );
  });

  it.skipIf(PLUGINS_DIR !== null)('says the optional package is missing', async () => {
    await expect(enableFilterPlugins()).rejects.toSatisfy(
      (e) => isSdkError(e, 'E_UNSUPPORTED') && /h5wasm-plugins/.test(String(e)),
    );
  });
});

describe.skipIf(PLUGINS_DIR === null)('HDF5 filter plugins (h5wasm-plugins)', () => {
  it('loads the plugins into both h5wasm builds', async () => {
    const info = await enableFilterPlugins();
    expect(info.dir).toBe(PLUGINS_DIR);
    for (const name of ['blosc', 'blosc2', 'bshuf', 'bz2', 'lz4', 'lzf', 'zstd']) {
      expect(info.plugins).toContain(name);
    }
    // idempotent
    expect(await enableFilterPlugins()).toEqual(info);
  });

  it('decodes Blosc, Blosc2, LZ4, Zstd, bzip2, Bitshuffle and LZF data written by h5py (by path)', async () => {
    await enableFilterPlugins();
    using f = await openH5(H5_PATH);
    for (const path of DECODABLE) expectValues(f, path);
  });

  it('decodes them from bytes too (the in-memory build)', async () => {
    await enableFilterPlugins();
    using f = await openH5(readFileSync(H5_PATH));
    for (const path of DECODABLE) expectValues(f, path);
  });

  it('refuses the combinations that would abort h5wasm, naming the filter', async () => {
    await enableFilterPlugins();
    using f = await openH5(H5_PATH);
    await expectUnsupported(f, '/zfp/reversible', [/ZFP \(filter id 32013\)/, /ldexp/]);
    expectValues(f, '/blosc/lz4_shuffle');
  });

  it('names a filter that h5wasm-plugins has no build of (SZ3)', async () => {
    await enableFilterPlugins();
    using f = await openH5(H5_PATH);
    await expectUnsupported(f, '/unsupported/sz3', [/SZ3/, /even with the filter plugins loaded/]);
    expectValues(f, '/zstd/i16');
  });
});
