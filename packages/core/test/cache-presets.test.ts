import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Table, Type } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../src/cache/allen-cache.js';
import { cacher } from '../src/cache/cacher.js';
import { FsCacheStore } from '../src/cache/node/fs-store.js';
import {
  cacheCsv,
  cacheCsvDataframe,
  cacheCsvJson,
  cacheJsonDataframe,
  nocacheDataframe,
  type RenamePairs,
  removeKeys,
  renameColumns,
} from '../src/cache/presets.js';
import { isSdkError } from '../src/errors.js';
import { parsePythonJson } from '../src/json/python-json.js';
import { tableFromRecords } from '../src/table/build.js';
import { INDEX_METADATA_KEY, indexNames, vectorCells } from '../src/table/cells.js';

// Fixture: tooling/oracle/generators/core_cache_presets.py (allensdk 2.16.2, pandas 1.5.3).
// Comparisons are exact: integers as integers, floats with Object.is (NaN included), strings
// byte for byte; a missing value is NaN or None in pandas and null (or NaN in records) here.
const FIXTURE = fileURLToPath(new URL('./fixtures/manifest/cache_presets.json', import.meta.url));

type Rec = Record<string, unknown>;
interface Frame {
  columns: string[];
  dtypes: string[];
  index: { name: string; values: unknown[] } | null;
  values: unknown[][];
}
interface Fixture {
  csv: {
    name: string;
    records: Rec[];
    text: string;
    json_records: Rec[];
    frame: Frame;
    frame_dataframe_preset: Frame;
  }[];
  json_frame: { name: string; records: Rec[]; text: string; frame: Frame }[];
  nocache: { name: string; records: Rec[]; frame: Frame }[];
  load_csv: LoadCase[];
  load_json: LoadCase[];
  rename: { pairs: [string, string][]; records: Rec[]; frame: Frame }[];
  remove: { keys: string[]; records: Rec[]; ok?: Frame; error?: string }[];
  wrap: {
    save_as_json: boolean;
    return_dataframe: boolean;
    cache: boolean;
    rename?: [string, string][];
    index?: string;
    records: Rec[];
    ok?: unknown;
    error?: string;
    fetches: number;
    text: string | null;
    warnings: string[];
  }[];
}
interface LoadCase {
  name: string;
  rename: [string, string][] | null;
  index: string | null;
  text: string;
  ok?: Frame;
  error?: string;
}
const fx = parsePythonJson(readFileSync(FIXTURE, 'utf8')) as unknown as Fixture;

const tmp = mkdtempSync(join(tmpdir(), 'sdk-cache-presets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const store = new FsCacheStore();
let counter = 0;
const scratch = (ext: string) => join(tmp, `f${++counter}.${ext}`);

function missing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Arrow type → the numpy dtypes pandas may hold the same column as. */
function dtypeMatches(type: Table['schema']['fields'][number]['type'], dtype: string): boolean {
  switch (type.typeId) {
    case Type.Int:
      return dtype === '<i8';
    case Type.Float:
      return dtype === '<f8';
    case Type.Bool:
      return dtype === '|b1' || dtype === 'object'; // object: booleans with missing values
    case Type.Utf8:
      // datetime64: the documented deviation (date-named JSON columns stay strings)
      return dtype === 'object' || /M8\[ns\]$/.test(dtype);
    case Type.List:
      return dtype === 'object';
    default:
      return false;
  }
}

/** An ISO string as an instant; naive times are UTC (pandas' naive datetime64). */
function instant(s: string): number {
  const hasZone = /(Z|[+-]\d\d:\d\d)$/.test(s);
  return Date.parse(/T/.test(s) && !hasZone ? `${s}Z` : s);
}

function sameCell(got: unknown, want: unknown, dtype: string): boolean {
  if (missing(want)) return missing(got);
  if (typeof got === 'bigint') return got === BigInt(want as number);
  if (/M8\[ns\]$/.test(dtype)) return instant(got as string) === instant(want as string);
  if (Array.isArray(want)) {
    return (
      Array.isArray(got) &&
      got.length === want.length &&
      got.every((g, i) => sameCell(g, want[i], 'object'))
    );
  }
  return Object.is(got, want);
}

/**
 * Compares a Table with a pandas frame: non-index columns in order, their types and cells, and
 * the index (a column here, `schema.metadata.index`).
 */
function expectFrame(
  table: Table,
  want: Frame,
  label: string,
  deviations: Record<string, Type> = {},
): void {
  const index = indexNames(table.schema.metadata.get(INDEX_METADATA_KEY));
  const fields = table.schema.fields
    .map((f, i) => ({ f, i }))
    .filter((x) => !index.includes(x.f.name));
  expect(
    fields.map((x) => x.f.name),
    label,
  ).toEqual(want.columns);
  fields.forEach(({ f, i }, j) => {
    const dtype = want.dtypes[j] as string;
    const deviation = deviations[f.name];
    if (deviation !== undefined) expect(f.type.typeId, `${label} ${f.name}`).toBe(deviation);
    else
      expect(dtypeMatches(f.type, dtype), `${label} ${f.name}: ${f.type} vs ${dtype}`).toBe(true);
    const cells = vectorCells(table.getChildAt(i)!);
    const expected = want.values[j] as unknown[];
    expect(cells.length, `${label} ${f.name}`).toBe(expected.length);
    cells.forEach((c, r) => {
      expect(
        sameCell(c, expected[r], dtype),
        `${label} ${f.name}[${r}]: ${String(c)} vs ${String(expected[r])}`,
      ).toBe(true);
    });
  });
  if (want.index === null) {
    expect(index, label).toEqual([]);
  } else {
    expect(index, label).toEqual([want.index.name]);
    const cells = vectorCells(table.getChild(want.index.name)!);
    expect(
      cells.map((c) => (typeof c === 'bigint' ? Number(c) : c)),
      label,
    ).toEqual(want.index.values);
  }
}

function expectRecords(got: Rec[], want: Rec[], label: string): void {
  expect(got.length, label).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as Rec;
    expect(Object.keys(g), label).toEqual(Object.keys(w));
    for (const k of Object.keys(w)) {
      expect(
        Object.is(g[k], w[k]) || (missing(g[k]) && missing(w[k])),
        `${label}[${i}].${k}: ${String(g[k])} vs ${String(w[k])}`,
      ).toBe(true);
      // pandas records hold NaN, never None, for a missing CSV cell
      if (typeof w[k] === 'number' && Number.isNaN(w[k])) expect(g[k], label).toBeNaN();
    }
  });
}

