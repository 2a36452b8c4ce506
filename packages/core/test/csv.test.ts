import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Table, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { formatCsv, formatCsvRecords, parseCsv, pyFloatRepr } from '../src/formats/csv.js';
import { readCsv, writeCsv, writeCsvRecords } from '../src/formats/csv-node.js';
import {
  type ColumnTypeName,
  columnValues,
  indexColumns,
  type RecordValue,
  tableFromColumns,
  toRecords,
} from '../src/table/index.js';
import { fixtureUrl, readPythonJson } from './support/python-json.js';

interface Dumped {
  columns: string[];
  dtypes: Record<string, string>;
  data: Record<string, (string | number | boolean | null)[]>;
  index_name: string | null;
}

const fx = readPythonJson(fixtureUrl('formats/csv_cases.json')) as {
  read: { name: string; text: string; index_col: number | string | null; result: Dumped }[];
  to_csv: {
    name: string;
    input: Dumped;
    index: string | null;
    text: string;
    text_no_index: string;
  }[];
  csv_writer: {
    name: string;
    records: Record<string, unknown>[];
    text: string;
    read_back: Dumped;
  }[];
  vbo_tables: Record<
    string,
    {
      shape: [number, number];
      columns: string[];
      dtypes: Record<string, string>;
      head: Dumped;
      tail: Dumped;
      sums: Record<string, number | string>;
      null_counts: Record<string, number>;
      to_csv_sha256: string;
    }
  >;
};

const TYPE_OF_DTYPE: Record<string, Type> = {
  int64: Type.Int,
  float64: Type.Float,
  bool: Type.Bool,
  object: Type.Utf8,
};

/** Same value; int64 cells are decimal strings in the fixture (exact). */
function same(
  got: RecordValue | bigint,
  want: string | number | boolean | null,
  dtype: string,
): boolean {
  if (dtype === 'int64') return String(got) === want;
  if (typeof want === 'number' && typeof got === 'number') {
    return Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want) || got === want;
  }
  return got === want;
}

function intCells(t: Table, name: string): string[] {
  return Array.from({ length: t.numRows }, (_, i) => String(t.getChild(name)!.get(i)));
}

/** Column names, dtypes (object → Utf8, or nullable Bool for pandas' bool-with-NaN) and values, exactly. */
function expectLike(t: Table, d: Dumped, rows?: number[]): void {
  expect(t.schema.fields.map((f) => f.name)).toEqual(d.columns);
  for (const name of d.columns) {
    const dtype = d.dtypes[name]!;
    const type = t.getChild(name)!.type;
    const want = d.data[name]!;
    const isBoolObject =
      dtype === 'object' &&
      want.some((v) => typeof v === 'boolean') &&
      want.every((v) => v === null || typeof v === 'boolean');
    expect(type.typeId, `${name}: ${String(type)} for ${dtype}`).toBe(
      isBoolObject ? Type.Bool : TYPE_OF_DTYPE[dtype],
    );
    const got = dtype === 'int64' ? intCells(t, name) : columnValues(t, name);
    const picked = rows ? rows.map((r) => got[r]!) : got;
    expect(picked.length).toBe(want.length);
    want.forEach((w, i) => {
      expect(
        same(picked[i]!, w, dtype),
        `${name}[${i}]: ${String(picked[i])} vs ${String(w)}`,
      ).toBe(true);
    });
  }
}

function tableFromDump(d: Dumped, index: string | null): Table {
  const types: Record<string, ColumnTypeName> = {};
  const cols: Record<string, (string | number | boolean | null | bigint)[]> = {};
  for (const c of d.columns) {
    const dtype = d.dtypes[c]!;
    types[c] = ({ int64: 'int64', float64: 'float64', bool: 'bool', object: 'utf8' } as const)[
      dtype as 'int64'
    ];
    cols[c] = dtype === 'int64' ? d.data[c]!.map((v) => BigInt(v as string)) : d.data[c]!;
  }
  return tableFromColumns(cols as Record<string, (string | number | null)[]>, {
    types,
    ...(index ? { index } : {}),
  });
}

