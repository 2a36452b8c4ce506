// Where a contiguous dataset's bytes sit in its file, read from the HDF5 format itself (the
// superblock, the dataset's object header, its Data Layout message), so that a large read can go
// straight from the file into the result's buffer. h5wasm has no H5Dget_offset and copies every
// read through the wasm heap; for tens of megabytes that second pass is most of the time.
// Anything this parser does not know (virtual or external storage, unallocated data, a layout it
// cannot find) answers null and the read goes through HDF5 as before; the caller also checks
// one element against HDF5 before trusting an answer. Format: "HDF5 File Format Specification
// Version 3.0", sections II.A (superblock), IV.A.1 (object headers), IV.A.2.i (data layout).

/** Reads `length` bytes at `position` of the file (fewer at its end). */
export type ReadAt = (position: number, length: number) => Uint8Array;

export interface Superblock {
  /** Absolute position that every address in the file is relative to (the user block's size). */
  base: number;
  offsetSize: number;
  lengthSize: number;
}

/** Where the stored bytes of a contiguous dataset are: absolute file position and byte count. */
export interface ContiguousExtent {
  position: number;
  size: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MSG_LAYOUT = 0x0008;
const MSG_EXTERNAL_FILES = 0x0007;
const MSG_CONTINUATION = 0x0010;
// Object headers are small; a bound keeps a corrupt size from reading megabytes.
const MAX_HEADER_CHUNK = 1 << 20;
const MAX_CHUNKS = 64;

/** An unsigned little-endian integer of 1–8 bytes; null when all ones (undefined) or ≥ 2^53. */
function uint(b: Uint8Array, at: number, size: number): number | null {
  if (at + size > b.length) return null;
  let allOnes = true;
  let v = 0;
  for (let i = size - 1; i >= 0; i--) {
    const byte = b[at + i] as number;
    if (byte !== 0xff) allOnes = false;
    v = v * 256 + byte;
  }
  if (allOnes || v > Number.MAX_SAFE_INTEGER) return null;
  return v;
}

/** The superblock (versions 0–3), searched at 0, 512, 1024, … as HDF5 does; null if none. */
export function readSuperblock(readAt: ReadAt, fileSize: number): Superblock | null {
  for (let at = 0; at < fileSize; at = at === 0 ? 512 : at * 2) {
    const b = readAt(at, 64);
    if (b.length < 24 || !SIGNATURE.every((x, i) => b[i] === x)) continue;
    const version = b[8] as number;
    let offsetSize: number;
    let lengthSize: number;
    let baseAt: number;
    if (version === 0 || version === 1) {
      offsetSize = b[13] as number;
      lengthSize = b[14] as number;
      baseAt = version === 0 ? 24 : 28;
    } else if (version === 2 || version === 3) {
      offsetSize = b[9] as number;
      lengthSize = b[10] as number;
      baseAt = 12;
    } else {
      return null;
    }
    if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) return null;
    const base = uint(b, baseAt, offsetSize);
    // The base address is the superblock's own position unless the file says otherwise.
    return { base: base ?? at, offsetSize, lengthSize };
  }
  return null;
}

interface Message {
  type: number;
  data: Uint8Array;
}

/** The messages of the object header at absolute position `at` (versions 1 and 2). */
function headerMessages(readAt: ReadAt, sb: Superblock, at: number): Message[] | null {
  const out: Message[] = [];
  const head = readAt(at, 32);
  const chunks: { at: number; length: number; v2: boolean; signed: boolean }[] = [];
  let v2: boolean;
  if (head[0] === 1) {
    v2 = false;
    const size = uint(head, 8, 4);
    if (size === null) return null;
    chunks.push({ at: at + 16, length: size, v2, signed: false });
  } else if (head[0] === 0x4f && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x52) {
    v2 = true;
    if (head[4] !== 2) return null;
    const flags = head[5] as number;
    let p = 6;
    if (flags & 0x20) p += 16;
    if (flags & 0x10) p += 4;
    const sizeBytes = 1 << (flags & 3);
    const size = uint(head, p, sizeBytes);
    if (size === null) return null;
    chunks.push({ at: at + p + sizeBytes, length: size, v2, signed: false });
  } else {
    return null;
  }
  const creationOrder = v2 && ((head[5] as number) & 0x04) !== 0;
  for (let c = 0; c < chunks.length; c++) {
    if (c >= MAX_CHUNKS) return null;
    const chunk = chunks[c] as (typeof chunks)[number];
    if (chunk.length > MAX_HEADER_CHUNK) return null;
    let bytes = readAt(chunk.at, chunk.length);
    if (bytes.length < chunk.length) return null;
    if (chunk.signed) {
      // "OCHK" … checksum: the messages are between
      if (bytes[0] !== 0x4f || bytes[1] !== 0x43 || bytes[2] !== 0x48 || bytes[3] !== 0x4b)
        return null;
      bytes = bytes.subarray(4, bytes.length - 4);
    }
    const headerSize = v2 ? 4 + (creationOrder ? 2 : 0) : 8;
    let p = 0;
    while (p + headerSize <= bytes.length) {
      const type = v2 ? (bytes[p] as number) : (uint(bytes, p, 2) as number);
      const size = uint(bytes, p + (v2 ? 1 : 2), 2);
      if (size === null) return null;
      const start = p + headerSize;
      if (start + size > bytes.length) return null;
      const data = bytes.subarray(start, start + size);
      if (type === MSG_CONTINUATION) {
        const cAt = uint(data, 0, sb.offsetSize);
        const cLen = uint(data, sb.offsetSize, sb.lengthSize);
        if (cAt === null || cLen === null) return null;
        chunks.push({ at: sb.base + cAt, length: cLen, v2, signed: v2 });
      } else {
        out.push({ type, data });
      }
      p = start + size;
    }
  }
  return out;
}

/**
 * The stored extent of the dataset whose object header is at `headerAddress` (relative to the
 * base, as in an object reference), or null when it is not plain contiguous storage in this file.
 */
export function contiguousExtent(
  readAt: ReadAt,
  sb: Superblock,
  headerAddress: number,
): ContiguousExtent | null {
  const messages = headerMessages(readAt, sb, sb.base + headerAddress);
  if (!messages) return null;
  if (messages.some((m) => m.type === MSG_EXTERNAL_FILES)) return null;
  const layout = messages.find((m) => m.type === MSG_LAYOUT)?.data;
  if (!layout) return null;
  const version = layout[0];
  if (version === 3 || version === 4) {
    if (layout[1] !== 1) return null; // 0 compact, 2 chunked, 3 virtual
    const address = uint(layout, 2, sb.offsetSize);
    const size = uint(layout, 2 + sb.offsetSize, sb.lengthSize);
    if (address === null || size === null) return null;
    return { position: sb.base + address, size };
  }
  // Versions 1 and 2 (HDF5 1.6 and older) store no byte count; not worth guessing.
  return null;
}
