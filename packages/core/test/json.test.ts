import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { JsonComments, removeJsonComments } from '../src/json/json-comments.js';
import {
  readJson,
  readJsonSync,
  readJsonWithComments,
  writeJson,
  writeJsonSync,
} from '../src/json/node.js';
import { formatPythonFloat, formatPythonJson, parsePythonJson } from '../src/json/python-json.js';

const FIXTURES = new URL('./fixtures/json/', import.meta.url);

function fixture<T>(name: string): T {
  return parsePythonJson(readFileSync(new URL(name, FIXTURES), 'utf-8')) as T;
}

/** The generator tags floats JSON cannot carry (`{"$float": "nan"}`); turn them back. */
function untag(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(untag);
  if (v !== null && typeof v === 'object') {
    const tag = (v as { $float?: string }).$float;
    if (tag !== undefined) {
      return { nan: Number.NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[tag];
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, untag(x)]));
  }
  return v;
}

const tmp = mkdtempSync(join(tmpdir(), 'sdk-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('formatPythonJson vs json_utilities.write_string (allensdk 2.16.2 / simplejson)', () => {
  const cases = fixture<{ input: unknown; output: string; exact: boolean }[]>('write_string.json');

  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const text = formatPythonJson(untag(c.input));
    // Exact text wherever JS can express the input (no integral floats such as 1.0).
    if (c.exact) expect(text).toBe(c.output);
    expect(parsePythonJson(text)).toEqual(parsePythonJson(c.output));
  });

  it('has both exact and parse-only cases', () => {
    expect(cases.filter((c) => c.exact).length).toBeGreaterThan(5);
    expect(cases.some((c) => !c.exact)).toBe(true);
  });

  it('converts typed arrays, BigInt, Date, Map, Set, toJSON and toDict', () => {
    const value = {
      f32: new Float32Array([0.5, 1.25]),
      i64: new BigInt64Array([1n, -2n]),
      big: 2n ** 53n - 1n,
      date: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)),
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, 'two'],
      ]),
      set: new Set([3, 4]),
      dict: { toDict: () => ({ a: 1 }) },
      undef: undefined,
      arr: [undefined, () => 1],
    };
    expect(JSON.parse(formatPythonJson(value))).toEqual({
      f32: [0.5, 1.25],
      i64: [1, -2],
      big: 2 ** 53 - 1,
      date: '2020-01-02T03:04:05.006Z',
      map: { k: 1, '2': 'two' },
      set: [3, 4],
      dict: { a: 1 },
      arr: [null, null],
    });
  });

  it('throws E_UNSUPPORTED for BigInt beyond 2^53-1 and E_VALIDATION for cycles', () => {
    expect(() => formatPythonJson({ x: [2n ** 53n] })).toThrowError(/beyond/);
    try {
      formatPythonJson({ x: [2n ** 53n] });
    } catch (e) {
      expect(isSdkError(e, 'E_UNSUPPORTED')).toBe(true);
      expect((e as { path?: string }).path).toBe('$.x[0]');
    }
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => formatPythonJson(cyc)).toThrowError(/circular/);
  });

  it('writes Python float repr (KAT from CPython repr)', () => {
    const kat: [number, string][] = [
      [0.1, '0.1'],
      [1e-7, '1e-07'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-10, '1.5e-10'],
      [123456.789, '123456.789'],
      [25, '25.0'],
      [1e16, '1e+16'],
      [1.2345e20, '1.2345e+20'],
      [-2.5, '-2.5'],
      [-0, '-0.0'],
      [Number.NaN, 'nan'],
      [-Infinity, '-inf'],
    ];
    for (const [x, repr] of kat) expect(formatPythonFloat(x)).toBe(repr);
  });
});

