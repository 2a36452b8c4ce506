// Bad input gives a typed SdkError naming the file (and the HDF5 path / NRRD field where there is
// one), never a crash inside h5wasm, a hang or garbage values. "Wrong dtype" here means asking a
// typed reader (readNumeric/readFloat64, readStrings, readTable) for a type the dataset does not
// hold; the untyped `read()` returns whatever the dataset holds, so it has no wrong type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorCode, isSdkError, type SdkError } from '../src/errors.js';
import { readNrrd } from '../src/formats/nrrd-node.js';
import { type H5File, openH5 } from '../src/h5/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 20_000;
let good: Uint8Array;
const goodPath = join(dir, 'good.h5');

beforeAll(async () => {
  const f = await openH5(null, { mode: 'w' });
  f.createDataset('/grp/values', { data: Float64Array.from({ length: N }, (_, i) => i) });
  f.createDataset('/names', { data: ['a', 'b', 'c'] });
  good = f.toBytes();
  f.close();
  writeFileSync(goodPath, good);
});

/** The SdkError `fn` throws (sync or async); fails the test if it returns or throws anything else. */
async function thrown(fn: () => unknown): Promise<SdkError> {
  let value: unknown;
  try {
    value = await fn();
  } catch (e) {
    if (!isSdkError(e)) throw e;
    return e;
  }
  throw new Error(`expected an SdkError, got a value: ${String(value)}`);
}

function expectError(e: SdkError, code: ErrorCode, file: string, path: string | undefined) {
  expect(e.code).toBe(code);
  expect(e.file).toBe(file);
  expect(e.path).toBe(path);
  expect(e.message).toContain(file);
  if (path !== undefined) expect(e.message).toContain(path);
}

describe('HDF5 files that are not whole HDF5 files', () => {
  // Cut in the superblock, in the object headers, and in the last dataset's data.
  it.each([100, 2_000, 0.5, -1_000])('a file truncated at %s bytes', async (cut) => {
    const n = cut < 0 ? good.length + cut : cut < 1 ? Math.floor(good.length * cut) : cut;
    const path = join(dir, `truncated-${n}.h5`);
    writeFileSync(path, good.subarray(0, n));
    const e = await thrown(() => openH5(path));
    // The file cannot be opened at all, so there is no HDF5 path to name.
    expectError(e, 'E_FORMAT', path, undefined);
    expect(e.message).toMatch(/truncated file/);
  });

  it('truncated bytes opened from memory carry the given name', async () => {
    const e = await thrown(() =>
      openH5(good.subarray(0, good.length - 1_000), { name: 'session.nwb' }),
    );
    expectError(e, 'E_FORMAT', 'session.nwb', undefined);
  });

  it('a text file named .nwb', async () => {
    const path = join(dir, 'notes.nwb');
    writeFileSync(path, 'session notes, not HDF5\n'.repeat(100));
    const e = await thrown(() => openH5(path));
    expectError(e, 'E_FORMAT', path, undefined);
    expect(e.message).toMatch(/signature not found/);
  });

  it('an empty file', async () => {
    const path = join(dir, 'empty.nwb');
    writeFileSync(path, '');
    expectError(await thrown(() => openH5(path)), 'E_FORMAT', path, undefined);
  });

  it('a file that does not exist', async () => {
    const path = join(dir, 'absent.nwb');
    expectError(await thrown(() => openH5(path)), 'E_NOT_FOUND', path, undefined);
  });

  it('the good file still opens after all that (the wasm module survived)', async () => {
    const f = await openH5(goodPath);
    try {
      const v = f.dataset('/grp/values').readFloat64();
      expect(v.length).toBe(N);
      expect(v[N - 1]).toBe(N - 1);
    } finally {
      f.close();
    }
  });
});

