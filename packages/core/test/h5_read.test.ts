import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { H5Reference } from '../src/h5/decode.js';
import { type H5File, type H5Value, openH5 } from '../src/h5/file.js';
import { parsePythonJson } from '../src/json/python-json.js';
import { type AxisSlice, type NdArray, type NumericArray, toNested } from '../src/ndarray.js';

// Fixture written and read back by h5py (tooling/oracle/generators/core_h5_types.py).
// Every comparison is exact: integers (64-bit as decimal strings), floats bit-for-bit (NaN and
// -0 included, via Object.is), strings byte-for-byte.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const H5_PATH = join(FIXTURES, 'h5_types.h5');

interface DatasetExpect {
  shape: number[] | null;
  dtype: string;
  chunks: number[] | null;
  compression: string | null;
  shuffle: boolean;
  maxshape: (number | null)[] | null;
  values: unknown;
}
interface Expected {
  datasets: Record<string, DatasetExpect>;
  attrs: Record<string, Record<string, unknown>>;
  refs: Record<string, string[]>;
  region_refs: Record<string, { target: string; values: unknown }[]>;
  links: Record<string, { kind: string; target: string; file?: string }>;
  tree: { path: string; kind: string }[];
  external_values: number[];
  slices: { path: string; slice: AxisSlice[]; shape: number[]; values: unknown }[];
}
const expected = parsePythonJson(
  readFileSync(join(FIXTURES, 'h5_types.json'), 'utf8'),
) as unknown as Expected;

/** Nested plain values from what the reader returned, with bigint as decimal strings. */
function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalize);
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<unknown>, normalize);
  return value;
}

function nested(value: NdArray<NumericArray | unknown[]>): unknown {
  return normalize(toNested(value));
}