describe('parsePythonJson vs Python json.loads', () => {
  const cases =
    fixture<{ input: string; value?: unknown; error?: string; line?: number; column?: number }[]>(
      'parse.json',
    );

  it.each(cases.map((c) => [JSON.stringify(c.input), c] as const))('%s', (_name, c) => {
    if (c.error === undefined) {
      // Python reads the integer literal `-0` as int 0; JS numbers keep the sign (-0 == 0).
      const zeroSign = (v: unknown) => (Object.is(v, -0) && !c.input.includes('-0.') ? 0 : v);
      const parsed = parsePythonJson(c.input);
      expect(Array.isArray(parsed) ? parsed.map(zeroSign) : parsed).toEqual(untag(c.value));
      return;
    }
    let thrown: unknown;
    try {
      parsePythonJson(c.input, { file: 'x.json' });
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_FORMAT')).toBe(true);
    const msg = (thrown as Error).message;
    expect(msg).toContain('x.json');
    // Same position as Python for the errors both parsers diagnose the same way.
    if (/^(Expecting|Extra data)/.test(c.error)) {
      expect(msg).toContain(`line ${c.line} column ${c.column}`);
    }
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const v = parsePythonJson('{"__proto__": {"polluted": 1}, "n": NaN}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(v)).toEqual(['__proto__', 'n']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it('rejects NaN tokens when allowNan is false', () => {
    expect(() => parsePythonJson('[NaN]', { allowNan: false })).toThrowError(/Expecting value/);
  });
});

describe('JsonComments vs allensdk JsonComments', () => {
  const cases =
    fixture<
      {
        input: string;
        removed: string;
        read_string?: unknown;
        read_string_error?: string;
        read_file?: unknown;
        read_file_error?: string;
      }[]
    >('comments.json');

  it.each(cases.map((c) => [JSON.stringify(c.input), c] as const))('%s', async (_n, c) => {
    expect(removeJsonComments(c.input)).toBe(c.removed);
    if ('read_string' in c) expect(JsonComments.readString(c.input)).toEqual(c.read_string);
    else expect(() => JsonComments.readString(c.input)).toThrow();
    const path = join(tmp, 'c.json');
    writeFileSync(path, c.input);
    if ('read_file' in c) expect(await readJsonWithComments(path)).toEqual(c.read_file);
    else await expect(readJsonWithComments(path)).rejects.toThrow();
  });

  it('keeps // and /* inside strings with stringAware', () => {
    const text = '{"u": "http://x/*y*/"} // c\n/* d */';
    expect(removeJsonComments(text)).toBe('{"u": "http:');
    expect(JsonComments.readString(text, { stringAware: true })).toEqual({ u: 'http://x/*y*/' });
  });
});

describe('readJson / writeJson', () => {
  it('reads an empty file as {}', async () => {
    const p = join(tmp, 'empty.json');
    writeFileSync(p, '');
    expect(await readJson(p)).toEqual({});
    expect(readJsonSync(p)).toEqual({});
  });

  it('skips a UTF-8 BOM and reads NaN tokens', async () => {
    const p = join(tmp, 'bom.json');
    writeFileSync(p, '\ufeff{"a": NaN}');
    expect(await readJson(p)).toEqual({ a: Number.NaN });
  });

  it('names the file in E_FORMAT and E_NOT_FOUND errors', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "a": 1,\n  oops\n}');
    await expect(readJson(bad)).rejects.toThrowError(/line 3 column 3.*bad\.json/);
    await expect(readJson(join(tmp, 'missing.json'))).rejects.toSatisfy((e) =>
      isSdkError(e, 'E_NOT_FOUND'),
    );
  });

  it('writes atomically, leaving no temporary file, and round-trips', async () => {
    const dir = mkdtempSync(join(tmp, 'w-'));
    const p = join(dir, 'out.json');
    const value = { b: [1, 2.5, Number.NaN], a: 'é', nested: { x: null } };
    await writeJson(p, value);
    writeJsonSync(join(dir, 'sync.json'), value);
    expect(readdirSync(dir).sort()).toEqual(['out.json', 'sync.json']);
    const text = readFileSync(p, 'utf-8');
    expect(text).toBe(formatPythonJson(value));
    expect(text).toContain('\\u00e9');
    expect(await readJson(p)).toEqual({ b: [1, 2.5, null], a: 'é', nested: { x: null } });
  });

  it('leaves the old file intact when serialisation fails', async () => {
    const p = join(tmp, 'keep.json');
    await writeJson(p, { ok: 1 });
    await expect(writeJson(p, { bad: 2n ** 60n })).rejects.toThrow();
    expect(await readJson(p)).toEqual({ ok: 1 });
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
