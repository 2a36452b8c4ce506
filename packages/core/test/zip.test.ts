// The zip reader against archives written by Python's zipfile (tooling/oracle/generators/core_formats_zip.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { crc32, encodeZip, listZip, readZipEntry, type ZipEntry } from '../src/formats/zip.js';

const dir = new URL('./fixtures/formats/zip/', import.meta.url).pathname;

interface ZipCase {
  comment: string;
  entries: Array<ZipEntry & { hex: string }>;
}
const cases = JSON.parse(readFileSync(join(dir, 'zip_cases.json'), 'utf8')) as Record<
  string,
  ZipCase
>;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('listZip / readZipEntry against zipfile', () => {
  it.each(Object.keys(cases))('%s', async (file) => {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const entries = listZip(bytes, file);
    const expected = cases[file]!.entries;
    expect(entries).toEqual(expected.map(({ hex: _, ...rest }) => rest));
    for (const [i, entry] of entries.entries()) {
      const data = await readZipEntry(bytes, entry, file);
      expect(hex(data), entry.name).toBe(expected[i]!.hex);
      expect(crc32(data)).toBe(expected[i]!.crc32);
    }
  });
});

describe('readZipEntry on a damaged archive', () => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'plain.zip')));

  it('rejects a flipped payload byte with E_FORMAT naming file and member', async () => {
    for (const name of ['stored.txt', 'dir/deflated.bin']) {
      const copy = bytes.slice();
      const entry = listZip(copy, 'plain.zip').find((e) => e.name === name)!;
      const view = new DataView(copy.buffer);
      const start =
        entry.localHeaderOffset +
        30 +
        view.getUint16(entry.localHeaderOffset + 26, true) +
        view.getUint16(entry.localHeaderOffset + 28, true);
      // Past the deflate block header, so the stream still inflates (to wrong bytes) or fails.
      const at = start + Math.floor(entry.compressedSize / 2);
      copy[at] = copy[at]! ^ 0x55;
      const err = await rejection(readZipEntry(copy, entry, 'plain.zip'));
      expect(isSdkError(err, 'E_FORMAT'), String(err)).toBe(true);
      expect((err as Error).message).toContain('plain.zip');
      expect((err as Error).message).toContain(name);
    }
  });

  it('rejects a file without an end record and a truncated member', async () => {
    expect(() => listZip(bytes.subarray(0, 100), 'cut.zip')).toThrowError(/cut\.zip/);
    const entries = listZip(bytes, 'plain.zip');
    const last = entries.at(-1)!;
    const err = await rejection(
      readZipEntry(bytes.subarray(0, last.localHeaderOffset + 31), last, 'plain.zip'),
    );
    expect(isSdkError(err, 'E_FORMAT')).toBe(true);
  });

  it('refuses encrypted members with E_UNSUPPORTED', () => {
    const copy = bytes.slice();
    const view = new DataView(copy.buffer);
    const cd = copy.findLastIndex(
      (_, i) => i + 4 <= copy.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint16(cd + 8, view.getUint16(cd + 8, true) | 1, true);
    let thrown: unknown;
    try {
      listZip(copy);
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_UNSUPPORTED')).toBe(true);
  });
});

describe('encodeZip', () => {
  it('round-trips stored and deflated members through listZip/readZipEntry', async () => {
    const src = cases['plain.zip']!.entries.filter((e) => !e.isDirectory);
    for (const compressed of [false, true]) {
      const zip = await encodeZip(
        src.map((e) => ({ name: e.name, data: new Uint8Array(Buffer.from(e.hex, 'hex')) })),
        { compressed },
      );
      const entries = listZip(zip);
      expect(entries.map((e) => [e.name, e.method, e.size, e.crc32])).toEqual(
        src.map((e) => [e.name, compressed ? 8 : 0, e.size, e.crc32]),
      );
      for (const [i, entry] of entries.entries()) {
        expect(hex(await readZipEntry(zip, entry))).toBe(src[i]!.hex);
      }
    }
  });
});
