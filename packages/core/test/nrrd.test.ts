import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { encodeNrrd, type NrrdHeader, parseNrrd, parseNrrdHeader } from '../src/formats/nrrd.js';
import { readNrrd, writeNrrd } from '../src/formats/nrrd-node.js';
import { fStrides, type NdArray, type NumericArray, ndGet } from '../src/ndarray.js';
import { interopDirs, runOracleCheck } from './support/interop.js';
import { fixtureUrl, readPythonJson, stringifyPythonJson } from './support/python-json.js';

interface NrrdCase {
  file: string;
  header: Record<string, unknown>;
  shape: number[];
  dtype: string;
  elements: (number | string)[];
}

const dir = fileURLToPath(fixtureUrl('formats/nrrd/'));
const fx = readPythonJson(fixtureUrl('formats/nrrd/nrrd_cases.json')) as { cases: NrrdCase[] };

const CTOR_OF_DTYPE: Record<string, string> = {
  u1: 'Uint8Array',
  i1: 'Int8Array',
  u2: 'Uint16Array',
  i2: 'Int16Array',
  u4: 'Uint32Array',
  i4: 'Int32Array',
  u8: 'BigUint64Array',
  i8: 'BigInt64Array',
  f4: 'Float32Array',
  f8: 'Float64Array',
};

function asPlain(data: NumericArray): (number | string)[] {
  return Array.from(data as ArrayLike<number | bigint>, (x) =>
    typeof x === 'bigint' ? x.toString() : x,
  );
}

