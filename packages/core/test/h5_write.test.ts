import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { H5Reference } from '../src/h5/decode.js';
import { type H5File, openH5 } from '../src/h5/file.js';
import type { H5CompoundColumn } from '../src/h5/write.js';
import { type NdArray, type NumericArray, ndarray, toNested } from '../src/ndarray.js';

// Files written by the TS writer, read back by the TS reader (exact) and by h5py
// (tooling/oracle/checks/core_h5_readback.py, exact) when the oracle venv exists. With
// SDK_INTEROP_OUT set the files and their expectations are also written there for CI.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PYTHON = join(REPO, 'tooling/oracle/.venv/bin/python');
const CHECK = join(REPO, 'tooling/oracle/checks/core_h5_readback.py');

/** The oracle venv is usable: its python exists and imports h5py. */
function venvReady(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import h5py'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAVE_H5PY = venvReady();

type Spec = {
  datasets: Record<string, Record<string, unknown>>;
  attrs: Record<string, Record<string, unknown>>;
  refs: Record<string, string[]>;
  region_refs: Record<string, { target: string; values: unknown }[]>;
  links: Record<string, Record<string, unknown>>;
};

/** JSON encoding shared with the Python check: 64-bit ints as strings, NaN/Inf as strings. */
function enc(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v))
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (Array.isArray(v)) return v.map(enc);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, enc);
  return v;
}

const INT_LIMITS: [string, string, () => NumericArray][] = [
  ['int8', '|i1', () => Int8Array.from([-128, -1, 0, 127])],
  ['uint8', '|u1', () => Uint8Array.from([0, 1, 254, 255])],
  ['int16', '<i2', () => Int16Array.from([-32768, -1, 0, 32767])],
  ['uint16', '<u2', () => Uint16Array.from([0, 1, 65534, 65535])],
  ['int32', '<i4', () => Int32Array.from([-(2 ** 31), -1, 0, 2 ** 31 - 1])],
  ['uint32', '<u4', () => Uint32Array.from([0, 1, 2 ** 32 - 2, 2 ** 32 - 1])],
  ['int64', '<i8', () => BigInt64Array.from([-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n])],
  ['uint64', '<u8', () => BigUint64Array.from([0n, 1n, 2n ** 64n - 2n, 2n ** 64n - 1n])],
  ['float32', '<f4', () => Float32Array.from([0.5, -1.25, Number.NaN, Number.POSITIVE_INFINITY])],
  [
    'float64',
    '<f8',
    () => Float64Array.from([Math.PI, -0, Number.NaN, Number.NEGATIVE_INFINITY, 1e-300]),
  ],
];