describe('Cache.csv_writer presets (cacheCsv, cacheCsvDataframe, cacheCsvJson)', () => {
  for (const c of fx.csv) {
    it(`${c.name}: writes the reference bytes and reads back as pandas does`, async () => {
      const path = scratch('csv');
      await cacheCsv().writer(path, c.records, store);
      expect(readFileSync(path, 'utf8')).toBe(c.text);
      writeFileSync(path, c.text);
      expectFrame(await cacheCsv().reader(path, store), c.frame, c.name);
      expectFrame(await cacheCsvDataframe().reader(path, store), c.frame_dataframe_preset, c.name);
      expectRecords(await cacheCsvJson().reader(path, store), c.json_records, c.name);
    });
  }

  it('through cacher: the created file is read back as records (lazy, then from the file)', async () => {
    const c = fx.csv.find((x) => x.name === 'mixed')!;
    const path = join(tmp, 'deep', 'dir', 'mixed.csv');
    let fetches = 0;
    const fetch = () => {
      fetches++;
      return c.records;
    };
    expectRecords(
      (await cacher(store, fetch, { path, ...cacheCsvJson() })) as Rec[],
      c.json_records,
      'create',
    );
    expectRecords(
      (await cacher(store, fetch, { path, ...cacheCsvJson() })) as Rec[],
      c.json_records,
      'file',
    );
    expect(fetches).toBe(1);
  });

  it('refuses data that is not a list of records', async () => {
    await expect(cacheCsv().writer(scratch('csv'), { a: 1 }, store)).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_VALIDATION'),
    );
  });
});

describe('cacheJsonDataframe (pd.read_json orient=records)', () => {
  for (const c of fx.json_frame) {
    it(`${c.name}: types and values as pandas 1.5`, async () => {
      const path = scratch('json');
      await cacheJsonDataframe().writer(path, c.records, store);
      expect(parsePythonJson(readFileSync(path, 'utf8'))).toEqual(parsePythonJson(c.text));
      writeFileSync(path, c.text);
      const table = await cacheJsonDataframe().reader(path, store);
      expectFrame(table, c.frame, c.name);
      // date-named columns: kept as the JSON strings (pandas: datetime64)
      c.frame.dtypes.forEach((d, j) => {
        if (!/M8/.test(d)) return;
        const name = c.frame.columns[j] as string;
        expect(vectorCells(table.getChild(name)!)).toEqual(c.records.map((r) => r[name]));
      });
    });
  }

  it('a column of objects has no table type: E_UNSUPPORTED naming it', async () => {
    const path = scratch('json');
    writeFileSync(path, '[{"a": 1, "nested": {"x": 1}}]');
    await expect(cacheJsonDataframe().reader(path, store)).rejects.toSatisfy(
      (e) => isSdkError(e, 'E_UNSUPPORTED') && /nested/.test(String(e)),
    );
  });
});