function expectSame(actual: unknown, want: unknown, where: string): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(actual), `${where}: array expected`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${where}: length`).toBe(want.length);
    for (const [i, w] of want.entries()) expectSame(a[i], w, `${where}[${i}]`);
    return;
  }
  if (typeof want === 'number') {
    expect(
      Object.is(actual, want) || actual === want,
      `${where}: ${String(actual)} vs ${want}`,
    ).toBe(true);
    return;
  }
  expect(actual, where).toEqual(want);
}

async function open(): Promise<H5File> {
  return openH5(H5_PATH);
}

describe('HDF5 reader on h5py-written files', () => {
  it('reads every numeric, bool and enum dataset with the exact values and shapes', async () => {
    using f = await open();
    const numeric = Object.entries(expected.datasets).filter(([p]) =>
      /^\/(ints|floats|enums|nd)\//.test(p),
    );
    expect(numeric.length).toBeGreaterThanOrEqual(30);
    for (const [path, want] of numeric) {
      const ds = f.dataset(path);
      expect(ds.shape, path).toEqual(want.shape);
      const value = ds.read();
      if (want.shape?.length === 0) {
        expectSame(normalize(value), want.values, path);
        continue;
      }
      const nd = value as NdArray<NumericArray>;
      expect(nd.shape, path).toEqual(want.shape);
      let got = nested(nd);
      if (path === '/enums/bool') {
        expect(nd.data).toBeInstanceOf(Uint8Array);
        got = (got as number[]).map((v) => v === 1);
      }
      expectSame(got, want.values, path);
    }
  });

  it('maps types: int64 stays BigInt, bool is Uint8Array, enum keeps its members, float16 widens', async () => {
    using f = await open();
    expect(f.dataset('/ints/le_i8').read()).toMatchObject({ data: expect.any(BigInt64Array) });
    expect(f.dataset('/ints/be_u8').read()).toMatchObject({ data: expect.any(BigUint64Array) });
    expect(f.dataset('/ints/be_i2').dtypeName).toBe('>int16');
    expect(f.dataset('/enums/bool').dtype.class).toBe('bool');
    expect(f.dataset('/enums/color').dtype).toMatchObject({
      class: 'enum',
      members: { RED: 0, GREEN: 1, BLUE: 2 },
    });
    expect(f.dataset('/floats/le_f2').readNumeric().data).toBeInstanceOf(Float32Array);
    // int64: 'number' converts exact values and refuses the rest
    const small = f.dataset('/nd/int3d').readNumeric({ int64: 'number' });
    expect(small.data).toBeInstanceOf(Int16Array);
    try {
      f.dataset('/ints/le_i8').read({ int64: 'number' });
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_UNSUPPORTED')).toBe(true);
    }
    const ok = f.dataset('/ints/le_i8').readNumeric({ int64: 'number', slice: [[2, 4]] });
    expect(Array.from(ok.data as Float64Array)).toEqual([0, 1]);
  });

  it('reads fixed and variable-length strings, ASCII and UTF-8', async () => {
    using f = await open();
    for (const name of ['vlen_utf8', 'vlen_ascii', 'fixed_ascii', 'fixed_utf8', 'grid', 'scalar']) {
      const path = `/strings/${name}`;
      const want = expected.datasets[path] as DatasetExpect;
      const value = f.dataset(path).read();
      if (want.shape?.length === 0) expect(value).toBe(want.values);
      else expect(nested(value as NdArray<string[]>), path).toEqual(want.values);
    }
    expect(f.dataset('/strings/vlen_utf8').dtype).toMatchObject({
      class: 'string',
      vlen: true,
      encoding: 'utf-8',
    });
    expect(f.dataset('/strings/fixed_ascii').dtype).toMatchObject({
      class: 'string',
      vlen: false,
      size: 8,
    });
  });

  it('reads a compound dataset as an Arrow Table with exact columns', async () => {
    using f = await open();
    const want = (expected.datasets['/compound/table'] as DatasetExpect).values as Record<
      string,
      unknown[]
    >;
    const table = f.dataset('/compound/table').readTable();
    expect(table.schema.fields.map((x) => x.name)).toEqual(Object.keys(want));
    expect(table.numRows).toBe(4);
    const types = Object.fromEntries(table.schema.fields.map((x) => [x.name, String(x.type)]));
    expect(types).toMatchObject({
      id: 'Int32',
      x: 'Float64',
      code: 'Utf8',
      label: 'Utf8',
      flag: 'Bool',
      big: 'Int64',
    });
    for (const [name, values] of Object.entries(want)) {
      const col = table.getChild(name);
      const got = Array.from({ length: table.numRows }, (_, i) => {
        const v = col?.get(i) as unknown;
        return v && typeof v === 'object' && 'toArray' in v
          ? normalize((v as { toArray(): unknown }).toArray())
          : normalize(v);
      });
      expectSame(got, values, `compound.${name}`);
    }
  });

  it('reads variable-length numeric rows', async () => {
    using f = await open();
    for (const path of ['/vlen/ints', '/vlen/floats']) {
      const nd = f.dataset(path).read() as NdArray<unknown[]>;
      expect(nd.data.map(normalize), path).toEqual(
        (expected.datasets[path] as DatasetExpect).values,
      );
    }
    expect(f.dataset('/vlen/ints').dtypeName).toBe('vlen<int32>');
  });

  it('reads hyperslabs (start, stop, step; indices drop axes) as h5py does', async () => {
    using f = await open();
    expect(expected.slices.length).toBeGreaterThan(5);
    for (const s of expected.slices) {
      const value = f.dataset(s.path).read({ slice: s.slice });
      const where = `${s.path}${JSON.stringify(s.slice)}`;
      if (s.shape.length === 0) {
        expectSame(normalize(value), s.values, where);
      } else {
        expect((value as NdArray<NumericArray>).shape, where).toEqual(s.shape);
        expectSame(nested(value as NdArray<NumericArray>), s.values, where);
      }
    }
  });

  it('reads large selections in pieces with the same result, and guards single reads', async () => {
    using f = await open();
    const ds = f.dataset('/nd/cube');
    const whole = ds.read() as NdArray<Float32Array>;
    for (const pieceBytes of [4, 24, 100, 130]) {
      const pieces = ds.read({ pieceBytes }) as NdArray<Float32Array>;
      expect(pieces.shape).toEqual(whole.shape);
      expect(Array.from(pieces.data)).toEqual(Array.from(whole.data));
    }
    const strided = ds.read({
      slice: [
        [0, 4, 3],
        [1, 5, 2],
        [0, 6, 2],
      ],
    }) as NdArray<Float32Array>;
    const stridedPieces = ds.read({
      slice: [
        [0, 4, 3],
        [1, 5, 2],
        [0, 6, 2],
      ],
      pieceBytes: 8,
    }) as NdArray<Float32Array>;
    expect(Array.from(stridedPieces.data)).toEqual(Array.from(strided.data));
    // fixed-size types of every kind (byte order, float16, enums, fixed strings, references)
    for (const path of [
      '/ints/be_i2',
      '/ints/be_u8',
      '/ints/le_i8',
      '/floats/le_f2',
      '/enums/bool',
      '/enums/color',
      '/strings/fixed_ascii',
      '/refs/objects',
      '/nd/int3d',
    ]) {
      const d = f.dataset(path);
      expect(d.read({ pieceBytes: 1 }), path).toEqual(d.read());
    }
    const strings = f.dataset('/strings/grid').read({ pieceBytes: 8 }) as NdArray<string[]>;
    expect(toNested(strings)).toEqual((expected.datasets['/strings/grid'] as DatasetExpect).values);
    try {
      ds.read({ maxBytes: 100 });
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_UNSUPPORTED')).toBe(true);
      expect(String(e)).toMatch(/slice/);
    }
  });

  it('reads scalar and empty datasets', async () => {
    using f = await open();
    expect(f.dataset('/nd/scalar').read()).toBe(3.25);
    expect(f.dataset('/nd/scalar_int').read()).toBe(-7);
    expect(f.dataset('/nd/scalar').readNumeric().shape).toEqual([]);
    const empty = f.dataset('/nd/empty').read() as NdArray<Float64Array>;
    expect(empty.shape).toEqual([0]);
    expect(empty.data.length).toBe(0);
  });

  // '/filters/lzf' is only nominally LZF: h5py skipped the (optional) filter on every chunk
  // because the data did not shrink (filter mask 1), so this reads unfiltered chunks of an LZF
  // dataset. h5wasm has no built-in LZF; real LZF chunks need the plugin (h5_plugins.test.ts).
  it('decodes fletcher32, scaleoffset, gzip+shuffle and LZF-skipped chunks; fails cleanly on a missing filter (Blosc)', async () => {
    using f = await open();
    for (const name of ['fletcher32', 'scaleoffset', 'gzip9_shuffle', 'lzf']) {
      const path = `/filters/${name}`;
      const nd = f.dataset(path).read() as NdArray<Int32Array>;
      expect(nested(nd), path).toEqual(expected.datasets[path]?.values);
    }
    try {
      f.dataset('/filters/blosc_unavailable').read();
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_UNSUPPORTED')).toBe(true);
      expect(String(e)).toMatch(/filter/i);
      expect(String(e)).toContain('/filters/blosc_unavailable');
    }
    expect(f.dataset('/filters/fletcher32').read({ slice: [0] })).toMatchObject({ shape: [10] });
  });

  it('keeps the in-memory path free of node:* imports (browser build)', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    for (const file of [
      'ndarray.ts',
      'h5/backend.ts',
      'h5/decode.ts',
      'h5/dtype.ts',
      'h5/errors.ts',
      'h5/file.ts',
      'h5/table.ts',
      'h5/utilities.ts',
      'h5/write.ts',
      'sync/dataset.ts',
    ]) {
      const text = readFileSync(join(src, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|import\(['"]node:|from ['"](fs|path|os)['"]/);
    }
  });

  it('reports chunking, filters and maxshape', async () => {
    using f = await open();
    const cube = f.dataset('/nd/cube');
    expect(cube.chunks).toEqual(expected.datasets['/nd/cube']?.chunks);
    expect(cube.filters.map((x) => x.id).sort()).toEqual([1, 2]); // deflate + shuffle
    expect(f.dataset('/nd/resizable').maxshape).toEqual([null]);
    expect(f.dataset('/ints/le_i4').chunks).toBeNull();
  });

  it('reads attributes: scalars, arrays, strings, bools, UTF-8', async () => {
    using f = await open();
    for (const [path, attrs] of Object.entries(expected.attrs)) {
      const obj = path === '/' ? f : f.get(path);
      expect(obj.attrs.keys().sort(), path).toEqual(Object.keys(attrs).sort());
      for (const [name, want] of Object.entries(attrs)) {
        const got = obj.attrs.get(name);
        if (want && typeof want === 'object' && 'ref' in want) {
          expect(got).toBeInstanceOf(H5Reference);
          expect(f.refName(got as H5Reference)).toBe((want as { ref: string }).ref);
          continue;
        }
        const plain =
          got && typeof got === 'object' && 'shape' in got
            ? nested(got as NdArray<NumericArray>)
            : normalize(got);
        expectSame(plain, want, `${path}@${name}`);
      }
    }
    expect(f.attrs.toObject()).toMatchObject({
      int_attr: 42,
      str_attr: 'hello wörld',
      bool_attr: true,
    });
  });

  it('dereferences object and region references', async () => {
    using f = await open();
    const refs = f.dataset('/refs/objects').read() as NdArray<H5Reference[]>;
    expect(refs.data.map((r) => f.deref(r).path)).toEqual(expected.refs['/refs/objects']);
    expect(f.deref(refs.data[1] as H5Reference).kind).toBe('group');
    const regions = f.dataset('/refs/regions').read() as NdArray<H5Reference[]>;
    const want = expected.region_refs['/refs/regions'] ?? [];
    expect(regions.data.length).toBe(want.length);
    regions.data.forEach((r, i) => {
      expect(r.kind).toBe('region');
      expect(f.refName(r)).toBe(want[i]?.target);
      const values = f.readRegion(r) as NdArray<NumericArray>;
      expectSame(nested(values), want[i]?.values, `region ${i}`);
    });
  });

  it('follows soft and external links and reports them', async () => {
    using f = await open();
    for (const [path, want] of Object.entries(expected.links)) {
      const info = f.link(path);
      expect(info.kind, path).toBe(want.kind);
      expect(info.target, path).toBe(want.target);
      if (want.file) expect(info.file).toBe(want.file);
    }
    expect(f.get('/links/soft_dataset').path).toBe('/links/soft_dataset');
    expect(toNested(f.dataset('/links/soft_dataset').read() as NdArray<Float32Array>)).toEqual(
      toNested(f.dataset('/nd/cube').read() as NdArray<Float32Array>),
    );
    expect(f.group('/links/soft_group').keys()).toEqual(f.group('/ints').keys());
    expect(f.link('/nd/cube').kind).toBe('hard');
    const ext = f.dataset('/links/external').read() as NdArray<Int32Array>;
    expect(Array.from(ext.data)).toEqual(expected.external_values);
    try {
      f.get('/links/broken');
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_NOT_FOUND')).toBe(true);
      expect(String(e)).toMatch(/broken soft link to \/does\/not\/exist/);
    }
  });

  it('lists groups in HDF5 order, matching h5py', async () => {
    using f = await open();
    const seen: string[] = [];
    const walk = (path: string) => {
      for (const key of f.group(path).keys()) {
        const child = `${path === '/' ? '' : path}/${key}`;
        if (f.link(child).kind !== 'hard') continue;
        seen.push(child);
        if (f.get(child).kind === 'group') walk(child);
      }
    };
    walk('/');
    const hard = expected.tree.map((t) => t.path);
    expect(seen.sort()).toEqual([...hard].sort());
  });

  it('throws E_NOT_FOUND naming the file and HDF5 path', async () => {
    using f = await open();
    try {
      f.get('/nd/nope');
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e, 'E_NOT_FOUND')).toBe(true);
      expect(String(e)).toContain('/nd/nope');
      expect(String(e)).toContain('h5_types.h5');
    }
    expect(() => f.attrs.get('nope')).toThrow(/no attribute "nope"/);
    await expect(openH5(join(FIXTURES, 'missing.h5'))).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('turns HDF5 failures into SdkError and recovers the handle', async () => {
    const bad = join(tmpdir(), `sdk-not-hdf5-${process.pid}.h5`);
    writeFileSync(bad, 'this is not an HDF5 file');
    await expect(openH5(bad)).rejects.toMatchObject({ code: 'E_FORMAT' });
    await expect(openH5(new TextEncoder().encode('nope'))).rejects.toMatchObject({
      code: 'E_FORMAT',
    });
    using f = await open();
    expect(() =>
      f.dataset('/nd/cube').read({
        slice: [
          [0, 2],
          [0, 2],
          [0, 2, -1],
        ],
      }),
    ).toThrow(/negative steps/);
    expect(f.dataset('/nd/scalar').read()).toBe(3.25);
  });

  it('opens from bytes (no file system) with the same values', async () => {
    const bytes = readFileSync(H5_PATH);
    using f = await openH5(new Uint8Array(bytes), { name: 'h5_types.h5' });
    expect(f.filename).toBe('h5_types.h5');
    const want = expected.datasets['/nd/cube'] as DatasetExpect;
    expectSame(
      nested(f.dataset('/nd/cube').read() as NdArray<Float32Array>),
      want.values,
      'cube from bytes',
    );
    const table = f.dataset('/compound/table').read() as Table;
    expect(table.numRows).toBe(4);
  });

  it('closes explicitly and with using', async () => {
    const f = await open();
    const ds = f.dataset('/nd/scalar');
    f.close();
    expect(f.closed).toBe(true);
    expect(() => ds.read()).toThrow(/closed/);
    f.close(); // idempotent
    let escaped: H5File | undefined;
    {
      using g = await open();
      escaped = g;
      expect(g.closed).toBe(false);
    }
    expect(escaped.closed).toBe(true);
  });

  it('returns plain values for fully indexed elements', async () => {
    using f = await open();
    const v: H5Value = f.dataset('/nd/int3d').read({ slice: [2, 3, 4] });
    expect(v).toBe(29);
    expect(f.dataset('/strings/vlen_utf8').read({ slice: [1] })).toBe('µm ✓');
  });
});