function writeMainFile(f: H5File, spec: Spec): void {
  for (const [name, dtypeStr, make] of INT_LIMITS) {
    const data = make();
    f.createDataset(`/numbers/${name}`, { data });
    spec.datasets[`/numbers/${name}`] = {
      shape: [data.length],
      dtype: dtypeStr,
      values: enc(data),
    };
  }
  const cube = ndarray(
    Float32Array.from({ length: 4 * 5 * 6 }, (_, i) => Math.sin(i) * 100),
    [4, 5, 6],
  );
  f.createDataset('/nd/cube', { data: cube, chunks: [2, 5, 3], gzip: 6 });
  spec.datasets['/nd/cube'] = {
    shape: [4, 5, 6],
    dtype: '<f4',
    values: enc(toNested(cube)),
    chunks: [2, 5, 3],
    compression: 'gzip',
    compression_opts: 6,
  };
  const ints = ndarray(
    Int16Array.from({ length: 3000 }, (_, i) => (i * 7) % 1000),
    [30, 100],
  );
  f.createDataset('/nd/auto_chunked', { data: ints, gzip: true });
  spec.datasets['/nd/auto_chunked'] = {
    shape: [30, 100],
    dtype: '<i2',
    values: toNested(ints),
    compression: 'gzip',
  };
  f.createDataset('/nd/scalar', { data: 2.5 });
  spec.datasets['/nd/scalar'] = { shape: [], dtype: '<f8', values: 2.5 };
  f.createDataset('/nd/plain_numbers', { data: [1, 2, 3] });
  spec.datasets['/nd/plain_numbers'] = { shape: [3], dtype: '<f8', values: [1, 2, 3] };
  f.createDataset('/nd/bools', { data: [true, false, true] });
  spec.datasets['/nd/bools'] = { shape: [3], dtype: '|u1', values: [1, 0, 1] };

  const words = ['alpha', 'µm ✓', '', 'naïve'];
  f.createDataset('/strings/vlen', { data: words });
  spec.datasets['/strings/vlen'] = { shape: [4], dtype: 'str', values: words };
  f.createDataset('/strings/fixed', { data: ['abc', 'defgh', ''], dtype: 'S8' });
  spec.datasets['/strings/fixed'] = { shape: [3], dtype: 'S8', values: ['abc', 'defgh', ''] };
  f.createDataset('/strings/scalar', { data: 'one string' });
  spec.datasets['/strings/scalar'] = { shape: [], dtype: 'str', values: 'one string' };
  f.createDataset('/strings/grid', { data: ndarray(['a', 'b', 'c', 'd', 'e', 'f'], [2, 3]) });
  spec.datasets['/strings/grid'] = {
    shape: [2, 3],
    dtype: 'str',
    values: [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ],
  };

  const table = new Map<string, NumericArray>([
    ['id', Int32Array.from([1, 2, 3])],
    ['x', Float64Array.from([0.5, -2, 1e10])],
    ['flag', Uint8Array.from([1, 0, 1])],
  ]);
  f.createDataset('/compound/table', { data: table });
  spec.datasets['/compound/table'] = {
    shape: [3],
    dtype: 'compound:id=<i4,x=<f8,flag=|u1',
    values: { id: [1, 2, 3], x: [0.5, -2, 1e10], flag: [1, 0, 1] },
  };

  // A resizable dataset appended chunk by chunk.
  const growing = f.createDataset('/growing', {
    data: new Float64Array(0),
    maxshape: [null],
    chunks: [4],
  });
  const appended: number[] = [];
  for (let k = 0; k < 3; k++) {
    const block = Float64Array.from({ length: 5 + k }, (_, i) => k * 100 + i);
    growing.append(block);
    appended.push(...block);
  }
  spec.datasets['/growing'] = {
    shape: [appended.length],
    dtype: '<f8',
    values: appended,
    maxshape: [null],
    chunks: [4],
  };
  const rows = f.createDataset('/growing2d', {
    data: ndarray(new Int32Array(0), [0, 3]),
    maxshape: [null, 3],
    chunks: [2, 3],
  });
  rows.append(ndarray(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]));
  rows.append(Int32Array.from([7, 8, 9]));
  spec.datasets['/growing2d'] = {
    shape: [3, 3],
    dtype: '<i4',
    values: [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
    maxshape: [null, 3],
  };
  // Overwrite part of an existing dataset.
  f.dataset('/nd/plain_numbers').write([9], { slice: [[1, 2]] });
  spec.datasets['/nd/plain_numbers'] = { shape: [3], dtype: '<f8', values: [1, 9, 3] };

  // Scalars written in place after creation (HDF5 refuses hyperslabs on scalar dataspaces).
  f.createDataset('/scalar/int32', { data: 0, dtype: 'int32' }).write(-7);
  spec.datasets['/scalar/int32'] = { shape: [], dtype: '<i4', values: -7 };
  f.createDataset('/scalar/uint16', { data: 1, dtype: 'uint16' }).write(true);
  spec.datasets['/scalar/uint16'] = { shape: [], dtype: '<u2', values: 1 };
  f.createDataset('/scalar/int64', { data: 0n }).write(2n ** 62n + 1n);
  spec.datasets['/scalar/int64'] = { shape: [], dtype: '<i8', values: (2n ** 62n + 1n).toString() };
  f.createDataset('/scalar/float64', { data: 1 }).write(-0.125);
  spec.datasets['/scalar/float64'] = { shape: [], dtype: '<f8', values: -0.125 };
  f.createDataset('/scalar/float32', { data: 1, dtype: 'float32' }).write([Number.NaN]);
  spec.datasets['/scalar/float32'] = { shape: [], dtype: '<f4', values: 'NaN' };
  f.createDataset('/scalar/fixed', { data: 'before', dtype: 'S6' }).write('µm');
  spec.datasets['/scalar/fixed'] = { shape: [], dtype: 'S6', values: 'µm' };
  f.createDataset('/scalar/ref', { data: f.get('/nd/cube').ref() }).write(f.get('/growing').ref());
  spec.datasets['/scalar/ref'] = { shape: [], dtype: 'ref', values: '/growing' };

  // Compound datasets with reference members, e.g. NWB's TimeSeriesReferenceVectorData.
  f.createDataset('/compound/tsrefs', {
    data: new Map<string, H5CompoundColumn>([
      ['idx_start', Int32Array.from([0, 5, -1])],
      ['count', Int32Array.from([5, 3, -1])],
      ['timeseries', [f.get('/nd/cube').ref(), f.get('/growing').ref(), f.get('/nd/cube').ref()]],
    ]),
  });
  spec.datasets['/compound/tsrefs'] = {
    shape: [3],
    dtype: 'compound:idx_start=<i4,count=<i4,timeseries=ref',
    values: {
      idx_start: [0, 5, -1],
      count: [5, 3, -1],
      timeseries: ['/nd/cube', '/growing', '/nd/cube'],
    },
  };
  f.createDataset('/compound/regions', {
    data: new Map<string, H5CompoundColumn>([
      ['where', [f.regionRef('/numbers/int32', [[1, 3]]), f.regionRef('/nd/cube', [0, 0, 0])]],
      ['weight', [0.5, 2]],
      ['big', [2n ** 40n, -3n]],
    ]),
  });
  spec.datasets['/compound/regions'] = {
    shape: [2],
    dtype: 'compound:where=region_ref,weight=<f8,big=<i8',
    values: {
      where: ['/numbers/int32', '/nd/cube'],
      weight: [0.5, 2],
      big: [(2n ** 40n).toString(), '-3'],
    },
  };

  const refs: H5Reference[] = [
    f.get('/nd/cube').ref(),
    f.get('/strings').ref(),
    f.get('/growing').ref(),
  ];
  f.createDataset('/refs/objects', { data: refs });
  spec.datasets['/refs/objects'] = { shape: [3], dtype: 'ref' };
  spec.refs['/refs/objects'] = ['/nd/cube', '/strings', '/growing'];
  const regions = [
    f.regionRef('/numbers/float64', [[0, 2]]),
    f.regionRef('/nd/cube', [[1, 3], 2, [0, 6, 2]]),
  ];
  f.createDataset('/refs/regions', { data: regions });
  spec.datasets['/refs/regions'] = { shape: [2], dtype: 'region_ref' };
  spec.region_refs['/refs/regions'] = [
    { target: '/numbers/float64', values: enc([Math.PI, -0]) },
    {
      target: '/nd/cube',
      values: enc([
        [[0, 2, 4].map((k) => cube.data[1 * 30 + 2 * 6 + k])],
        [[0, 2, 4].map((k) => cube.data[2 * 30 + 2 * 6 + k])],
      ]),
    },
  ];

  f.createSoftLink('/nd/cube', '/links/soft');
  spec.links['/links/soft'] = { kind: 'soft', target: '/nd/cube' };
  f.createExternalLink('ts_written_ext.h5', '/values', '/links/external');
  spec.links['/links/external'] = {
    kind: 'external',
    file: 'ts_written_ext.h5',
    target: '/values',
    values: [10, 20, 30],
  };

  f.setAttr('title', 'written by @sdk/core — ünïcode');
  f.setAttr('rate', 30);
  f.setAttr('count', 7, { dtype: 'int32' });
  f.setAttr('big', 2n ** 60n);
  f.setAttr('weights', Float32Array.from([0.25, 0.5]));
  f.setAttr('names', ['x', 'yz']);
  f.setAttr('ref', f.get('/nd/cube').ref());
  f.setAttr('title', 'written by @sdk/core — ünïcode'); // replacing keeps one attribute
  f.get('/nd/cube').setAttr('unit', 'volts');
  f.get('/strings').setAttr('neurodata_type', 'Group');
  spec.attrs['/'] = {
    title: 'written by @sdk/core — ünïcode',
    rate: 30,
    count: 7,
    big: (2n ** 60n).toString(),
    weights: [0.25, 0.5],
    names: ['x', 'yz'],
    ref: { ref: '/nd/cube' },
  };
  spec.attrs['/nd/cube'] = { unit: 'volts' };
  spec.attrs['/strings'] = { neurodata_type: 'Group' };
}

