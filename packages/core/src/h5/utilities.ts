// The equivalents of allensdk.core.h5_utilities, over the H5File wrapper.
import { SdkError } from '../errors.js';
import { type NdArray, toCOrder } from '../ndarray.js';
import type { H5Dataset, H5File, H5Group, H5Value } from './file.js';

export type H5Node = H5Group | H5Dataset;
/** Returns [matched, object], as the reference's matcher callbacks do. */
export type H5Matcher = (name: string, obj: H5Node) => [boolean, H5Node];

function startGroup(file: H5File, start?: string | H5Group): H5Group {
  if (start === undefined) return file;
  if (typeof start !== 'string') return start;
  return file.group(start);
}

/**
 * Depth-first visit of every object below `start` (default the root), children in HDF5 key
 * order, like h5py's `visititems`: names are relative to `start`, the start itself is not
 * visited, and soft and external links are not followed. A callback returning anything other
 * than undefined stops the walk, and that value is returned.
 */
export function traverseH5<T>(
  file: H5File,
  visit: (name: string, obj: H5Node) => T | undefined,
  start?: string | H5Group,
): T | undefined {
  const root = startGroup(file, start);
  const walk = (group: H5Group, prefix: string): T | undefined => {
    for (const key of group.keys()) {
      const path = `${group.path === '/' ? '' : group.path}/${key}`;
      if (file.link(path).kind !== 'hard') continue;
      const obj = file.get(path);
      const name = prefix ? `${prefix}/${key}` : key;
      const stop = visit(name, obj);
      if (stop !== undefined) return stop;
      if (obj.kind === 'group') {
        const inner = walk(obj, name);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  };
  return walk(root, '');
}

/** `h5_object_matcher_relname_in`: does the last path component belong to `names`? */
export function matchRelnameIn(names: readonly string[]): H5Matcher {
  return (name, obj) => [names.includes(name.split('/').pop() ?? ''), obj];
}

/** Every object below `start` that the matcher accepts, in traversal order. */
export function locateH5Objects(
  matcher: H5Matcher,
  file: H5File,
  start?: string | H5Group,
): H5Node[] {
  const found: H5Node[] = [];
  traverseH5(
    file,
    (name, obj) => {
      if (matcher(name, obj)[0]) found.push(obj);
      return undefined;
    },
    start,
  );
  return found;
}

/** For each key, the last object its matcher accepts. */
export function keyedLocateH5Objects(
  matchers: Record<string, H5Matcher>,
  file: H5File,
  start?: string | H5Group,
): Record<string, H5Node> {
  const found: Record<string, H5Node> = {};
  traverseH5(
    file,
    (name, obj) => {
      for (const [key, matcher] of Object.entries(matchers)) {
        if (matcher(name, obj)[0]) found[key] = obj;
      }
      return undefined;
    },
    start,
  );
  return found;
}

/** `{relname: value}` for the datasets named `relnames` below `start`, read in full. */
export function loadDatasetsByRelnames(
  relnames: readonly string[],
  file: H5File,
  start?: string | H5Group,
): Record<string, H5Value> {
  const matchers = Object.fromEntries(relnames.map((r) => [r, matchRelnameIn([r])]));
  const found = keyedLocateH5Objects(matchers, file, start);
  const out: Record<string, H5Value> = {};
  for (const [key, obj] of Object.entries(found)) {
    if (obj.kind !== 'dataset') {
      throw new SdkError('E_FORMAT', `'${key}' is a group, not a dataset`, {
        file: file.filename,
        path: obj.path,
      });
    }
    if (obj.shape?.length === 0) {
      // The reference reads `value[:]`, which h5py refuses on a scalar dataspace.
      throw new SdkError('E_VALIDATION', `'${key}' is a scalar dataset and cannot be sliced`, {
        file: file.filename,
        path: obj.path,
      });
    }
    out[key] = obj.read();
  }
  return out;
}

/**
 * `decode_bytes`: the elements of a string or bytes dataset as a flat list of str. The reader
 * already decodes HDF5 strings as UTF-8; raw byte elements are decoded with `encoding`.
 */
export function decodeBytes(source: H5Dataset | NdArray<unknown[]>, encoding = 'utf-8'): string[] {
  const nd = 'kind' in source ? (source.read() as unknown) : source;
  if (typeof nd === 'string') return [nd];
  if (nd === null || typeof nd !== 'object' || !('data' in nd)) {
    throw new SdkError('E_FORMAT', 'decodeBytes needs a string or bytes dataset');
  }
  const decoder = new TextDecoder(encoding);
  return Array.from(toCOrder(nd as NdArray<unknown[]>).data, (v, i) => {
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return decoder.decode(v);
    throw new SdkError('E_FORMAT', `element ${i} is not a string or bytes`);
  });
}
