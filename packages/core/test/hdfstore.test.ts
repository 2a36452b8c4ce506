import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Table, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { hdfStoreKeys, readHdfStore } from '../src/formats/hdfstore.js';
import {
  NumpyArray,
  type NumpyDType,
  type PickleValue,
  PyTuple,
  unpickle,
} from '../src/formats/pickle.js';
import { openH5 } from '../src/h5/file.js';
import { parsePythonJson } from '../src/json/python-json.js';
import { INDEX_METADATA_KEY, indexNames, vectorCells } from '../src/table/cells.js';

// Fixtures: tooling/oracle/generators/core_hdfstore.py (pandas 1.5.3 + PyTables 3.11 writing,
// pandas reading back; pickles from Python's pickle module). Every comparison is exact: integers
// as integers, floats with Object.is (NaN, inf, float32 values widened), strings byte for byte.
const DIR = fileURLToPath(new URL('./fixtures/hdfstore/', import.meta.url));
const STORE = join(DIR, 'stores.h5');

interface Frame {
  columns: string[];
  dtypes: string[];
  index: { name: string | null; values: unknown[] };
  values: unknown[][];
}
const stores = parsePythonJson(readFileSync(join(DIR, 'stores.json'), 'utf8')) as unknown as {
  keys: string[];
  frames: Record<string, Frame>;
  unsupported: string[];
};
const pickles = parsePythonJson(readFileSync(join(DIR, 'pickles.json'), 'utf8')) as unknown as {
  protocol: number;
  hex: string;
  value: unknown;
}[];

function missing(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isNaN(v));
}

function typeMatches(type: Type, dtype: string): boolean {
  if (type === Type.Int) return /^<[iu][1248]$/.test(dtype);
  if (type === Type.Float) return /^<f[248]$/.test(dtype);
  if (type === Type.Bool) return dtype === '|b1';
  if (type === Type.Utf8) return dtype === 'object';
  return false;
}

function plain(c: unknown): unknown {
  return typeof c === 'bigint' ? Number(c) : c;
}

function expectFrame(table: Table, want: Frame, key: string): void {
  const index = indexNames(table.schema.metadata.get(INDEX_METADATA_KEY));
  const indexName = want.index.name ?? 'index';
  expect(index, key).toEqual([indexName]);
  expect(
    table.schema.fields.map((f) => f.name),
    key,
  ).toEqual([indexName, ...want.columns]);
  const idx = vectorCells(table.getChildAt(0)!).map(plain);
  expect(idx.length, key).toBe(want.index.values.length);
  idx.forEach((c, r) => {
    const w = want.index.values[r];
    expect(missing(w) ? missing(c) : Object.is(c, w), `${key} index[${r}]`).toBe(true);
  });
  want.columns.forEach((name, j) => {
    const field = table.schema.fields[j + 1]!;
    const dtype = want.dtypes[j]!;
    expect(typeMatches(field.type.typeId, dtype), `${key} ${name}: ${field.type} vs ${dtype}`).toBe(
      true,
    );
    const cells = vectorCells(table.getChildAt(j + 1)!);
    const expected = want.values[j]!;
    expect(cells.length, `${key} ${name}`).toBe(expected.length);
    cells.forEach((c, r) => {
      const w = expected[r];
      const ok = missing(w)
        ? missing(c)
        : typeof c === 'bigint'
          ? c === BigInt(w as number)
          : Object.is(c, w);
      expect(ok, `${key} ${name}[${r}]: ${String(c)} vs ${String(w)}`).toBe(true);
    });
  });
}

describe('readHdfStore (pandas HDFStore, fixed and table layouts)', () => {
  it('lists the keys as HDFStore.keys()', async () => {
    expect(await hdfStoreKeys(STORE)).toEqual([...stores.keys].sort());
  });

  for (const [key, frame] of Object.entries(stores.frames)) {
    it(`${key}: columns, types, index and values as pandas reads them`, async () => {
      expectFrame(await readHdfStore(STORE, key), frame, key);
    });
  }

  it('reads from bytes (in-memory h5wasm) and from an open file; keys without the slash', async () => {
    const want = stores.frames['/table_mixed']!;
    expectFrame(await readHdfStore(readFileSync(STORE), 'table_mixed'), want, 'bytes');
    using f = await openH5(STORE);
    expectFrame(await readHdfStore(f, '/table_mixed'), want, 'open file');
    expect(f.closed).toBe(false);
  });

  for (const key of stores.unsupported) {
    it(`${key}: E_UNSUPPORTED naming the node`, async () => {
      try {
        await readHdfStore(STORE, key);
        expect.unreachable();
      } catch (e) {
        expect(isSdkError(e, 'E_UNSUPPORTED'), String(e)).toBe(true);
        expect((e as { path?: string }).path).toContain(key);
      }
    });
  }

  it('a group that is not a store key is E_FORMAT; a missing key E_NOT_FOUND', async () => {
    await expect(readHdfStore(STORE, '/group')).rejects.toSatisfy((e) => isSdkError(e, 'E_FORMAT'));
    await expect(readHdfStore(STORE, '/nope')).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_NOT_FOUND'),
    );
  });
});

/** The generator's JSON form of a Python value. */
function jsonForm(v: PickleValue): unknown {
  if (v instanceof PyTuple) return { tuple: v.items.map(jsonForm) };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [jsonForm(k), jsonForm(x)]) };
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (typeof v === 'bigint') return { int: v.toString() };
  if (v instanceof NumpyArray) {
    const dt = v.dtype as NumpyDType;
    const dtype = dt.kind === 'O' ? '|O' : `${dt.byteOrder}${dt.kind}${dt.itemSize}`;
    return {
      ndarray: {
        shape: v.shape,
        dtype,
        values: v.values.map((x) => (typeof x === 'bigint' ? Number(x) : jsonForm(x))),
      },
    };
  }
  if (Array.isArray(v)) return v.map(jsonForm);
  return v;
}

describe('unpickle (restricted)', () => {
  pickles.forEach((p, i) => {
    it(`#${i} protocol ${p.protocol}: ${JSON.stringify(p.value).slice(0, 60)}`, () => {
      const bytes = Uint8Array.from(p.hex.match(/../g)!.map((h) => Number.parseInt(h, 16)));
      // toEqual treats NaN as equal to NaN
      expect(jsonForm(unpickle(bytes))).toEqual(p.value);
    });
  });

  it('refuses globals outside numpy arrays (no code runs)', () => {
    // pickle.dumps(os.system, 0) and a REDUCE of builtins.eval
    const osSystem = new TextEncoder().encode('cposix\nsystem\np0\n.');
    expect(() => unpickle(osSystem)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    const evalCall = new TextEncoder().encode("cbuiltins\neval\n(S'1+1'\ntR.");
    expect(() => unpickle(evalCall)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    expect(() => unpickle(new Uint8Array([0x80, 0x05]))).toThrow(
      expect.objectContaining({ code: 'E_FORMAT' }),
    );
  });
});
