import { open, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gzip as gzipCb } from 'node:zlib';
import { SdkError } from '../errors.js';
import { fStrides, type NdArray, sizeOf } from '../ndarray.js';
import { arrayConstructor, decodeElements } from './codec/binary-dtype.js';
import {
  encodeNrrd,
  type Nrrd,
  type NrrdHeader,
  type NrrdSlab,
  nrrdDataFileName,
  nrrdDtype,
  nrrdLittleEndian,
  parseNrrd,
  parseNrrdHeader,
} from './nrrd.js';

export interface ReadNrrdOptions {
  /** Only parse the header (reads just the start of the file). */
  headerOnly?: boolean;
  /** Part of the volume along one axis; for raw data only those bytes are read from disk. */
  slab?: NrrdSlab;
  /** Largest single read while reading a raw slab (default 64 MiB). */
  slabReadBytes?: number;
}

function ioError(path: string, cause: unknown): SdkError {
  const code = (cause as { code?: string }).code;
  return new SdkError(
    code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO',
    `cannot read ${path}: ${String(cause)}`,
    {
      file: path,
      cause,
    },
  );
}

/** Reads the header from the start of a file, growing the read until the blank line is found. */
async function readHeader(
  path: string,
): Promise<{ header: NrrdHeader; dataOffset: number; size: number }> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    const size = (await fh.stat()).size;
    let want = 1 << 16;
    for (;;) {
      const buf = new Uint8Array(Math.min(want, size));
      await fh.read(buf, 0, buf.length, 0);
      const parsed = parseNrrdHeader(buf, { file: path });
      if (parsed.dataOffset >= 0 || buf.length >= size || nrrdDataFileName(parsed.header)) {
        return { ...parsed, size };
      }
      want *= 4;
    }
  } finally {
    await fh.close();
  }
}

/**
 * `nrrd.read(path, index_order='F')`. Whole files go through `parseNrrd`; a `slab` of raw data
 * (attached, no line skip) is read with positional reads, so volumes far larger than memory
 * (the 10 µm annotation, 4.8 GB) can be read part by part. gzip is inflated through the
 * Compression Streams API; detached `data file`s are resolved next to the header.
 */
export async function readNrrd(
  source: string | Uint8Array,
  options: ReadNrrdOptions & { headerOnly: true },
): Promise<{ header: NrrdHeader }>;
export async function readNrrd(
  source: string | Uint8Array,
  options?: ReadNrrdOptions,
): Promise<Nrrd>;
export async function readNrrd(
  source: string | Uint8Array,
  options: ReadNrrdOptions = {},
): Promise<Nrrd | { header: NrrdHeader }> {
  if (typeof source !== 'string') {
    if (options.headerOnly) return { header: parseNrrdHeader(source).header };
    return parseNrrd(source, { slab: options.slab });
  }
  const path = source;
  const { header, dataOffset, size } = await readHeader(path);
  if (options.headerOnly) return { header };
  const detached = nrrdDataFileName(header);
  const lineSkip = (header['line skip'] ?? header.lineskip ?? 0) as number;
  if (options.slab && header.encoding === 'raw' && lineSkip === 0 && detached === undefined) {
    return {
      header,
      data: await readRawSlab(path, header, dataOffset, size, options.slab, options.slabReadBytes),
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw ioError(path, e);
  }
  return parseNrrd(bytes, {
    file: path,
    slab: options.slab,
    readDataFile: async (name) => {
      const p = resolve(dirname(path), name);
      try {
        return await readFile(p);
      } catch (e) {
        throw ioError(p, e);
      }
    },
  });
}

async function readRawSlab(
  path: string,
  header: NrrdHeader,
  dataOffset: number,
  fileSize: number,
  slab: NrrdSlab,
  readBytes = 64 << 20,
): Promise<NdArray> {
  const dt = nrrdDtype(header.type, path);
  const little = nrrdLittleEndian(header, dt, path);
  const sizes = header.sizes;
  const n = sizes[slab.axis];
  if (
    n === undefined ||
    !Number.isInteger(slab.start) ||
    !Number.isInteger(slab.stop) ||
    slab.start < 0 ||
    slab.stop > n ||
    slab.start > slab.stop
  ) {
    throw new SdkError(
      'E_VALIDATION',
      `slab ${JSON.stringify(slab)} does not fit sizes [${sizes.join(' ')}]`,
      { file: path },
    );
  }
  const byteSkip = (header['byte skip'] ?? header.byteskip ?? 0) as number;
  const total = sizeOf(sizes) * dt.size;
  const start = byteSkip === -1 ? fileSize - total : dataOffset + byteSkip;
  if (start + total > fileSize) {
    throw new SdkError('E_FORMAT', `NRRD data ends early: ${fileSize - start} of ${total} bytes`, {
      file: path,
    });
  }
  const inner = sizeOf(sizes.slice(0, slab.axis));
  const outer = sizeOf(sizes.slice(slab.axis + 1));
  const width = slab.stop - slab.start;
  const shape = [...sizes];
  shape[slab.axis] = width;
  const Ctor = arrayConstructor(dt);
  const out = new Ctor(inner * width * outer);
  const runBytes = inner * width * dt.size;
  const fh = await open(path, 'r');
  try {
    // Each outer index holds one contiguous run of width·inner elements, n·inner apart. Read
    // several runs (and the gaps between them) per call, up to ~64 MiB, to keep calls few.
    const outerBytes = n * inner * dt.size;
    const perRead = Math.max(1, Math.min(outer, Math.floor(readBytes / Math.max(1, outerBytes))));
    const buf = new Uint8Array((perRead - 1) * outerBytes + runBytes);
    for (let o0 = 0; o0 < outer; o0 += perRead) {
      const k = Math.min(perRead, outer - o0);
      const span = (k - 1) * outerBytes + runBytes;
      const pos = start + (o0 * n + slab.start) * inner * dt.size;
      const { bytesRead } = await fh.read(buf, 0, span, pos);
      if (bytesRead < span) throw new SdkError('E_FORMAT', 'NRRD data ends early', { file: path });
      for (let j = 0; j < k; j++) {
        const part = decodeElements(buf.subarray(j * outerBytes), dt, inner * width, little);
        (out as Float64Array).set(part as Float64Array, (o0 + j) * inner * width);
      }
    }
  } finally {
    await fh.close();
  }
  return { data: out, shape, strides: fStrides(shape) };
}

export interface WriteNrrdOptions {
  /** gzip level, 9 by default as in pynrrd. */
  compressionLevel?: number;
}

/**
 * `nrrd.write(path, data, header, index_order='F')`; see `encodeNrrd`. gzip uses node:zlib at
 * `compressionLevel` (default 9, as pynrrd).
 */
export async function writeNrrd(
  path: string,
  array: NdArray,
  header: Partial<NrrdHeader> = {},
  options: WriteNrrdOptions = {},
): Promise<void> {
  const level = options.compressionLevel ?? 9;
  const bytes = await encodeNrrd(array, header, {
    compressor: (b) =>
      new Promise((res, rej) => gzipCb(b, { level }, (err, out) => (err ? rej(err) : res(out)))),
  });
  try {
    await writeFile(path, bytes);
  } catch (e) {
    throw new SdkError('E_IO', `cannot write ${path}: ${String(e)}`, { file: path, cause: e });
  }
}
