import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { encodeNpy, type NpyArray, parseNpy } from '../src/formats/npy.js';
import { readNpy, readNpz, writeNpy, writeNpz } from '../src/formats/npy-node.js';
import { encodeNpz, parseNpz } from '../src/formats/npz.js';
import { cStrides, fStrides, type NdArray, type NumericArray, ndGet } from '../src/ndarray.js';
import { interopDirs, runOracleCheck } from './support/interop.js';
import { fixtureUrl, readPythonJson, stringifyPythonJson } from './support/python-json.js';

interface ArrayCase {
  descr: string;
  fortran_order: boolean;
  shape: number[];
  elements: (number | string)[];
}
interface NpyCase extends ArrayCase {
  file: string;
  version: number[];
}

const dir = fileURLToPath(fixtureUrl('formats/npy/'));
const fx = readPythonJson(fixtureUrl('formats/npy/npy_cases.json')) as {
  cases: NpyCase[];
  unsupported: string[];
  npz: Record<string, Record<string, ArrayCase>>;
};

function plain(data: NumericArray | readonly string[]): (number | string)[] {
  return Array.from(data as ArrayLike<number | bigint | string>, (x) =>
    typeof x === 'bigint' ? x.toString() : x,
  );
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b);
  }
  return a === b;
}

/** Exact: every element must come through bit-for-bit (float32/16 widened exactly). */
function expectCase(a: NpyArray, c: ArrayCase, where: string): void {
  expect(a.dtype, where).toBe(c.descr);
  expect(a.shape, where).toEqual(c.shape);
  expect(a.strides, where).toEqual(c.fortran_order ? fStrides(c.shape) : cStrides(c.shape));
  const got = plain(a.data);
  expect(got.length, where).toBe(c.elements.length);
  c.elements.forEach((e, i) => {
    expect(same(got[i], e), `${where}[${i}]: ${String(got[i])} vs ${String(e)}`).toBe(true);
  });
}

