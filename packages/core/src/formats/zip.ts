/**
 * The one zip reader and writer of the SDK: NPZ archives (`np.savez`) and the archives the Allen
 * API serves (grid data, atlas volumes). Stored and deflated members, zip64 on read, no
 * encryption. Browser-safe: inflate/deflate go through the Compression Streams API.
 */
import { SdkError } from '../errors.js';
import { compress, decompress } from './codec/stream-compression.js';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated; anything else is refused when the member is read. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA_ID = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
/** DOS date 1980-01-01 at midnight, which Python's zipfile writes for a zero timestamp. */
const DOS_DATE_1980 = 0x21;

function corrupt(message: string, file?: string, entry?: string): SdkError {
  return new SdkError('E_FORMAT', `not a readable zip archive: ${message}`, { file, path: entry });
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndRecord(bytes: Uint8Array, view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 0xffff bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) return i;
  }
  return -1;
}

/** The central directory: every member in archive order, with zip64 sizes and offsets resolved. */
export function listZip(bytes: Uint8Array, file?: string): ZipEntry[] {
  const view = viewOf(bytes);
  const eocd = findEndRecord(bytes, view);
  if (eocd < 0) throw corrupt('no end-of-central-directory record', file);
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  // As Python's zipfile does, a zip64 locator in front of the end record takes precedence.
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG) {
    const z = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (z + 56 > bytes.length || view.getUint32(z, true) !== ZIP64_EOCD_SIG) {
      throw corrupt('bad zip64 end-of-central-directory record', file);
    }
    count = Number(view.getBigUint64(z + 32, true));
    cdOffset = Number(view.getBigUint64(z + 48, true));
  }
  const utf8 = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CEN_SIG) {
      throw corrupt(`bad central directory entry ${i}`, file);
    }
    const flags = view.getUint16(p + 8, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const extraStart = p + 46 + nameLen;
    const extraEnd = extraStart + extraLen;
    if (extraEnd + commentLen > bytes.length) throw corrupt(`central directory entry ${i}`, file);
    const name = utf8.decode(bytes.subarray(p + 46, extraStart));
    if (flags & FLAG_ENCRYPTED) {
      throw new SdkError('E_UNSUPPORTED', 'encrypted zip members are not supported', {
        file,
        path: name,
      });
    }
    let size = view.getUint32(p + 24, true);
    let compressedSize = view.getUint32(p + 20, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    // The zip64 extra field holds the 64-bit values of whichever fields are 0xffffffff, in this order.
    for (let e = extraStart; e + 4 <= extraEnd; ) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === ZIP64_EXTRA_ID) {
        let q = e + 4;
        const next = (): number => {
          if (q + 8 > e + 4 + len) throw corrupt('truncated zip64 extra field', file, name);
          const v = Number(view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + len;
    }
    entries.push({
      name,
      method: view.getUint16(p + 10, true),
      compressedSize,
      size,
      crc32: view.getUint32(p + 16, true),
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
    });
    p = extraEnd + commentLen;
  }
  return entries;
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

/** The CRC-32 (IEEE 802.3, as zlib and zipfile compute it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One member's uncompressed bytes, checked against the size and CRC-32 the directory records. */
export async function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  file?: string,
): Promise<Uint8Array> {
  const view = viewOf(bytes);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== LOC_SIG) {
    throw corrupt('bad local header', file, entry.name);
  }
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw corrupt('member is truncated', file, entry.name);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8)
    data = await decompress(raw, 'deflate-raw', { file, path: entry.name });
  else {
    throw new SdkError('E_UNSUPPORTED', `zip compression method ${entry.method} is not supported`, {
      file,
      path: entry.name,
    });
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc32) {
    throw corrupt('member fails its size/CRC check', file, entry.name);
  }
  return data;
}

export interface ZipWriteEntry {
  name: string;
  data: Uint8Array;
}

export interface EncodeZipOptions {
  /** Deflate every member (method 8) instead of storing it. */
  compressed?: boolean;
}

/**
 * Writes a zip the way Python's `zipfile` does for `np.savez`: UTF-8 names, a zero (1980-01-01)
 * timestamp, no extra fields. Archives stay below 4 GiB (no zip64 on write).
 */
export async function encodeZip(
  entries: Iterable<ZipWriteEntry>,
  options: EncodeZipOptions = {},
): Promise<Uint8Array> {
  const utf8 = new TextEncoder();
  const method = options.compressed ? 8 : 0;
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  for (const entry of entries) {
    const payload = options.compressed ? await compress(entry.data, 'deflate-raw') : entry.data;
    const name = utf8.encode(entry.name);
    const crc = crc32(entry.data);
    if (offset + 30 + name.length + payload.length > 0xffffffff) {
      throw new SdkError('E_UNSUPPORTED', 'zip archives of 4 GiB or more are not supported', {
        path: entry.name,
      });
    }
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOC_SIG, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, FLAG_UTF8, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, DOS_DATE_1980, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, entry.data.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CEN_SIG, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, FLAG_UTF8, true);
    cv.setUint16(10, method, true);
    cv.setUint16(14, DOS_DATE_1980, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.length, true);
    cv.setUint32(24, entry.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, payload);
    centrals.push(central);
    offset += local.length + payload.length;
    count++;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD_SIG, true);
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((s, part) => s + part.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