describe('HDF5 writer', () => {
  let dir: string;
  const outDirs: string[] = [];
  const spec: Spec = { datasets: {}, attrs: {}, refs: {}, region_refs: {}, links: {} };
  const memSpec: Spec = { datasets: {}, attrs: {}, refs: {}, region_refs: {}, links: {} };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdk-h5-write-'));
    outDirs.push(dir);
    const extra = process.env.SDK_INTEROP_OUT;
    if (extra) {
      mkdirSync(extra, { recursive: true });
      outDirs.push(extra);
    }
    for (const out of outDirs) {
      {
        using ext = await openH5(join(out, 'ts_written_ext.h5'), { mode: 'w' });
        ext.createDataset('/values', { data: Int32Array.from([10, 20, 30]) });
      }
      {
        using f = await openH5(join(out, 'ts_written.h5'), { mode: 'w' });
        const s: Spec = { datasets: {}, attrs: {}, refs: {}, region_refs: {}, links: {} };
        writeMainFile(f, s);
        Object.assign(spec, s);
      }
      writeFileSync(join(out, 'ts_written.json'), JSON.stringify(spec, null, 2));
      // A file created in memory (the browser path) and saved from its bytes.
      const mem = await openH5(null, { mode: 'w', name: 'mem.h5' });
      mem.createDataset('/data', {
        data: ndarray(Float64Array.from([1, 2, 3, 4, 5, 6]), [3, 2]),
        gzip: 1,
      });
      mem.setAttr('source', 'memory');
      const bytes = mem.toBytes();
      mem.close();
      writeFileSync(join(out, 'ts_memory.h5'), bytes);
      Object.assign(memSpec, {
        datasets: {
          '/data': {
            shape: [3, 2],
            dtype: '<f8',
            values: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            compression: 'gzip',
          },
        },
        attrs: { '/': { source: 'memory' } },
      });
      writeFileSync(join(out, 'ts_memory.json'), JSON.stringify(memSpec, null, 2));
    }
  });

  afterAll(() => {
    // temp files are left for inspection only when a test failed; the OS cleans tmp
  });

  it('reads back every dataset with the TS reader (exact)', async () => {
    using f = await openH5(join(dir, 'ts_written.h5'));
    for (const [path, want] of Object.entries(spec.datasets)) {
      const ds = f.dataset(path);
      expect(ds.shape, path).toEqual(want.shape);
      if (!('values' in want)) continue;
      const value = ds.read();
      let got: unknown;
      if (value && typeof value === 'object' && 'schema' in value) {
        got = Object.fromEntries(
          value.schema.fields.map((fl) => [
            fl.name,
            enc(Array.from(value.getChild(fl.name)?.toArray() ?? [])),
          ]),
        );
      } else if (value instanceof H5Reference) {
        got = f.refName(value);
      } else if (value && typeof value === 'object' && 'shape' in value) {
        got = toNested(value as NdArray<NumericArray>);
      } else {
        got = value;
      }
      expect(enc(got), path).toEqual(want.values);
    }
    expect(f.dataset('/nd/cube').filters.map((x) => x.name)).toContain('deflate');
    expect(f.dataset('/nd/cube').chunks).toEqual([2, 5, 3]);
    expect(f.dataset('/growing').maxshape).toEqual([null]);
  });

  it('reads back references, links and attributes', async () => {
    using f = await openH5(join(dir, 'ts_written.h5'));
    const refs = f.dataset('/refs/objects').read() as NdArray<H5Reference[]>;
    expect(refs.data.map((r) => f.refName(r))).toEqual(spec.refs['/refs/objects']);
    const regions = f.dataset('/refs/regions').read() as NdArray<H5Reference[]>;
    regions.data.forEach((r, i) => {
      expect(f.refName(r)).toBe(spec.region_refs['/refs/regions']?.[i]?.target);
      expect(enc(toNested(f.readRegion(r) as NdArray<NumericArray>))).toEqual(
        spec.region_refs['/refs/regions']?.[i]?.values,
      );
    });
    expect(f.link('/links/soft')).toEqual({ kind: 'soft', target: '/nd/cube' });
    expect(f.link('/links/external')).toEqual({
      kind: 'external',
      file: 'ts_written_ext.h5',
      target: '/values',
    });
    expect(Array.from((f.dataset('/links/external').read() as NdArray<Int32Array>).data)).toEqual([
      10, 20, 30,
    ]);
    const attrs = f.attrs.toObject();
    expect(attrs).toMatchObject({
      title: spec.attrs['/']?.title,
      rate: 30,
      count: 7,
      names: ['x', 'yz'],
      ref: '/nd/cube',
    });
    expect(f.attrs.get('big')).toBe(2n ** 60n);
    expect(f.attrs.dtype('rate')).toMatchObject({ class: 'float', size: 8 });
    expect(f.attrs.dtype('count')).toMatchObject({ class: 'int', size: 4 });
    expect(f.attrs.keys().filter((k) => k === 'title')).toHaveLength(1);
  });

  it('rejects bad writes with SdkError', async () => {
    using f = await openH5(null, { mode: 'w' });
    expect(() =>
      f.createDataset('/x', { data: Float64Array.from([1, 2, 3]), shape: [2, 2] }),
    ).toThrow(/holds 4 elements/);
    expect(() => f.createDataset('/y', { data: [1, 2], gzip: 12 })).toThrow(/gzip level/);
    f.createDataset('/z', { data: [1, 2] });
    try {
      f.createDataset('/z', { data: [1, 2] });
      expect.unreachable();
    } catch (e) {
      expect(isSdkError(e)).toBe(true);
    }
    expect(Array.from((f.dataset('/z').read() as NdArray<Float64Array>).data)).toEqual([1, 2]);
    const scalar = f.createDataset('/s', { data: 1, dtype: 'int16' });
    expect(() => scalar.write(2, { slice: [[0, 1]] })).toThrow(/scalar dataset cannot be sliced/);
    expect(() => scalar.write([1, 2])).toThrow(/holds 1 elements but the data has 2/);
    expect(() => f.createDataset('/vs', { data: 'text' }).write('other')).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED', path: '/vs' }),
    );
    expect(() => f.createDataset('/vl', { data: ['a', 'b'] }).write(['c', 'd'])).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED', path: '/vl' }),
    );
    expect(scalar.read()).toBe(1);
    const cube = f.createDataset('/c', { data: [1, 2] }).ref();
    expect(() =>
      f.createDataset('/mixed', {
        data: new Map<string, H5CompoundColumn>([['r', [cube, f.regionRef('/c', [[0, 1]])]]]),
      }),
    ).toThrow(/row 1 is not an object reference/);
    expect(() => f.createDataset('/strs', { data: new Map([['s', ['a', 'b']]]) })).toThrow(
      /only numeric and reference members/,
    );
    using r = await openH5(join(dir, 'ts_written.h5'));
    expect(() => r.createDataset('/new', { data: [1] })).toThrow(/creating dataset failed/);
    // after an HDF5 error the handle is reopened and keeps working
    expect(r.dataset('/nd/scalar').read()).toBe(2.5);
    expect(r.has('/new')).toBe(false);
  });

  it.skipIf(!HAVE_H5PY)('h5py reads the TS-written files with equal values', () => {
    const output = execFileSync(PYTHON, [CHECK, dir], { encoding: 'utf8' });
    expect(output).toMatch(/ts_written\.h5: \d+ entries checked, ok/);
    expect(output).toMatch(/ts_memory\.h5: \d+ entries checked, ok/);
  });
});