describe('parseNpy against numpy', () => {
  it('covers every numeric dtype, both byte orders, F order and versions 1-3', () => {
    const descrs = new Set(fx.cases.map((c) => c.descr));
    for (const d of [
      '|b1',
      '|i1',
      '|u1',
      '<i2',
      '>i2',
      '<u8',
      '>u8',
      '<f2',
      '>f4',
      '>f8',
      '<U5',
      '|S3',
    ]) {
      expect(descrs.has(d), d).toBe(true);
    }
    expect(fx.cases.some((c) => c.fortran_order)).toBe(true);
    expect(new Set(fx.cases.map((c) => c.version.join('.')))).toEqual(
      new Set(['1.0', '2.0', '3.0']),
    );
  });

  it.each(fx.cases.map((c) => [c.file, c] as const))('%s', async (_n, c) => {
    expectCase(parseNpy(readFileSync(join(dir, c.file))), c, c.file);
    expectCase(await readNpy(join(dir, c.file)), c, c.file);
  });

  it('maps Fortran order to F strides: element (i,j,k) as numpy indexes it', () => {
    const c = fx.cases.find((x) => x.file === 'f8_fortran.npy')!;
    const a = parseNpy(readFileSync(join(dir, c.file))) as NdArray;
    const [n0, n1] = c.shape as [number, number];
    expect(ndGet(a, 2, 3, 1)).toBe(c.elements[2 + 3 * n0 + 1 * n0 * n1]);
  });

  it.each(fx.unsupported)('%s throws E_UNSUPPORTED', (file) => {
    let thrown: unknown;
    try {
      parseNpy(readFileSync(join(dir, file)), { file });
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_UNSUPPORTED'), String(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(file);
  });

  it('rejects a file without the magic or with a truncated body (E_FORMAT)', () => {
    expect(() => parseNpy(new Uint8Array(20))).toThrowError(/magic/);
    const ok = readFileSync(join(dir, 'le_f8.npy'));
    let thrown: unknown;
    try {
      parseNpy(ok.subarray(0, ok.length - 1));
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_FORMAT')).toBe(true);
  });
});

describe('parseNpz against numpy', () => {
  it.each(Object.keys(fx.npz))('%s', async (file) => {
    const m = await readNpz(join(dir, file));
    expect([...m.keys()]).toEqual(Object.keys(fx.npz[file]!));
    for (const [k, c] of Object.entries(fx.npz[file]!)) expectCase(m.get(k)!, c, `${file}:${k}`);
  });
});

describe('encodeNpy / encodeNpz', () => {
  it('writes a v1.0 header padded to 64 bytes, and reads back equal', () => {
    const a: NdArray = {
      data: Float64Array.from([1, 2, 3, 4, 5, 6]),
      shape: [2, 3],
      strides: [3, 1],
    };
    const bytes = encodeNpy(a);
    expect(bytes[6]).toBe(1);
    const headerLen = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + headerLen)).trimEnd()).toBe(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
    );
    const back = parseNpy(bytes);
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('round-trips npz in TS (stored and deflated)', async () => {
    const entries = {
      ev: { data: Float32Array.from([0.5, -1]), shape: [2], strides: [1] },
      names: { data: ['a', 'bc'], shape: [2], strides: [1] },
    };
    for (const compressed of [false, true]) {
      const m = await parseNpz(await encodeNpz(entries, { compressed }));
      expect([...m.keys()]).toEqual(['ev', 'names']);
      expect(Array.from(m.get('ev')!.data as Float32Array)).toEqual([0.5, -1]);
      expect(m.get('names')!.data).toEqual(['a', 'bc']);
    }
  });

  it('files written by TS are read back equal by numpy', async () => {
    const f = fStrides([3, 2]);
    const arrays: {
      file: string;
      array: NdArray<NumericArray> | NdArray<string[]>;
      opts?: object;
      descr: string;
      fortran: boolean;
    }[] = [
      {
        file: 'f8_c.npy',
        array: {
          data: Float64Array.from([0.1, Number.NaN, -0, 1e-310, 5, 6]),
          shape: [2, 3],
          strides: [3, 1],
        },
        descr: '<f8',
        fortran: false,
      },
      {
        file: 'i4_f.npy',
        array: { data: Int32Array.from([1, 2, 3, -4, 5, 6]), shape: [3, 2], strides: f },
        descr: '<i4',
        fortran: true,
      },
      {
        file: 'u2_big.npy',
        array: { data: Uint16Array.from([1, 65535, 256]), shape: [3], strides: [1] },
        opts: { endian: 'big' },
        descr: '>u2',
        fortran: false,
      },
      {
        file: 'bool.npy',
        array: { data: Uint8Array.from([1, 0, 1, 1]), shape: [2, 2], strides: [2, 1] },
        opts: { bool: true },
        descr: '|b1',
        fortran: false,
      },
      {
        file: 'i8.npy',
        array: { data: BigInt64Array.from([2n ** 62n + 1n, -3n]), shape: [2], strides: [1] },
        descr: '<i8',
        fortran: false,
      },
      {
        file: 'u8.npy',
        array: { data: BigUint64Array.from([2n ** 64n - 1n]), shape: [], strides: [] },
        descr: '<u8',
        fortran: false,
      },
      {
        file: 'f4_strided.npy',
        array: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 2], strides: [1, 3] },
        descr: '<f4',
        fortran: false,
      },
      {
        file: 'str.npy',
        array: { data: ['héllo', '😀', ''], shape: [3], strides: [1] },
        descr: '<U5',
        fortran: false,
      },
      {
        file: 'i1_empty.npy',
        array: { data: new Int8Array(0), shape: [0, 4], strides: [4, 1] },
        descr: '|i1',
        fortran: false,
      },
    ];
    const elements = (
      a: NdArray<NumericArray> | NdArray<string[]>,
      fortran: boolean,
    ): (number | string)[] => {
      const out: (number | string)[] = [];
      const shape = a.shape;
      const n = shape.reduce((x, y) => x * y, 1);
      for (let flat = 0; flat < n; flat++) {
        // Unravel in the file's order.
        const idx = new Array<number>(shape.length).fill(0);
        let r = flat;
        const axes = shape.map((_, i) => i);
        for (const ax of fortran ? axes : axes.reverse()) {
          idx[ax] = r % shape[ax]!;
          r = Math.floor(r / shape[ax]!);
        }
        const v = ndGet(a as NdArray, ...idx) as number | bigint | string;
        out.push(typeof v === 'bigint' ? v.toString() : v);
      }
      return out;
    };
    const expected = arrays.map(({ file, array, descr, fortran }) => ({
      file,
      kind: 'npy',
      descr,
      fortran_order: fortran,
      shape: array.shape,
      elements: elements(array, fortran),
    }));
    const npzArrays = {
      ev: { data: Float64Array.from([1.5, 2.5, 3.5, 4.5]), shape: [2, 2], strides: [1, 2] },
      ids: { data: Uint32Array.from([7, 8, 9]), shape: [3], strides: [1] },
    };
    const npzExpected = {
      ev: { descr: '<f8', fortran_order: true, shape: [2, 2], elements: [1.5, 2.5, 3.5, 4.5] },
      ids: { descr: '<u4', fortran_order: false, shape: [3], elements: [7, 8, 9] },
    };
    for (const out of interopDirs('core-npy')) {
      for (const { file, array, opts } of arrays) await writeNpy(join(out, file), array, opts);
      await writeNpz(join(out, 'stored.npz'), npzArrays);
      await writeNpz(join(out, 'compressed.npz'), npzArrays, { compressed: true });
      writeFileSync(
        join(out, 'expected.json'),
        stringifyPythonJson({
          files: [
            ...expected,
            { file: 'stored.npz', kind: 'npz', arrays: npzExpected },
            { file: 'compressed.npz', kind: 'npz', arrays: npzExpected },
          ],
        }),
      );
      for (const e of expected) {
        const back = await readNpy(join(out, e.file));
        expect(back.dtype).toBe(e.descr);
        expect(plain(back.data).every((x, i) => same(x, e.elements[i]))).toBe(true);
      }
      const r = runOracleCheck('core_formats_readback.py', out);
      if (r) expect(r.status, r.output).toBe(0);
    }
  });
});
