import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SdkError } from '../errors.js';
import { loadMemoryBackend, loadNodeBackend } from './backend.js';
import {
  type InstalledFilterPlugins,
  installPluginDirectory,
  installPluginFiles,
  pluginStem,
} from './plugins.js';

export interface EnableFilterPluginsOptions {
  /**
   * A directory of Emscripten-built plugin files (libH5Z<name>.so). Default: the `plugins`
   * folder of the installed h5wasm-plugins package.
   */
  pluginDir?: string;
}

/** Where h5wasm-plugins keeps its .so files, or null when the package is not installed. */
export function filterPluginPackageDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('h5wasm-plugins/package.json')), 'plugins');
  } catch {
    return null;
  }
}

async function pluginFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    names = await readdir(dir);
  } catch (cause) {
    throw new SdkError('E_NOT_FOUND', 'HDF5 filter plugin directory not found', {
      file: dir,
      cause,
    });
  }
  const plugins = names.filter((n) => pluginStem(n) !== null).sort();
  if (plugins.length === 0) {
    throw new SdkError(
      'E_NOT_FOUND',
      'no HDF5 filter plugin files (libH5Z<name>.so) in the plugin directory',
      { file: dir },
    );
  }
  return plugins;
}

// One installation per plugin directory per process (both builds are process-wide singletons).
const enabling = new Map<string, Promise<InstalledFilterPlugins>>();

/**
 * Loads the HDF5 filter plugins of the optional h5wasm-plugins package (Blosc, Blosc2,
 * Bitshuffle, bzip2, JPEG, LZ4, LZF, ZFP, Zstandard, BitGroom, BitRound) into both h5wasm
 * builds, so files opened by path and from bytes can decode them. Idempotent. Throws
 * E_UNSUPPORTED when the package is not installed (then reading such data fails with an
 * E_UNSUPPORTED that names the filter).
 *
 * Known gaps of h5wasm-plugins 0.2.1 under h5wasm 0.10.3, refused before reading with
 * E_UNSUPPORTED: ZFP on float64 data, and Blosc/Blosc2 with the zlib or snappy codec.
 */
export async function enableFilterPlugins(
  options: EnableFilterPluginsOptions = {},
): Promise<InstalledFilterPlugins> {
  const dir = options.pluginDir ?? filterPluginPackageDir();
  if (dir === null) return install(null);
  let pending = enabling.get(dir);
  if (!pending) {
    pending = install(dir);
    enabling.set(dir, pending);
    // a failed attempt (missing directory) may be retried
    pending.catch(() => enabling.delete(dir));
  }
  return pending;
}

async function install(dir: string | null): Promise<InstalledFilterPlugins> {
  if (dir === null) {
    throw new SdkError(
      'E_UNSUPPORTED',
      'HDF5 filter plugins need the optional package h5wasm-plugins, which is not installed',
    );
  }
  const names = await pluginFiles(dir);
  const stems = names.map((n) => pluginStem(n) as string);
  // The Node build reads the host file system directly; the in-memory build (files opened from
  // bytes) needs its own copies in MEMFS.
  const nodeBackend = await loadNodeBackend();
  const result = installPluginDirectory(nodeBackend, dir, stems);
  const memoryBackend = await loadMemoryBackend();
  const files = new Map<string, Uint8Array>();
  for (const name of names) files.set(name, new Uint8Array(await readFile(join(dir, name))));
  installPluginFiles(memoryBackend, files);
  return result;
}
