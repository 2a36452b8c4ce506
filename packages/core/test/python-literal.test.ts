import { describe, expect, it } from 'vitest';
import { isSdkError } from '../src/errors.js';
import { type PyValue, parsePythonLiteral } from '../src/formats/python-literal.js';
import { fixtureUrl, readPythonJson } from './support/python-json.js';

type Tagged =
  | { none: true }
  | { bool: boolean }
  | { int: string }
  | { float: string }
  | { str: string }
  | { bytes: number[] }
  | { list: Tagged[] }
  | { tuple: Tagged[] }
  | { set: Tagged[] }
  | { dict: [Tagged, Tagged][] };

interface Case {
  text: string;
  value?: Tagged;
  error?: string;
}

/** The value parsePythonLiteral(text, {dicts: 'map'}) must return for a literal_eval result. */
function untag(t: Tagged): PyValue {
  if ('none' in t) return null;
  if ('bool' in t) return t.bool;
  if ('int' in t) {
    const b = BigInt(t.int);
    return b > BigInt(Number.MAX_SAFE_INTEGER) || b < -BigInt(Number.MAX_SAFE_INTEGER)
      ? b
      : Number(b);
  }
  if ('float' in t) {
    if (t.float === 'nan') return Number.NaN;
    if (t.float === 'inf') return Number.POSITIVE_INFINITY;
    if (t.float === '-inf') return Number.NEGATIVE_INFINITY;
    return Number(t.float);
  }
  if ('str' in t) return t.str;
  if ('bytes' in t) return Uint8Array.from(t.bytes);
  if ('list' in t) return t.list.map(untag);
  if ('tuple' in t) return t.tuple.map(untag);
  if ('set' in t) return new Set(t.set.map(untag));
  return new Map(t.dict.map(([k, v]) => [untag(k), untag(v)]));
}

/** Deep equality that also checks float signs (-0.0) and dict key order. */
function expectSame(actual: PyValue, expected: PyValue, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    expect(Object.is(actual, expected), `${where}: ${String(actual)} vs ${expected}`).toBe(true);
  } else if (expected instanceof Map) {
    expect(actual, where).toBeInstanceOf(Map);
    const a = actual as Map<PyValue, PyValue>;
    const ak = [...a.keys()];
    const ek = [...expected.keys()];
    expect(ak.length, where).toBe(ek.length);
    ek.forEach((k, i) => {
      expectSame(ak[i]!, k, `${where}.key${i}`);
      expectSame(a.get(ak[i]!)!, expected.get(k)!, `${where}[${String(k)}]`);
    });
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    const a = actual as PyValue[];
    expect(a.length, where).toBe(expected.length);
    expected.forEach((e, i) => {
      expectSame(a[i]!, e, `${where}[${i}]`);
    });
  } else {
    expect(actual, where).toEqual(expected);
  }
}

const fixture = readPythonJson(fixtureUrl('formats/python_literal_cases.json')) as {
  cases: Case[];
};

// Deliberate differences from literal_eval, documented on parsePythonLiteral.
const ACCEPTED_EXTENSIONS = new Map<string, PyValue>([
  ['inf', Number.POSITIVE_INFINITY],
  ['nan', Number.NaN],
  ['-inf', Number.NEGATIVE_INFINITY],
]);

describe('parsePythonLiteral against ast.literal_eval (fixture cases)', () => {
  const accepted = fixture.cases.filter((c) => c.value !== undefined);
  const rejected = fixture.cases.filter((c) => c.error !== undefined);

  it('has a meaningful number of cases', () => {
    expect(accepted.length).toBeGreaterThan(100);
    expect(rejected.length).toBeGreaterThan(40);
  });

  it.each(accepted.map((c) => [JSON.stringify(c.text).slice(0, 60), c] as const))(
    'parses %s',
    (_name, c) => {
      const expected = untag(c.value!);
      expectSame(parsePythonLiteral(c.text, { dicts: 'map' }), expected, c.text);
    },
  );

  it.each(rejected.map((c) => [JSON.stringify(c.text).slice(0, 60), c] as const))(
    'rejects %s',
    (_name, c) => {
      if (ACCEPTED_EXTENSIONS.has(c.text)) {
        expect(Object.is(parsePythonLiteral(c.text), ACCEPTED_EXTENSIONS.get(c.text))).toBe(true);
        return;
      }
      let thrown: unknown;
      try {
        parsePythonLiteral(c.text);
      } catch (e) {
        thrown = e;
      }
      expect(isSdkError(thrown, 'E_FORMAT'), `${c.text} -> ${String(thrown)}`).toBe(true);
    },
  );
});

