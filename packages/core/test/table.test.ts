import { type Table, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import {
  type Aggregations,
  type ColumnTypeName,
  columnValues,
  filter,
  groupBy,
  indexColumns,
  join,
  type RecordValue,
  select,
  sort,
  tableFromColumns,
  tableFromRecords,
  toRecords,
  withIndex,
} from '../src/table/index.js';
import { fixtureUrl, readPythonJson } from './support/python-json.js';

interface Dumped {
  columns: string[];
  dtypes: Record<string, string>;
  data: Record<string, RecordValue[]>;
}

const fx = readPythonJson(fixtureUrl('tables/table_ops.json')) as {
  input: Dumped;
  right: Dumped;
  right2: Dumped;
  cases: Record<string, Dumped>;
  records: Record<string, RecordValue>[];
  from_records: { records: Record<string, unknown>[]; result: Dumped };
};

const DTYPE: Record<string, ColumnTypeName> = {
  int64: 'int64',
  float64: 'float64',
  object: 'utf8',
  bool: 'bool',
};

function fromDump(d: Dumped): Table {
  const types: Record<string, ColumnTypeName> = {};
  for (const c of d.columns) types[c] = DTYPE[d.dtypes[c]!]!;
  return tableFromColumns(d.data as Record<string, (string | number | boolean | null)[]>, {
    types,
  });
}

function sameValue(a: RecordValue, e: RecordValue, rtol: number): boolean {
  if (typeof e === 'number' && typeof a === 'number') {
    if (Number.isNaN(e)) return Number.isNaN(a);
    return a === e || Math.abs(a - e) <= rtol * Math.abs(e);
  }
  if (Array.isArray(e) && Array.isArray(a)) {
    return a.length === e.length && e.every((x, i) => sameValue(a[i]!, x, rtol));
  }
  return a === e;
}

/** Column names, pandas dtype ↔ Arrow type, and values (floats within `rtol`, the rest exact). */
function expectMatches(actual: Table, expected: Dumped, rtol = 0): void {
  expect(actual.schema.fields.map((f) => f.name)).toEqual(expected.columns);
  expect(actual.numRows).toBe(expected.data[expected.columns[0]!]!.length);
  for (const name of expected.columns) {
    const type = actual.getChild(name)!.type;
    const dtype = expected.dtypes[name];
    const typeId = {
      int64: Type.Int,
      float64: Type.Float,
      bool: Type.Bool,
      object: Array.isArray(expected.data[name]![0]) ? Type.List : Type.Utf8,
    }[dtype!];
    expect(type.typeId, `${name}: ${String(type)} for ${dtype}`).toBe(typeId);
    const got = columnValues(actual, name);
    const want = expected.data[name]!;
    want.forEach((e, i) => {
      expect(sameValue(got[i]!, e, rtol), `${name}[${i}]: ${String(got[i])} vs ${String(e)}`).toBe(
        true,
      );
    });
  }
}

const input = fromDump(fx.input);

describe('tableFromColumns / toRecords', () => {
  it('maps the pandas dtypes and gives pandas records', () => {
    expect(input.getChild('id')!.type.toString()).toBe('Int64');
    expect(input.getChild('x')!.type.toString()).toBe('Float64');
    expect(input.getChild('s')!.type.toString()).toBe('Utf8');
    expect(input.getChild('b')!.type.toString()).toBe('Bool');
    const recs = toRecords(input).slice(0, 5);
    recs.forEach((r, i) => {
      for (const [k, v] of Object.entries(fx.records[i]!)) {
        expect(sameValue(r[k]!, v, 0), `${k}[${i}]`).toBe(true);
      }
    });
  });

  it('infers types like pandas does from Python lists', () => {
    const t = tableFromColumns({
      i: [1, 2, 3],
      f: [1, 2.5, 3],
      in: [1, null, 3],
      s: ['a', null, undefined],
      b: [true, false, null],
      big: [1n, 2n, 2n ** 60n],
      u8: Uint8Array.from([1, 2, 255]),
      f32: Float32Array.from([1, 2, 3]),
      ragged: [[1, 2], [], null],
      raggedF: [Float64Array.from([0.5]), Float64Array.from([1, 2]), new Float64Array()],
      raggedS: [['a'], ['b', null], []],
    });
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      i: 'Int64',
      f: 'Float64',
      in: 'Float64',
      s: 'Utf8',
      b: 'Bool',
      big: 'Int64',
      u8: 'Int64',
      f32: 'Float64',
      ragged: 'List<Int64>',
      raggedF: 'List<Float64>',
      raggedS: 'List<Utf8>',
    });
    expect(columnValues(t, 'in')).toEqual([1, Number.NaN, 3]);
    expect(columnValues(t, 's')).toEqual(['a', null, null]);
    expect(columnValues(t, 'ragged')).toEqual([[1, 2], [], null]);
    expect(columnValues(t, 'raggedF')).toEqual([[0.5], [1, 2], []]);
    expect(columnValues(t, 'raggedS')).toEqual([['a'], ['b', null], []]);
    expect(columnValues(t, 'u8')).toEqual([1, 2, 255]);
  });

  it('throws E_UNSUPPORTED for Int64 values beyond 2^53-1, and only then', () => {
    const t = tableFromColumns({ v: [2n ** 53n - 1n, -(2n ** 53n - 1n)] });
    expect(toRecords(t)).toEqual([{ v: 2 ** 53 - 1 }, { v: -(2 ** 53 - 1) }]);
    const big = tableFromColumns({ v: [1n, 2n ** 53n] });
    let thrown: unknown;
    try {
      toRecords(big);
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_UNSUPPORTED')).toBe(true);
    expect((thrown as Error).message).toContain('column v, row 1');
  });

  it('rejects mixed columns and ragged row counts with E_VALIDATION', () => {
    expect(() => tableFromColumns({ a: [1, 'x'] })).toThrowError(/mixes int and string/);
    expect(() => tableFromColumns({ a: [1, 2], b: [1] })).toThrowError(/has 1 rows/);
    expect(() => tableFromColumns({ a: [1.5] }, { types: { a: 'int64' } })).toThrowError(
      /not a valid Int64/,
    );
  });

  it('records the pandas index in schema metadata', () => {
    const t = tableFromColumns({ specimen_id: [3, 1], v: [0.5, 1] }, { index: 'specimen_id' });
    expect(t.schema.metadata.get('index')).toBe('specimen_id');
    expect(indexColumns(t)).toEqual(['specimen_id']);
    expect(indexColumns(select(t, ['v']))).toEqual([]);
    expect(indexColumns(sort(t, 'specimen_id'))).toEqual(['specimen_id']);
    expect(indexColumns(withIndex(t, ['specimen_id', 'v']))).toEqual(['specimen_id', 'v']);
    expect(indexColumns(withIndex(t, null))).toEqual([]);
  });
});

