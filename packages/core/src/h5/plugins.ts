// HDF5 filter plugins for h5wasm: Emscripten side modules (libH5Z<name>.so, as shipped by the
// h5wasm-plugins package) that HDF5 dlopen()s from its plugin search path the first time a chunk
// needs the filter. Gzip (deflate), shuffle, fletcher32, scaleoffset, nbit and szip are built into
// h5wasm; everything else needs a plugin. The Node entry point (`enableFilterPlugins` in
// plugins-node.ts) finds the package's files; this module only installs bytes or a directory into
// a backend and so stays browser-safe.
import { SdkError } from '../errors.js';
import { type H5Backend, loadMemoryBackend } from './backend.js';
import type { H5DType } from './dtype.js';

/** HDF5 registered filter ids (https://github.com/HDFGroup/hdf5_plugins, RegisteredFilterPlugins). */
export const H5_FILTER_NAMES: Readonly<Record<number, string>> = {
  1: 'deflate (gzip)',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  305: 'LZO',
  307: 'bzip2',
  32000: 'LZF',
  32001: 'Blosc',
  32004: 'LZ4',
  32008: 'Bitshuffle',
  32013: 'ZFP',
  32015: 'Zstandard',
  32017: 'SZ',
  32018: 'FCIDECOMP',
  32019: 'JPEG',
  32022: 'BitGroom',
  32023: 'BitRound',
  32024: 'SZ3',
  32026: 'Blosc2',
  32028: 'SPERR',
  32033: 'HTJ2K',
};

/** Plugin file stem (libH5Z<stem>.so) → the filter id it registers. */
export const PLUGIN_FILTER_IDS: Readonly<Record<string, number>> = {
  bshuf: 32008,
  blosc: 32001,
  blosc2: 32026,
  bz2: 307,
  jpeg: 32019,
  lz4: 32004,
  lzf: 32000,
  zfp: 32013,
  zstd: 32015,
  bitgroom: 32022,
  bitround: 32023,
};

export interface H5FilterInfo {
  id: number;
  name: string;
  cdValues: number[];
}

export interface InstalledFilterPlugins {
  /** Where HDF5 looks for them (a host directory for the Node backend, a MEMFS one otherwise). */
  dir: string;
  /** Plugin stems installed, e.g. ['blosc', 'bz2', 'lz4', ...]. */
  plugins: string[];
}

/** The plugin directory inside Emscripten's in-memory file system. */
const MEMFS_PLUGIN_DIR = '/sdk-h5-plugins';

const installed = new WeakMap<object, InstalledFilterPlugins>();

/** The plugins installed into this backend, or undefined. */
export function installedFilterPlugins(backend: H5Backend): InstalledFilterPlugins | undefined {
  return installed.get(backend.module);
}

/** `libH5Zblosc.so` → `blosc`; null for any other file name. */
export function pluginStem(fileName: string): string | null {
  const m = /^libH5Z(\w+)\.so$/.exec(fileName);
  return m ? (m[1] as string) : null;
}

function record(backend: H5Backend, dir: string, plugins: string[]): InstalledFilterPlugins {
  const previous = installed.get(backend.module);
  const merged = {
    dir,
    plugins: [...new Set([...(previous?.plugins ?? []), ...plugins])].sort(),
  };
  installed.set(backend.module, merged);
  return merged;
}

/**
 * Points a backend whose file system is the host's (the Node build, NODERAWFS) at a directory of
 * plugin files. HDF5 searches it first.
 */
export function installPluginDirectory(
  backend: H5Backend,
  dir: string,
  plugins: string[],
): InstalledFilterPlugins {
  const previous = installed.get(backend.module);
  if (previous?.dir !== dir) backend.module.insert_plugin_search_path(dir, 0);
  return record(backend, dir, plugins);
}

/**
 * Copies plugin files (name → bytes, names like `libH5Zblosc.so`) into a backend's in-memory file
 * system and puts that directory first on HDF5's plugin search path. This is how a browser gets
 * plugins: fetch the .so files, then pass their bytes here.
 */