describe('nocacheDataframe (pd.DataFrame(records))', () => {
  for (const c of fx.nocache) {
    it(`${c.name}`, () => {
      // JS numbers cannot keep Python's 2.0 apart from 2: [1, 2.0, 3] is float64 in pandas,
      // Int64 here (same values).
      const deviations: Record<string, Type> = c.name === 'types' ? { mixed: Type.Int } : {};
      expectFrame(nocacheDataframe().post(c.records), c.frame, c.name, deviations);
    });
  }
});

describe('Cache.load_csv / Cache.load_json', () => {
  for (const kind of ['load_csv', 'load_json'] as const) {
    for (const c of fx[kind]) {
      it(`${kind} ${c.name}`, async () => {
        const cache = await Cache.open({ store });
        const path = scratch(kind === 'load_csv' ? 'csv' : 'json');
        writeFileSync(path, c.text);
        const options = { rename: c.rename as RenamePairs | null, index: c.index };
        const table =
          kind === 'load_csv'
            ? await cache.loadCsv(path, options)
            : await cache.loadJson(path, options);
        expectFrame(table, c.ok!, c.name);
      });
    }
  }
});

describe('renameColumns / removeKeys on tables', () => {
  for (const c of fx.rename) {
    it(`rename ${JSON.stringify(c.pairs)}`, () => {
      const table = tableFromRecords(c.records);
      if (new Set(c.frame.columns).size < c.frame.columns.length) {
        // pandas ends with two columns of one name; Arrow cannot (documented deviation)
        expect(() => renameColumns(table, c.pairs)).toThrow(
          expect.objectContaining({ code: 'E_UNSUPPORTED' }),
        );
        return;
      }
      expectFrame(renameColumns(table, c.pairs), c.frame, 'rename');
    });
  }
  for (const c of fx.remove) {
    it(`remove ${JSON.stringify(c.keys)}`, () => {
      const table = tableFromRecords(c.records);
      if (c.error) {
        expect(() => removeKeys(table, c.keys)).toThrow(
          expect.objectContaining({ code: 'E_VALIDATION' }),
        );
      } else {
        expectFrame(removeKeys(table, c.keys), c.ok!, 'remove');
      }
    });
  }

  it('leaves the index column alone, as pandas (the index is not among df.columns)', () => {
    const t = renameColumns(tableFromRecords([{ id: 1, v: 2 }], { index: 'id' }), [
      ['x', 'id'],
      ['w', 'v'],
    ]);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'w']);
    expect(() => removeKeys(tableFromRecords([{ id: 1 }], { index: 'id' }), ['id'])).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });
});

describe('Cache.wrap (deprecated shim)', () => {
  fx.wrap.forEach((c, i) => {
    const label = `save_as_json=${c.save_as_json} return_dataframe=${c.return_dataframe} cache=${c.cache}${c.index ? ` index=${c.index}` : ''}`;
    it(label, async () => {
      const cache = await Cache.open({ store });
      const path = join(tmp, `wrap${i}.dat`);
      if (!c.cache) writeFileSync(path, JSON.stringify([{ pre: 'existing' }]));
      let fetches = 0;
      const warnings: string[] = [];
      const run = cache.wrap(
        () => {
          fetches++;
          return c.records.map((r) => ({ ...r }));
        },
        path,
        c.cache,
        {
          saveAsJson: c.save_as_json,
          returnDataframe: c.return_dataframe,
          ...(c.index ? { index: c.index } : {}),
          ...(c.rename ? { rename: c.rename } : {}),
          warn: (m) => warnings.push(m),
        },
      );
      if (c.error) {
        await expect(run).rejects.toSatisfy((e) => isSdkError(e, 'E_VALIDATION'));
      } else {
        const out = await run;
        if (c.return_dataframe) expectFrame(out as Table, c.ok as Frame, label);
        else expect(out).toEqual(c.ok);
      }
      expect(fetches).toBe(c.fetches);
      expect(warnings).toEqual(c.warnings);
      const text = readFileSync(path, 'utf8');
      if (c.save_as_json) expect(parsePythonJson(text)).toEqual(parsePythonJson(c.text!));
      else expect(text).toBe(c.text);
    });
  });
});
