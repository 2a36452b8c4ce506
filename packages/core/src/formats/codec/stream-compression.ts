import { SdkError } from '../../errors.js';

/**
 * gzip / deflate through the Compression Streams API, which Node ≥ 18 and browsers both provide,
 * so the format parsers stay free of `node:zlib`. Node-only wrappers may pass a zlib-based
 * compressor instead (for a chosen level; the streams API always uses the platform default).
 */
export type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';

export type Compressor = (bytes: Uint8Array) => Promise<Uint8Array>;

async function pump(
  stream: CompressionStream | DecompressionStream,
  bytes: Uint8Array,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Write and read concurrently: a large input would otherwise stall on back-pressure.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  // If the reading side fails first, its error is the one reported; keep this one handled.
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await written;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

export async function decompress(
  bytes: Uint8Array,
  format: CompressionFormat,
  where: { file?: string; path?: string } = {},
): Promise<Uint8Array> {
  try {
    return await pump(new DecompressionStream(format), bytes);
  } catch (cause) {
    throw new SdkError('E_FORMAT', `corrupt ${format} data: ${String(cause)}`, { ...where, cause });
  }
}

export function compress(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  return pump(new CompressionStream(format), bytes);
}