export function installPluginFiles(
  backend: H5Backend,
  files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
): InstalledFilterPlugins {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  const fs = backend.module.FS;
  if (!fs.analyzePath(MEMFS_PLUGIN_DIR, false).exists) fs.mkdir(MEMFS_PLUGIN_DIR);
  const stems: string[] = [];
  for (const [name, bytes] of entries) {
    const stem = pluginStem(name);
    if (stem === null) {
      throw new SdkError(
        'E_VALIDATION',
        `'${name}' is not an HDF5 filter plugin file name (expected libH5Z<name>.so)`,
      );
    }
    fs.writeFile(`${MEMFS_PLUGIN_DIR}/${name}`, bytes);
    stems.push(stem);
  }
  const previous = installed.get(backend.module);
  if (previous?.dir !== MEMFS_PLUGIN_DIR) {
    backend.module.insert_plugin_search_path(MEMFS_PLUGIN_DIR, 0);
  }
  return record(backend, MEMFS_PLUGIN_DIR, stems);
}

/**
 * Browser entry point: installs plugin files (e.g. fetched from h5wasm-plugins' `plugins/`
 * folder) into the in-memory h5wasm build used for files opened from bytes. In Node use
 * enableFilterPlugins() from '@sdk/core/node', which covers files opened by path too.
 */
export async function installFilterPluginFiles(
  files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
): Promise<InstalledFilterPlugins> {
  return installPluginFiles(await loadMemoryBackend(), files);
}

function filterLabel(f: H5FilterInfo): string {
  return `${H5_FILTER_NAMES[f.id] ?? f.name} (filter id ${f.id})`;
}

// Blosc and Blosc2 store the inner codec in cd_values[6]: 0 blosclz, 1 lz4, 2 lz4hc, 3 snappy,
// 4 zlib, 5 zstd.
const BLOSC_CODECS = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd'];

/**
 * Why the h5wasm-plugins 0.2.1 builds cannot decode this dataset, or null. These cases are not
 * ordinary HDF5 errors: the side module calls a C function that the h5wasm main module does not
 * export, and Emscripten aborts ("undefined symbol 'ldexp'", "undefined symbol 'uncompress'")
 * in the middle of an HDF5 call. Checked before reading so the library is never left half-way
 * through a read. Found with h5wasm 0.10.3 (and the same with 0.8.8) on files written by h5py
 * with hdf5plugin 7.1.
 */
export function pluginDecodeProblem(
  filters: readonly H5FilterInfo[],
  dtype: H5DType,
): string | null {
  for (const f of filters) {
    if (f.id === 32013 && dtype.class === 'float' && dtype.size === 8) {
      return `${filterLabel(f)} on float64 data: the ZFP plugin of h5wasm-plugins needs ldexp(), which h5wasm does not export (float32 and integer ZFP data decode)`;
    }
    if ((f.id === 32001 || f.id === 32026) && f.cdValues.length > 6) {
      const codec = BLOSC_CODECS[f.cdValues[6] as number];
      if (codec === 'zlib') {
        return `${filterLabel(f)} with the zlib codec: the plugin needs zlib's uncompress(), which h5wasm does not export (the blosclz, lz4, lz4hc and zstd codecs decode)`;
      }
      if (codec === 'snappy') {
        return `${filterLabel(f)} with the snappy codec: the plugin is built without snappy`;
      }
    }
  }
  return null;
}

/**
 * The message for HDF5's "required filter '<name>' is not registered": names the filter as the
 * file records it and says what would provide it.
 */
export function unregisteredFilterMessage(name: string, pluginsEnabled: boolean): string {
  const head = `the data use the HDF5 filter '${name}', which this h5wasm build cannot decode`;
  if (!pluginsEnabled) {
    return (
      `${head}; plugin filters (Blosc, Blosc2, Bitshuffle, bzip2, LZ4, LZF, ZFP, Zstandard, ...) ` +
      "load with enableFilterPlugins() from '@sdk/core/node' (needs the h5wasm-plugins package) " +
      'or installFilterPluginFiles() in a browser'
    );
  }
  return (
    `${head}, even with the filter plugins loaded: h5wasm-plugins has no build of it ` +
    '(it provides Blosc, Blosc2, Bitshuffle, bzip2, JPEG, LZ4, LZF, ZFP, Zstandard, BitGroom and BitRound; ' +
    'not SZ, SZ3, SPERR, FCIDECOMP or HTJ2K)'
  );
}