describe('parseCsv against pandas 1.5 read_csv', () => {
  it.each(fx.read.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const t = parseCsv(c.text, c.index_col === null ? {} : { indexCol: c.index_col });
    expectLike(t, c.result);
    if (c.index_col !== null) expect(indexColumns(t)).toEqual([c.result.columns[0]]);
    else expect(indexColumns(t)).toEqual([]);
  });

  it('rejects rows longer than the header and unterminated quotes (E_FORMAT)', () => {
    for (const text of ['a,b\n1,2,3\n', 'a\n"open\n']) {
      let thrown: unknown;
      try {
        parseCsv(text, { file: 'x.csv' });
      } catch (e) {
        thrown = e;
      }
      expect(isSdkError(thrown, 'E_FORMAT'), text).toBe(true);
    }
  });
});

describe('formatCsv against pandas to_csv', () => {
  it.each(fx.to_csv.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const t = tableFromDump(c.input, c.index);
    expect(formatCsv(t)).toBe(c.text);
    expect(formatCsv(t, { index: false })).toBe(c.text_no_index);
  });

  it('pyFloatRepr prints floats as Python repr', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [0.1, '0.1'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [1.5e300, '1.5e+300'],
      [123456789.123, '123456789.123'],
      [9007199254740992, '9007199254740992.0'],
      [5e-324, '5e-324'],
      [-0, '-0.0'],
      [0.0001, '0.0001'],
      [Number.NaN, 'nan'],
      [Number.NEGATIVE_INFINITY, '-inf'],
    ];
    for (const [x, s] of cases) expect(pyFloatRepr(x)).toBe(s);
  });

  it('round-trips through files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-csv-'));
    const t = parseCsv(fx.read.find((c) => c.name === 'index_col_named')!.text, { indexCol: 0 });
    await writeCsv(join(dir, 't.csv'), t);
    const back = await readCsv(join(dir, 't.csv'), { indexCol: 0 });
    expect(toRecords(back)).toEqual(toRecords(t));
    await expect(readCsv(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});

describe('formatCsvRecords against allensdk Cache.csv_writer', () => {
  it.each(fx.csv_writer.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    expect(formatCsvRecords(c.records)).toBe(c.text);
    const dir = mkdtempSync(join(tmpdir(), 'sdk-csvw-'));
    await writeCsvRecords(join(dir, 'r.csv'), c.records);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(c.text);
    // cache_csv_json reads back through the pandas inference.
    expectLike(parseCsv(c.text), c.read_back);
  });

  it('refuses a record with a key the header lacks', () => {
    expect(() => formatCsvRecords([{ a: 1 }, { a: 2, b: 3 }])).toThrowError(
      /not in the CSV header: 'b'/,
    );
  });
});

const VBO = fileURLToPath(new URL('../../../../shared/data/allensdk/vbo-tables/', import.meta.url));

describe('real Visual Behavior tables (../shared/data)', () => {
  const names = Object.keys(fx.vbo_tables);
  it('has fixture summaries for the three tables', () => expect(names).toHaveLength(3));

  it.skipIf(!existsSync(VBO)).each(names)('%s reads as pandas reads it', async (name) => {
    const s = fx.vbo_tables[name]!;
    const t = await readCsv(join(VBO, name));
    expect([t.numRows, t.numCols]).toEqual(s.shape);
    expect(t.schema.fields.map((f) => f.name)).toEqual(s.columns);
    expectLike(t, s.head, [0, 1, 2]);
    expectLike(t, s.tail, [t.numRows - 2, t.numRows - 1]);
    for (const [col, n] of Object.entries(s.null_counts)) {
      const missing = columnValues(t, col).filter(
        (v) => v === null || (typeof v === 'number' && Number.isNaN(v)),
      ).length;
      expect(missing, col).toBe(n);
    }
    for (const [col, sum] of Object.entries(s.sums)) {
      const vec = t.getChild(col)!;
      if (typeof sum === 'string') {
        let total = 0n;
        for (let i = 0; i < t.numRows; i++) {
          const v = vec.get(i) as bigint | boolean;
          total += typeof v === 'boolean' ? BigInt(Number(v)) : v;
        }
        expect(total.toString(), col).toBe(sum);
      } else {
        let total = 0;
        for (let i = 0; i < t.numRows; i++) {
          const v = vec.get(i) as number;
          if (!Number.isNaN(v)) total += v;
        }
        // numpy sums pairwise, this sums in order: the same values to within 1e-12 relative.
        expect(Math.abs(total - sum) <= 1e-12 * Math.abs(sum), `${col}: ${total} vs ${sum}`).toBe(
          true,
        );
      }
    }
    // Writing the table gives byte-for-byte what pandas' to_csv writes for it.
    const text = formatCsv(t);
    expect(createHash('sha256').update(text).digest('hex')).toBe(s.to_csv_sha256);
  });
});