describe('parsePythonLiteral details', () => {
  it('turns a sync meta repr into plain objects by default', () => {
    const meta = parsePythonLiteral(
      "{'ni_daq': {'counter_output_freq': 100000.0, 'counter_bits': 32}, 'line_labels': ['a', '', 'b'], 'timeouts': []}",
    ) as Record<string, PyValue>;
    expect(meta).toEqual({
      ni_daq: { counter_output_freq: 100000, counter_bits: 32 },
      line_labels: ['a', '', 'b'],
      timeouts: [],
    });
  });

  it('converts non-str keys as str() does, merging keys Python considers equal', () => {
    // Python: {1: 'c', 2.0: 'b', None: 'd', 'x': 1, False: 'f'} (True == 1 keeps the key 1).
    const v = parsePythonLiteral("{1: 'a', 2.0: 'b', True: 'c', None: 'd', 'x': 1, False: 'f'}");
    expect(v).toEqual({ '1': 'c', '2.0': 'b', None: 'd', x: 1, False: 'f' });
    expect(Object.keys(v as object)).toEqual(['1', '2.0', 'None', 'x', 'False']);
    expect(Object.keys(parsePythonLiteral("{'b': 1, 'a': 2, 'b': 3}") as object)).toEqual([
      'b',
      'a',
    ]);
    expect(parsePythonLiteral('{1, 1.0, True, 2}')).toEqual(new Set([1, 2]));
  });

  it("keeps '__proto__' as an ordinary key", () => {
    const v = parsePythonLiteral("{'__proto__': 1}") as Record<string, PyValue>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('needs map mode for tuple keys', () => {
    expect(() => parsePythonLiteral("{(1, 2): 'x'}")).toThrowError(/dicts: 'map'/);
    const m = parsePythonLiteral("{(1, 2): 'x'}", { dicts: 'map' }) as Map<PyValue, PyValue>;
    expect([...m.entries()]).toEqual([[[1, 2], 'x']]);
  });

  it('returns bigint only beyond 2^53-1', () => {
    expect(parsePythonLiteral('9007199254740991')).toBe(9007199254740991);
    expect(parsePythonLiteral('9007199254740992')).toBe(9007199254740992n);
    expect(parsePythonLiteral('-9007199254740992')).toBe(-9007199254740992n);
  });

  it('reports the position and the file of a syntax error', () => {
    let thrown: unknown;
    try {
      parsePythonLiteral("{'a': 1,\n 'b': foo}", { file: 'sync.h5' });
    } catch (e) {
      thrown = e;
    }
    expect(isSdkError(thrown, 'E_FORMAT')).toBe(true);
    expect((thrown as Error).message).toMatch(/name "foo" is not a literal at line 2, column 7/);
    expect((thrown as Error).message).toContain('sync.h5');
  });

  it('reports complex numbers, \\N escapes and Ellipsis as unsupported', () => {
    for (const text of ['1j', '[1, 2j]', "'\\N{BULLET}'", '...']) {
      let thrown: unknown;
      try {
        parsePythonLiteral(text);
      } catch (e) {
        thrown = e;
      }
      expect(isSdkError(thrown, 'E_UNSUPPORTED'), text).toBe(true);
    }
  });

  it('never evaluates code', () => {
    expect(() => parsePythonLiteral("__import__('os').system('true')")).toThrowError(
      /not a literal/,
    );
  });
});