/** Numbers equal with NaN == NaN and -0 == 0; arrays compared element-wise. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isNaN(a) ? Number.isNaN(b) : a === b;
  }
  return a === b;
}

function expectArray(actual: NdArray, c: NrrdCase): void {
  expect(actual.shape).toEqual(c.shape);
  expect(actual.strides).toEqual(fStrides(c.shape));
  expect(actual.data.constructor.name).toBe(CTOR_OF_DTYPE[c.dtype.slice(1)]);
  const got = asPlain(actual.data);
  const want = c.elements;
  expect(got.length).toBe(want.length);
  // float32 data came through numpy's float32 → Python float (exact), so compare exactly.
  want.forEach((w, i) => {
    expect(sameValue(got[i], w), `${c.file}[${i}]: ${got[i]} vs ${w}`).toBe(true);
  });
}

describe('parseNrrd / readNrrd against pynrrd (index_order F)', () => {
  it('covers the fixture set', () => expect(fx.cases.length).toBeGreaterThanOrEqual(14));

  it.each(fx.cases.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const path = join(dir, c.file);
    const viaPath = await readNrrd(path);
    expectArray(viaPath.data, c);
    // Every header field pynrrd returned, with the same value (typed the same way).
    expect(Object.keys(viaPath.header)).toEqual(Object.keys(c.header));
    for (const [k, v] of Object.entries(c.header)) {
      expect(
        sameValue(viaPath.header[k], v),
        `${c.file} header ${k}: ${JSON.stringify(viaPath.header[k])}`,
      ).toBe(true);
    }
    if (!('data file' in c.header)) {
      const viaBytes = await parseNrrd(readFileSync(path), { file: c.file });
      expectArray(viaBytes.data, c);
    }
    const headerOnly = await readNrrd(path, { headerOnly: true });
    expect(headerOnly).not.toHaveProperty('data');
    expect(headerOnly.header.sizes).toEqual(c.header.sizes);
  });

  it('indexes element (i,j,k) at i + j*n0 + k*n0*n1', async () => {
    const c = fx.cases.find((x) => x.file === 'i16_gzip.nrrd')!;
    const { data } = await readNrrd(join(dir, c.file));
    const [n0, n1] = c.shape as [number, number, number];
    expect(ndGet(data, 3, 2, 1)).toBe(c.elements[3 + 2 * n0 + 1 * n0 * n1]);
  });

  it('reads slabs along every axis (raw lazily from disk, gzip after inflating)', async () => {
    for (const file of ['u32_raw_big.nrrd', 'i16_gzip.nrrd', 'allen_style_annotation.nrrd']) {
      const c = fx.cases.find((x) => x.file === file)!;
      const full = await readNrrd(join(dir, file));
      for (let axis = 0; axis < 3; axis++) {
        const n = c.shape[axis]!;
        const slab = { axis, start: 1, stop: n - 1 };
        const part = await readNrrd(join(dir, file), { slab });
        const shape = [...c.shape];
        shape[axis] = n - 2;
        expect(part.data.shape).toEqual(shape);
        expect(part.data.strides).toEqual(fStrides(shape));
        for (let i = 0; i < shape[0]!; i++) {
          for (let j = 0; j < shape[1]!; j++) {
            for (let k = 0; k < shape[2]!; k++) {
              const idx = [i, j, k];
              idx[axis]! += 1;
              expect(ndGet(part.data, i, j, k)).toBe(ndGet(full.data, ...idx));
            }
          }
        }
      }
      await expect(
        readNrrd(join(dir, file), { slab: { axis: 0, start: 0, stop: 99 } }),
      ).rejects.toThrow(/does not fit/);
    }
  });

  it('reads raw slabs of a larger volume in several batched reads', async () => {
    const shape = [37, 23, 41];
    const n = shape[0]! * shape[1]! * shape[2]!;
    const vol: NdArray = {
      data: Uint16Array.from({ length: n }, (_, i) => (i * 7919) % 65521),
      shape,
      strides: fStrides(shape),
    };
    const path = join(interopDirs('core-nrrd-slab')[0]!, 'vol.nrrd');
    await writeNrrd(path, vol, { encoding: 'raw', endian: 'big' });
    for (const [axis, start, stop] of [
      [0, 5, 30],
      [1, 0, 23],
      [2, 40, 41],
      [1, 7, 7],
    ] as const) {
      // A tiny read budget forces many reads, with a shorter last batch.
      const part = await readNrrd(path, { slab: { axis, start, stop }, slabReadBytes: 1000 });
      const want = await parseNrrd(readFileSync(path), { slab: { axis, start, stop } });
      expect(part.data.shape).toEqual(want.data.shape);
      expect(Array.from(part.data.data as Uint16Array)).toEqual(
        Array.from(want.data.data as Uint16Array),
      );
      if (stop > start) {
        const idx = [1, 2, 3];
        idx[axis] = stop - start - 1;
        const src = [...idx];
        src[axis]! += start;
        expect(ndGet(part.data, ...idx)).toBe(ndGet(vol, ...src));
      }
    }
  });

  it('rejects broken input with E_FORMAT naming the file', async () => {
    const bad = async (text: string | Uint8Array) => {
      try {
        await parseNrrd(typeof text === 'string' ? new TextEncoder().encode(text) : text, {
          file: 'x.nrrd',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const noMagic = await bad('P5\n');
    expect(isSdkError(noMagic, 'E_FORMAT')).toBe(true);
    expect((noMagic as Error).message).toContain('x.nrrd');
    expect(
      isSdkError(
        await bad('NRRD0004\ntype: short\ndimension: 1\nsizes: 4\nencoding: raw\n\n\0\0'),
        'E_FORMAT',
      ),
    ).toBe(true); // no endian for a 2-byte type
    expect(
      isSdkError(
        await bad('NRRD0004\ntype: uchar\ndimension: 1\nsizes: 4\nencoding: raw\n\n\0\0'),
        'E_FORMAT',
      ),
    ).toBe(true); // too short
    expect(
      isSdkError(
        await bad('NRRD0004\ntype: uchar\ndimension: 2\nsizes: 4\nencoding: raw\n\n'),
        'E_FORMAT',
      ),
    ).toBe(true);
    expect(
      isSdkError(
        await bad('NRRD0004\ntype: uchar\ndimension: 1\nsizes: 1\nencoding: bzip2\n\n'),
        'E_UNSUPPORTED',
      ),
    ).toBe(true);
    expect(
      isSdkError(
        await bad('NRRD0004\ntype: uchar\ndimension: 1\nsizes: 1\nencoding: gzip\n\nnot gzip'),
        'E_FORMAT',
      ),
    ).toBe(true);
    await expect(readNrrd(join(dir, 'missing.nrrd'))).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });
});

describe('writeNrrd / encodeNrrd', () => {
  const volume = (): NdArray => {
    const shape = [4, 3, 2];
    const data = Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3);
    return { data, shape, strides: fStrides(shape) };
  };

  it('writes pynrrd field order, gzip by default, and reads back equal', async () => {
    const header: Partial<NrrdHeader> = {
      space: 'left-posterior-superior',
      'space directions': [
        [10, 0, 0],
        [0, 10, 0],
        [0, 0, 10],
      ],
      kinds: ['domain', 'domain', 'domain'],
      'space origin': [0, -1.5, 2],
      spacings: [1, 2, 3],
      'space dimension': 3,
      custom: 'kept as string',
    };
    const bytes = await encodeNrrd(volume(), header);
    const { header: h } = parseNrrdHeader(bytes);
    expect(Object.keys(h)).toEqual([
      'type',
      'dimension',
      'space',
      'sizes',
      'space directions',
      'kinds',
      'endian',
      'encoding',
      'spacings',
      'space origin',
      'custom',
    ]);
    expect(h.encoding).toBe('gzip');
    expect(h.type).toBe('float');
    const back = await parseNrrd(bytes);
    expect(Array.from(back.data.data as Float32Array)).toEqual(
      Array.from(volume().data as Float32Array),
    );
    expect(back.header['space directions']).toEqual(header['space directions']);
  });

  it('copies C-strided input into file (Fortran) order', async () => {
    const c: NdArray = {
      data: Int32Array.from([0, 1, 2, 3, 4, 5]),
      shape: [2, 3],
      strides: [3, 1],
    };
    const back = await parseNrrd(await encodeNrrd(c, { encoding: 'raw' }));
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expect(ndGet(back.data, i, j)).toBe(ndGet(c, i, j));
  });

  it('files written by TS are read back equal by pynrrd', async () => {
    const arrays: { file: string; array: NdArray; header: Partial<NrrdHeader> }[] = [
      { file: 'f32_gzip.nrrd', array: volume(), header: { spacings: [0.5, 1, 2] } },
      {
        file: 'u32_raw_allen.nrrd',
        array: {
          data: Uint32Array.from({ length: 60 }, (_, i) => (i * 2654435761) >>> 0),
          shape: [5, 4, 3],
          strides: fStrides([5, 4, 3]),
        },
        header: {
          encoding: 'raw',
          space: 'left-posterior-superior',
          'space directions': [
            [25, 0, 0],
            [0, 25, 0],
            [0, 0, 25],
          ],
          kinds: ['domain', 'domain', 'domain'],
          'space origin': [0, 0, 0],
          note: 'from TS',
        },
      },
      {
        file: 'i16_big_gzip.nrrd',
        array: {
          data: Int16Array.from([-300, 2, 3, 32767, -32768, 0]),
          shape: [3, 2],
          strides: [1, 3],
        },
        header: { endian: 'big' },
      },
      {
        file: 'f64_ascii.nrrd',
        array: { data: Float64Array.from([0.1, -2.5e-300, 1e300, 7]), shape: [4], strides: [1] },
        header: { encoding: 'ascii' },
      },
      {
        file: 'i64_gzip_4d.nrrd',
        array: {
          data: BigInt64Array.from([2n ** 62n, -5n, 0n, 9007199254740993n]),
          shape: [1, 2, 1, 2],
          strides: fStrides([1, 2, 1, 2]),
        },
        header: {
          kinds: ['vector', 'domain', 'domain', 'domain'],
          space: 'right-anterior-superior',
          'space directions': [
            [Number.NaN, Number.NaN, Number.NaN],
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
        },
      },
      {
        file: 'u8_c_order.nrrd',
        array: { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3], strides: [3, 1] },
        header: { encoding: 'raw' },
      },
    ];
    const expected = arrays.map(({ file, array, header }) => {
      const elements: (number | string)[] = [];
      const [s0 = 1, s1 = 1, s2 = 1, s3 = 1] = array.shape;
      // File order: first axis fastest.
      for (let l = 0; l < s3; l++)
        for (let k = 0; k < s2; k++)
          for (let j = 0; j < s1; j++)
            for (let i = 0; i < s0; i++) {
              const v = ndGet(array, ...[i, j, k, l].slice(0, array.shape.length));
              elements.push(typeof v === 'bigint' ? v.toString() : (v as number));
            }
      const dtype = {
        Float32Array: '<f4',
        Uint32Array: '<u4',
        Int16Array: header.endian === 'big' ? '>i2' : '<i2',
        Float64Array: '<f8',
        BigInt64Array: '<i8',
        Uint8Array: '|u1',
      }[array.data.constructor.name]!;
      const { endian: _e, encoding: _c, ...rest } = header;
      return { file, kind: 'nrrd', shape: array.shape, dtype, elements, header: rest };
    });
    expected.push({
      ...expected[0]!,
      file: 'f32_stream_gzip.nrrd',
      header: {},
    });
    for (const out of interopDirs('core-nrrd')) {
      for (const { file, array, header } of arrays) await writeNrrd(join(out, file), array, header);
      // Also one gzip stream from the Compression Streams API (the browser path).
      writeFileSync(join(out, 'f32_stream_gzip.nrrd'), await encodeNrrd(volume(), {}));
      writeFileSync(join(out, 'expected.json'), stringifyPythonJson({ files: expected }));
      // Our own reader first.
      for (const e of expected) {
        const back = await readNrrd(join(out, e.file));
        expect(back.data.shape).toEqual(e.shape);
        expect(asPlain(back.data.data).every((x, i) => sameValue(x, e.elements[i]))).toBe(true);
      }
      const r = runOracleCheck('core_formats_readback.py', out);
      if (r) expect(r.status, r.output).toBe(0);
    }
  });
});