describe('paths and types that are not in the file', () => {
  let f: H5File;
  beforeAll(async () => {
    f = await openH5(goodPath);
  });
  afterAll(() => f.close());

  it.each(['/grp/missing', '/missing/values', '/names/below_a_dataset'])(
    'a missing dataset path %s',
    async (path) => {
      expect(f.has(path)).toBe(false);
      expectError(await thrown(() => f.dataset(path)), 'E_NOT_FOUND', goodPath, path);
    },
  );

  it('a group where a dataset was expected', async () => {
    expectError(await thrown(() => f.dataset('/grp')), 'E_FORMAT', goodPath, '/grp');
  });

  it('a missing attribute', async () => {
    const e = await thrown(() => f.dataset('/grp/values').attrs.get('units'));
    expectError(e, 'E_NOT_FOUND', goodPath, '/grp/values');
    expect(e.message).toContain('units');
  });

  it('numbers read from a string dataset (readNumeric, readFloat64)', async () => {
    const ds = f.dataset('/names');
    for (const read of [() => ds.readNumeric(), () => ds.readFloat64()]) {
      const e = await thrown(read);
      expectError(e, 'E_FORMAT', goodPath, '/names');
      expect(e.message).toMatch(/expected a numeric dataset, found str/);
    }
  });

  it('strings or a table read from a float64 dataset', async () => {
    const ds = f.dataset('/grp/values');
    const s = await thrown(() => ds.readStrings());
    expectError(s, 'E_FORMAT', goodPath, '/grp/values');
    expect(s.message).toMatch(/expected a string dataset, found float64/);
    const t = await thrown(() => ds.readTable());
    expectError(t, 'E_FORMAT', goodPath, '/grp/values');
    expect(t.message).toMatch(/expected a compound dataset, found float64/);
  });
});

describe('malformed NRRD files', () => {
  const raw = (header: string, data: Uint8Array | string = 'x'.repeat(24)) =>
    Buffer.concat([Buffer.from(`NRRD0004\n${header}\n`), Buffer.from(data)]);
  const cases: [string, string, string | undefined, Uint8Array | string | undefined][] = [
    [
      'sizes for fewer axes than dimension',
      'type: float\ndimension: 2\nsizes: 3\nencoding: raw\nendian: little\n',
      'sizes',
      undefined,
    ],
    [
      'a dimension that is not a number',
      'type: float\ndimension: two\nsizes: 3 2\nencoding: raw\nendian: little\n',
      'dimension',
      undefined,
    ],
    [
      'an unknown type',
      'type: quaternion\ndimension: 2\nsizes: 3 2\nencoding: raw\n',
      'type',
      undefined,
    ],
    [
      'no encoding',
      'type: float\ndimension: 2\nsizes: 3 2\nendian: little\n',
      'encoding',
      undefined,
    ],
    [
      'multi-byte data without endian',
      'type: float\ndimension: 2\nsizes: 3 2\nencoding: raw\n',
      'endian',
      undefined,
    ],
    [
      'an unclosed space direction',
      'type: float\ndimension: 2\nsizes: 3 2\nencoding: raw\nendian: little\nspace directions: (1,0) (0,1,\n',
      'space directions',
      undefined,
    ],
    [
      'a line that is not "field: value"',
      'type: float\ndimension 2\nsizes: 3 2\nencoding: raw\n',
      'dimension 2',
      undefined,
    ],
  ];
  it.each(cases)('%s', async (_name, header, field, data) => {
    const path = join(dir, `${field ?? 'x'}.nrrd`.replace(/ /g, '_'));
    writeFileSync(path, raw(header, data));
    const e = await thrown(() => readNrrd(path));
    expectError(e, 'E_FORMAT', path, field);
  });

  it('not an NRRD file at all (no magic: no field to name)', async () => {
    const path = join(dir, 'volume.nrrd');
    writeFileSync(path, 'P5\n3 2\n255\n');
    expectError(await thrown(() => readNrrd(path)), 'E_FORMAT', path, undefined);
  });

  it('raw data shorter than the header says', async () => {
    const path = join(dir, 'short-raw.nrrd');
    writeFileSync(
      path,
      raw('type: float\ndimension: 2\nsizes: 3 2\nencoding: raw\nendian: little\n', 'x'.repeat(10)),
    );
    expectError(await thrown(() => readNrrd(path)), 'E_FORMAT', path, undefined);
  });

  it('gzip data that is cut short', async () => {
    const path = join(dir, 'short-gzip.nrrd');
    const gz = gzipSync(Buffer.alloc(4 * 3 * 2, 7));
    writeFileSync(
      path,
      raw(
        'type: float\ndimension: 2\nsizes: 3 2\nencoding: gzip\nendian: little\n',
        gz.subarray(0, gz.length - 8),
      ),
    );
    expectError(await thrown(() => readNrrd(path)), 'E_FORMAT', path, undefined);
  });
});