describe('tableFromRecords against pd.DataFrame(records)', () => {
  it('orders columns by first appearance and types gaps as pandas does', () => {
    const t = tableFromRecords(fx.from_records.records);
    // pandas keeps bool-with-None as object; here it is a nullable Bool (same values).
    expectMatches(t, {
      ...fx.from_records.result,
      dtypes: { ...fx.from_records.result.dtypes, flag: 'bool' },
    });
    expect(String(t.getChild('tags')!.type)).toBe('List<Int64>');
  });

  it('refuses nested objects', () => {
    expect(() => tableFromRecords([{ a: { b: 1 } }])).toThrowError(/"a" holds an object/);
  });
});

describe('edge cases', () => {
  it('keeps column types through empty results', () => {
    const none = filter(input, () => false);
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => String(f.type))).toEqual(
      input.schema.fields.map((f) => String(f.type)),
    );
    expect(toRecords(sort(none, 'x'))).toEqual([]);
    expect(groupBy(none, 'g', { n: ['x', 'count'] }).numRows).toBe(0);
    const noMatch = join(input, tableFromColumns({ g: ['zz'], v: [1] }), { on: 'g' });
    expect(noMatch.numRows).toBe(0);
    const left = join(input, tableFromColumns({ g: ['zz'], v: [1] }), { on: 'g', how: 'left' });
    expect(String(left.getChild('v')!.type)).toBe('Float64');
    expect(columnValues(left, 'v').every((v) => Number.isNaN(v))).toBe(true);
  });

  it('throws DataFrameKeyError for unknown sort, join and group columns', () => {
    for (const run of [
      () => sort(input, 'nope'),
      () => join(input, input, { on: 'nope' }),
      () => groupBy(input, 'nope', {}),
      () => groupBy(input, 'g', { a: ['nope', 'sum'] }),
    ]) {
      let thrown: unknown;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(isSdkError(thrown, 'E_NOT_FOUND')).toBe(true);
      expect((thrown as Error).name).toBe('DataFrameKeyError');
    }
  });
});

