// Direct reads of contiguous storage (src/h5/raw-layout.ts). The parsed extent must equal what
// HDF5 itself reports (h5py's DatasetID.get_offset / get_storage_size, written by
// tooling/oracle/generators/core_h5_layout.py) on object header versions 1 and 2, a user block
// and continuation blocks, and be null for every other storage; reads that take the direct path
// must return exactly what HDF5 returns.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type H5File, openH5 } from '../src/h5/file.js';
import { parsePythonJson } from '../src/json/python-json.js';

const DIR = fileURLToPath(new URL('./fixtures/h5layout/', import.meta.url));

interface Entry {
  layout: string;
  offset: number | null;
  storage_size: number;
  dtype: string;
  shape: number[];
  external: boolean;
  values: number[] | null;
}
const expected = parsePythonJson(
  readFileSync(join(DIR, 'layout.json'), 'utf8'),
) as unknown as Record<string, Record<string, Entry>>;

function itemSizeOf(dtype: string): number {
  return Number(dtype.slice(2));
}

/** The first index where two typed arrays differ (-1: same type, length and values). */
function firstDifference(a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): number {
  if (a.constructor !== b.constructor) return 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Bytes of `b` with every `size`-byte element reversed (big-endian as HDF5 hands it back). */
function swapped(b: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i += size)
    for (let k = 0; k < size; k++) out[i + k] = b[i + size - 1 - k] as number;
  return out;
}

describe('contiguous extents from the HDF5 format', () => {
  for (const [name, datasets] of Object.entries(expected)) {
    it(`${name}: every dataset's extent equals H5Dget_offset / storage size`, async () => {
      const f = await openH5(join(DIR, name));
      try {
        let direct = 0;
        for (const [path, e] of Object.entries(datasets)) {
          const got = f.contiguousExtent(path);
          const stored = e.layout === 'contiguous' && !e.external && e.storage_size > 0;
          if (!stored) {
            expect(got, path).toBeNull();
            continue;
          }
          expect(got, path).toEqual({ position: e.offset, size: e.storage_size });
          // The bytes there are the dataset's, as HDF5 reads them.
          const n = e.shape.reduce((a, b) => a * b, 1);
          const size = itemSizeOf(e.dtype);
          const viaHdf5 = f.readSelectionBytes(path, size, {
            offset: e.shape.map(() => 0),
            count: e.shape,
            step: e.shape.map(() => 1),
          });
          const raw = f.readFileBytes(got?.position ?? -1, n * size) ?? new Uint8Array(0);
          const native = e.dtype.startsWith('>') ? swapped(raw, size) : raw;
          expect(firstDifference(native, viaHdf5), path).toBe(-1);
          direct++;
        }
        expect(direct).toBe(6);
      } finally {
        f.close();
      }
    });
  }
});

describe('reads that go straight from the file', () => {
  const work = mkdtempSync(join(tmpdir(), 'sdk-raw-layout-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const N = 300_000; // 2.4 MB of float64: above the 1 MiB threshold
  const values = Float64Array.from({ length: N }, (_, i) => Math.sin(i) * 1e3 + i);
  const grid = Int32Array.from({ length: 600 * 1000 }, (_, i) => (i * 7919) % 100_003);

  async function writeFile(): Promise<string> {
    const path = join(work, 'big.h5');
    const f = await openH5(path, { mode: 'w' });
    f.createDataset('/values', { data: values });
    f.createDataset('/grid', { data: grid, shape: [600, 1000] });
    f.createDataset('/chunked', { data: values, chunks: [10_000] });
    f.close();
    return path;
  }

  function readBoth(f: H5File) {
    const spy = vi.spyOn(f, 'readFileBytes');
    const whole = f.dataset('/values').readNumeric().data;
    const part = f.dataset('/values').readNumeric({ slice: [[100_000, 290_000]] }).data;
    const rows = f.dataset('/grid').readNumeric({ slice: [[100, 400], null] });
    const strided = f.dataset('/grid').readNumeric({ slice: [[0, 600, 2], null] }).data;
    const columns = f.dataset('/grid').readNumeric({ slice: [null, [0, 900]] }).data;
    const chunked = f.dataset('/chunked').readNumeric().data;
    return { spy, whole, part, rows, strided, columns, chunked };
  }

  function check(r: ReturnType<typeof readBoth>) {
    expect(firstDifference(r.whole, values)).toBe(-1);
    expect(firstDifference(r.part, values.subarray(100_000, 290_000))).toBe(-1);
    expect(r.rows.shape).toEqual([300, 1000]);
    expect(firstDifference(r.rows.data, grid.subarray(100_000, 400_000))).toBe(-1);
    const everyOtherRow = Int32Array.from(
      { length: 300 * 1000 },
      (_, i) => grid[Math.floor(i / 1000) * 2 * 1000 + (i % 1000)] as number,
    );
    expect(firstDifference(r.strided, everyOtherRow)).toBe(-1);
    const first900 = Int32Array.from(
      { length: 600 * 900 },
      (_, i) => grid[Math.floor(i / 900) * 1000 + (i % 900)] as number,
    );
    expect(firstDifference(r.columns, first900)).toBe(-1);
    expect(firstDifference(r.chunked, values)).toBe(-1);
  }

  it('a file opened by path: whole datasets and row runs read directly, other selections through HDF5', async () => {
    const path = await writeFile();
    const f = await openH5(path);
    try {
      const r = readBoth(f);
      check(r);
      // values whole + part + grid rows, plus the two one-element checks of each new extent
      const big = r.spy.mock.calls.filter(([, length]) => length >= 1024 ** 2);
      expect(big.map(([, length]) => length)).toEqual([N * 8, 190_000 * 8, 300_000 * 4]);
    } finally {
      f.close();
    }
  });

  it('file bytes in memory (the browser path) read directly too', async () => {
    const path = await writeFile();
    const f = await openH5(readFileSync(path));
    try {
      const r = readBoth(f);
      check(r);
      expect(r.spy.mock.calls.filter(([, length]) => length >= 1024 ** 2)).toHaveLength(3);
    } finally {
      f.close();
    }
  });

  it('a file open for writing reads through HDF5 only', async () => {
    const path = await writeFile();
    const f = await openH5(path, { mode: 'a' });
    try {
      const r = readBoth(f);
      check(r);
      expect(r.spy.mock.calls.filter(([, length]) => length >= 1024 ** 2)).toHaveLength(0);
    } finally {
      f.close();
    }
  });

  it('an extent that disagrees with HDF5 on the first or last element is not used', async () => {
    const path = await writeFile();
    const f = await openH5(path);
    try {
      const real = f.contiguousExtent('/values');
      expect(real).not.toBeNull();
      // 8 bytes off: every element would be its neighbour
      vi.spyOn(f, 'contiguousExtent').mockReturnValue({
        position: (real?.position ?? 0) + 8,
        size: real?.size ?? 0,
      });
      const spy = vi.spyOn(f, 'readFileBytes');
      expect(firstDifference(f.dataset('/values').readNumeric().data, values)).toBe(-1);
      expect(spy.mock.calls.filter(([, length]) => length >= 1024 ** 2)).toHaveLength(0);
    } finally {
      f.close();
    }
  });
});
