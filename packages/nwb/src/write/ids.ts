// object_id values: UUID4 in lowercase canonical text, as hdmf writes them.

/** Produces one object_id per call. */
export type IdGenerator = () => string;

/** Random UUID4s from the platform's crypto (Node >= 19 and browsers). */
export const randomIdGenerator: IdGenerator = () => globalThis.crypto.randomUUID();

function formatUuid4(bytes: Uint8Array): string {
  // Version 4, RFC 4122 variant: the bits hdmf's uuid4() sets.
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Deterministic UUID4s from a 32-bit seed (mulberry32 stream), for reproducible files in tests.
 * Not for production files: ids from two files written with the same seed collide.
 */
export function seededIdGenerator(seed: number): IdGenerator {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const v = next();
      bytes[i] = v & 0xff;
      bytes[i + 1] = (v >>> 8) & 0xff;
      bytes[i + 2] = (v >>> 16) & 0xff;
      bytes[i + 3] = (v >>> 24) & 0xff;
    }
    return formatUuid4(bytes);
  };
}
