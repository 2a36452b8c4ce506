import { readFile, writeFile } from 'node:fs/promises';
import { SdkError } from '../errors.js';
import type { NdArray, NumericArray } from '../ndarray.js';
import { type EncodeNpyOptions, encodeNpy, type NpyArray, parseNpy } from './npy.js';
import { encodeNpz, type NpzEntries, parseNpz } from './npz.js';

async function load(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SdkError(
      code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO',
      `cannot read ${path}: ${String(e)}`,
      {
        file: path,
        cause: e,
      },
    );
  }
}

async function save(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(path, bytes);
  } catch (e) {
    throw new SdkError('E_IO', `cannot write ${path}: ${String(e)}`, { file: path, cause: e });
  }
}

/** `np.load(path)` of a `.npy` file (or its bytes); see `parseNpy`. */
export async function readNpy(source: string | Uint8Array): Promise<NpyArray> {
  if (typeof source !== 'string') return parseNpy(source);
  return parseNpy(await load(source), { file: source });
}

/** `np.load(path)` of a `.npz` archive (or its bytes): name (without `.npy`) → array. */
export async function readNpz(source: string | Uint8Array): Promise<Map<string, NpyArray>> {
  if (typeof source !== 'string') return parseNpz(source);
  return parseNpz(await load(source), { file: source });
}

/** `np.save(path, array)`; see `encodeNpy`. */
export async function writeNpy(
  path: string,
  array: NdArray<NumericArray> | NdArray<string[]>,
  options?: EncodeNpyOptions,
): Promise<void> {
  await save(path, encodeNpy(array, options));
}

/** `np.savez` / `np.savez_compressed` (`{compressed: true}`); see `encodeNpz`. */
export async function writeNpz(
  path: string,
  entries: NpzEntries,
  options: { compressed?: boolean; npy?: Readonly<Record<string, EncodeNpyOptions>> } = {},
): Promise<void> {
  await save(path, await encodeNpz(entries, options));
}