describe('select / filter', () => {
  it('selects columns in the given order; a missing column is a DataFrameKeyError', () => {
    const t = select(input, ['x', 'id']);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['x', 'id']);
    expect(columnValues(t, 'id')).toEqual(fx.input.data.id);
    let thrown: unknown;
    try {
      select(input, ['id', 'nope']);
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_NOT_FOUND')).toBe(true);
    expect((thrown as Error).name).toBe('DataFrameKeyError');
  });

  it('filters by mask and by predicate', () => {
    const xs = fx.input.data.x as number[];
    const viaPredicate = filter(input, (r) => (r.x as number) > 0);
    const viaMask = filter(
      input,
      xs.map((x) => x > 0),
    );
    const want = (fx.input.data.id as number[]).filter((_, i) => xs[i]! > 0);
    expect(columnValues(viaPredicate, 'id')).toEqual(want);
    expect(columnValues(viaMask, 'id')).toEqual(want);
    expect(() => filter(input, [true])).toThrowError(/mask has 1 values/);
  });
});

describe('sort against pandas sort_values', () => {
  const cases: [string, () => Table][] = [
    ['sort_x_asc', () => sort(input, 'x')],
    ['sort_x_desc', () => sort(input, 'x', { ascending: false })],
    ['sort_x_desc_na_first', () => sort(input, 'x', { ascending: false, naPosition: 'first' })],
    ['sort_s_asc', () => sort(input, 's')],
    ['sort_g_t_mixed', () => sort(input, ['g', 't'], { ascending: [true, false] })],
    [
      'sort_t_b_y',
      () =>
        sort(input, [{ column: 't', ascending: false }, 'b', { column: 'y', ascending: false }], {
          naPosition: 'first',
        }),
    ],
  ];
  it.each(cases)('%s', (name, run) => {
    expectMatches(run(), fx.cases[name]!);
  });
});

describe('join against pandas merge', () => {
  const right = fromDump(fx.right);
  const right2 = fromDump(fx.right2);
  it('inner', () => expectMatches(join(input, right, { on: 'g' }), fx.cases.join_inner!));
  it('left (Int64 with missing rows becomes Float64)', () =>
    expectMatches(join(input, right, { on: 'g', how: 'left' }), fx.cases.join_left!));
  it('left on two keys', () =>
    expectMatches(
      join(input, right2, { on: ['g', 'g2'], how: 'left' }),
      fx.cases.join_left_two_keys!,
    ));
});

describe('groupBy against pandas groupby().agg()', () => {
  // Float aggregates follow pandas' kernels step by step (Kahan sums, Welford variance): 1e-12.
  const RTOL = 1e-12;
  it('one key, every aggregate', () => {
    const aggs: Aggregations = {
      n: ['x', 'count'],
      x_sum: ['x', 'sum'],
      x_mean: ['x', 'mean'],
      x_min: ['x', 'min'],
      x_max: ['x', 'max'],
      x_median: ['x', 'median'],
      x_std: ['x', 'std'],
      x_first: ['x', 'first'],
      x_last: ['x', 'last'],
      y_sum: ['y', 'sum'],
      y_mean: ['y', 'mean'],
      y_min: ['y', 'min'],
      y_max: ['y', 'max'],
      y_std: ['y', 'std'],
      y_median: ['y', 'median'],
      b_sum: ['b', 'sum'],
      b_mean: ['b', 'mean'],
      s_first: ['s', 'first'],
      s_last: ['s', 'last'],
      s_count: ['s', 'count'],
      id_list: ['id', 'list'],
      s2_min: ['s2', 'min'],
      s2_max: ['s2', 'max'],
    };
    const t = groupBy(input, 'g', aggs);
    expectMatches(t, fx.cases.groupby_g!, RTOL);
    expect(indexColumns(t)).toEqual(['g']);
  });

  it('two keys (a float key with NaN rows dropped)', () => {
    const t = groupBy(input, ['g2', 't'], {
      y_sum: ['y', 'sum'],
      x_mean: ['x', 'mean'],
      x_std: ['x', 'std'],
      n: ['id', 'count'],
      x_list: ['x', 'list'],
    });
    expectMatches(t, fx.cases.groupby_g2_t!, RTOL);
    expect(indexColumns(t)).toEqual(['g2', 't']);
  });

  it('refuses numeric aggregates of strings', () => {
    expect(() => groupBy(input, 'g', { m: ['s', 'mean'] })).toThrowError(/mean of non-numeric/);
  });
});
