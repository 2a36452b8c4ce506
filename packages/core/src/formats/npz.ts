import { SdkError } from '../errors.js';
import type { NdArray, NumericArray } from '../ndarray.js';
import { compress, decompress } from './codec/stream-compression.js';
import { type EncodeNpyOptions, encodeNpy, type NpyArray, parseNpy } from './npy.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readEntries(bytes: Uint8Array, file?: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SdkError('E_FORMAT', 'not a zip (NPZ) file: no end record', { file });
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    view.getUint32(eocd - 20, true) === ZIP64_LOCATOR
  ) {
    const z = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (view.getUint32(z, true) !== ZIP64_EOCD) {
      throw new SdkError('E_FORMAT', 'corrupt zip64 end record', { file });
    }
    count = Number(view.getBigUint64(z + 32, true));
    cdOffset = Number(view.getBigUint64(z + 48, true));
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  const utf8 = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) {
      throw new SdkError('E_FORMAT', 'corrupt zip central directory', { file });
    }
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localOffset = view.getUint32(p + 42, true);
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 64-bit values of whichever fields are 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(view.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

async function entryBytes(bytes: Uint8Array, entry: ZipEntry, file?: string): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localOffset;
  if (view.getUint32(p, true) !== LOCAL) {
    throw new SdkError('E_FORMAT', `corrupt zip entry ${entry.name}`, { file, path: entry.name });
  }
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) {
    return decompress(raw, 'deflate-raw', { file, path: entry.name });
  }
  throw new SdkError('E_UNSUPPORTED', `zip compression method ${entry.method} is not supported`, {
    file,
    path: entry.name,
  });
}

/**
 * `np.load` of an `.npz` archive's bytes: every member (stored or deflated) as an array, keyed by
 * name without the `.npy` suffix, in archive order.
 */
export async function parseNpz(
  bytes: Uint8Array,
  options: { file?: string } = {},
): Promise<Map<string, NpyArray>> {
  const out = new Map<string, NpyArray>();
  for (const entry of readEntries(bytes, options.file)) {
    if (entry.name.endsWith('/')) continue;
    const data = await entryBytes(bytes, entry, options.file);
    const key = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
    out.set(
      key,
      parseNpy(data, { file: options.file ? `${options.file}/${entry.name}` : entry.name }),
    );
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
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
  const utf8 = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [key, array] of list) {
    const npy = encodeNpy(array, options.npy?.[key]);
    const payload = options.compressed ? await compress(npy, 'deflate-raw') : npy;
    const name = utf8.encode(`${key}.npy`);
    const crc = crc32(npy);
    const method = options.compressed ? 8 : 0;
    if (offset + 30 + name.length + payload.length > 0xffffffff) {
      throw new SdkError('E_UNSUPPORTED', 'NPZ archives of 4 GiB or more are not supported');
    }
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01, as zipfile writes for a zero date
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, npy.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.length, true);
    cv.setUint32(24, npy.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, payload);
    centrals.push(central);
    offset += local.length + payload.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD, true);
  ev.setUint16(8, list.length, true);
  ev.setUint16(10, list.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
