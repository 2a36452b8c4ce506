import type { NdArray, NumericArray } from '../ndarray.js';
import { type EncodeNpyOptions, encodeNpy, type NpyArray, parseNpy } from './npy.js';
import { encodeZip, listZip, readZipEntry } from './zip.js';

/**
 * `np.load` of an `.npz` archive's bytes: every member (stored or deflated) as an array, keyed by
 * name without the `.npy` suffix, in archive order.
 */
export async function parseNpz(
  bytes: Uint8Array,
  options: { file?: string } = {},
): Promise<Map<string, NpyArray>> {
  const out = new Map<string, NpyArray>();
  for (const entry of listZip(bytes, options.file)) {
    if (entry.isDirectory) continue;
    const data = await readZipEntry(bytes, entry, options.file);
    const key = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
    out.set(
      key,
      parseNpy(data, { file: options.file ? `${options.file}/${entry.name}` : entry.name }),
    );
  }
  return out;
}

export type NpzEntries =
  | ReadonlyMap<string, NdArray<NumericArray> | NdArray<string[]>>
  | Readonly<Record<string, NdArray<NumericArray> | NdArray<string[]>>>;

/**
 * `np.savez` (stored) or `np.savez_compressed` (`{compressed: true}`, deflate) to bytes. Members
 * are named `<key>.npy`. Archives stay below 4 GiB (no zip64).
 */
export async function encodeNpz(
  entries: NpzEntries,
  options: { compressed?: boolean; npy?: Readonly<Record<string, EncodeNpyOptions>> } = {},
): Promise<Uint8Array> {
  const list = entries instanceof Map ? [...entries] : Object.entries(entries);
  return encodeZip(
    list.map(([key, array]) => ({
      name: `${key}.npy`,
      data: encodeNpy(array, options.npy?.[key]),
    })),
    { compressed: options.compressed ?? false },
  );
}
