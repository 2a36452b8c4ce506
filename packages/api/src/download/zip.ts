/**
 * A small zip reader for the archives the Allen API serves (grid data, mouse atlas volumes): stored
 * and deflated members, no zip64, no encryption. Node-only (zlib).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SdkError } from '@sdk/core';

export interface ZipEntry {
  name: string;
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

function bad(message: string, file?: string): SdkError {
  return new SdkError('E_FORMAT', `not a readable zip archive: ${message}`, file ? { file } : {});
}

export function listZip(buf: Uint8Array, file?: string): ZipEntry[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record', file);
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw new SdkError('E_UNSUPPORTED', 'zip64 archives are not supported', file ? { file } : {});
  }
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || view.getUint32(p, true) !== CEN_SIG)
      throw bad(`bad central directory entry ${i}`, file);
    const flags = view.getUint16(p + 8, true);
    if (flags & 1)
      throw new SdkError(
        'E_UNSUPPORTED',
        'encrypted zip members are not supported',
        file ? { file } : {},
      );
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const name = decoder.decode(buf.subarray(p + 46, p + 46 + nameLen));
    entries.push({
      name,
      method: view.getUint16(p + 10, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
      isDirectory: name.endsWith('/'),
    });
    p += 46 + nameLen + extraLen + commentLen;
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

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++)
    c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function readZipEntry(buf: Uint8Array, entry: ZipEntry, file?: string): Uint8Array {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || view.getUint32(p, true) !== LOC_SIG)
    throw bad(`bad local header for ${entry.name}`, file);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const raw = buf.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw bad(`${entry.name} is truncated`, file);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (e) {
      throw new SdkError('E_FORMAT', `cannot inflate zip member ${entry.name}`, {
        ...(file ? { file } : {}),
        cause: e,
      });
    }
  } else {
    throw new SdkError(
      'E_UNSUPPORTED',
      `zip compression method ${entry.method} (${entry.name})`,
      file ? { file } : {},
    );
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc32)
    throw bad(`${entry.name} fails its size/CRC check`, file);
  return data;
}

/**
 * Extracts every member (or only `members`) into `dir`, like Python's `ZipFile.extractall`. Each
 * file is written to a temporary name and renamed, so no partial member is ever visible.
 * Returns the paths written.
 */
export async function extractZip(
  buf: Uint8Array,
  dir: string,
  members?: readonly string[],
  file?: string,
): Promise<string[]> {
  const wanted = members ? new Set(members) : undefined;
  const entries = listZip(buf, file).filter((e) => !wanted || wanted.has(e.name));
  if (wanted) {
    const names = new Set(entries.map((e) => e.name));
    const missing = [...wanted].filter((m) => !names.has(m));
    if (missing.length) {
      throw new SdkError(
        'E_NOT_FOUND',
        `no member named ${missing.join(', ')} in the archive`,
        file ? { file } : {},
      );
    }
  }
  const written: string[] = [];
  for (const entry of entries) {
    const rel = normalize(entry.name);
    if (isAbsolute(entry.name) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw bad(`member ${entry.name} would be written outside ${dir}`, file);
    }
    const target = join(dir, rel);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    const data = readZipEntry(buf, entry, file);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.part-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    written.push(target);
  }
  return written;
}
