/**
 * The `@cacheable` options of allensdk 2.16.2 query methods, on top of @sdk/core's `cacheable` and
 * `cacher`. Each download or save method the reference decorates takes a trailing
 * `CacheCallOptions`: `path` (default: the method's file argument, as the reference's
 * `pathfinder`), `strategy` (`create` by default for downloads: always download; `lazy`: download
 * only when the file is missing; `file`: never download), `pre`, `post` (call-level only: a
 * decorator-level `post` is never applied in the reference), `reader` and `writer`, plus the
 * `store` that resolves paths.
 */
import {
  type CacheableDefaults,
  type CacheReader,
  type CacherOptions,
  type CacheStore,
  cacheable,
  type Nrrd,
} from '@sdk/core';
import { type MetaImage, readMetaImage } from '../formats/metaImage.js';
import { type ObjMesh, parseObj } from '../formats/obj.js';

export interface CacheCallOptions extends CacherOptions {
  /**
   * Where `path` is resolved and checked; default the Api's `cacheStore` option, else a file-system
   * store on the working directory (Node), which is where the reference writes.
   */
  store?: CacheStore;
}

/** `nrrd.read` as a cache reader: the volume and header (Node: reads through core's `readNrrd`). */
export const nrrdReader: CacheReader<Nrrd> = async (path, store) => {
  const { readNrrd } = await import('@sdk/core/node');
  return readNrrd(store.locate(path));
};

/** `obj_utilities.read_obj` as a cache reader. */
export const objReader: CacheReader<ObjMesh> = async (path, store) =>
  parseObj(await store.readText(path), { file: store.locate(path) });

/** `sitk_utilities.read_ndarray_with_sitk` as a cache reader (the `.mhd` path). */
export const metaImageReader: CacheReader<MetaImage> = (path, store) => readMetaImage(store, path);

/**
 * Runs `download(target)` the way a `@cacheable(...defaults)` method runs: `target` is the file
 * argument resolved in the store (so an existence check and the download see the same file).
 */
export async function runCacheable(
  defaults: CacheableDefaults,
  fileArgument: string | null | undefined,
  call: CacheCallOptions | undefined,
  defaultStore: () => Promise<CacheStore>,
  download: (target: string | null) => Promise<unknown>,
): Promise<unknown> {
  const { store: given, ...options } = call ?? {};
  const store = given ?? (await defaultStore());
  const target = fileArgument ? store.locate(fileArgument) : null;
  const wrapped = cacheable({ ...defaults, pathfinder: () => fileArgument })(() =>
    download(target),
  );
  return wrapped(store, options);
}
