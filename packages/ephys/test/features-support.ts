/** Shared helpers of the feature-extraction tests: fixture loading, trace decoding, comparisons. */
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { parsePythonJson } from '@sdk/core';
import { expect } from 'vitest';

export const FIXTURES = new URL('./fixtures/features/', import.meta.url);
export const TRACES_DIR = new URL(
  '../../../../shared/data/allensdk/ephys-traces/',
  import.meta.url,
);
export const HAS_TRACES = existsSync(new URL('spike_test_pair.txt', TRACES_DIR));

// biome-ignore lint/suspicious/noExplicitAny: fixture documents are free-form JSON
export type Json = any;

const cache = new Map<string, Json>();
export function fixture(name: string): Json {
  let doc = cache.get(name);
  if (doc === undefined) {
    doc = parsePythonJson(readFileSync(new URL(name, FIXTURES), 'utf8'), { file: name });
    cache.set(name, doc);
  }
  return doc;
}

export type Segment = ['const', number, number] | ['ramp', number, number, number];

/** The stimulus (pA), rebuilt with the generator's float64 operations. */
export function buildStimulus(segments: readonly Segment[]): Float64Array {
  const out: number[] = [];
  for (const seg of segments) {
    if (seg[0] === 'const') {
      for (let k = 0; k < seg[1]; k++) out.push(seg[2]);
    } else {
      const [, n, a, b] = seg;
      for (let k = 0; k < n; k++) out.push(a + ((b - a) * k) / n);
    }
  }
  return Float64Array.from(out);
}

/** Voltage codes on the 1/64 mV grid: deflated int32 first differences. */
export function decodeCodes(enc: { n: number; q64z: string }): Float64Array {
  const raw = inflateSync(Buffer.from(enc.q64z, 'base64'));
  expect(raw.length).toBe(enc.n * 4);
  const out = new Float64Array(enc.n);
  let acc = 0;
  for (let k = 0; k < enc.n; k++) {
    acc += raw.readInt32LE(k * 4);
    out[k] = acc;
  }
  return out;
}

export interface Trace {
  t: Float64Array;
  v: Float64Array;
  i: Float64Array | null;
}

export function timeVector(n: number, hz: number): Float64Array {
  const dt = 1 / hz;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) t[k] = k * dt;
  return t;
}

export function syntheticSweep(
  name: string,
): Trace & { codes: Float64Array; number: number | null; kind: string } {
  const doc = fixture('traces.json');
  const sw = doc.sweeps[name];
  const codes = decodeCodes(sw.v);
  const v = codes.map((c) => c / 64);
  return {
    t: timeVector(v.length, doc.hz),
    v,
    i: buildStimulus(sw.segments),
    codes,
    number: sw.number,
    kind: sw.kind,
  };
}

export function realTrace(file: string, jitter = 0): Trace {
  const text = readFileSync(new URL(file, TRACES_DIR), 'utf8');
  const t: number[] = [];
  const v: number[] = [];
  for (const line of text.split('\n')) {
    const s = line.trim();
    if (!s) continue;
    const [a, b] = s.split(/\s+/);
    t.push(Number(a));
    v.push(Number(b));
  }
  const tt = Float64Array.from(t);
  if (jitter) for (let k = 0; k < tt.length; k++) tt[k] = (tt[k] as number) + (k % 3) * jitter;
  return { t: tt, v: Float64Array.from(v), i: null };
}

/** Relative closeness with NaN == NaN; exact for integers when `rel` is 0. */
export function close(actual: unknown, expected: unknown, rel: number, path = '$', atol = 0): void {
  if (typeof expected === 'number') {
    const a = Number(actual);
    if (Number.isNaN(expected)) {
      expect(Number.isNaN(a), `${path}: expected NaN, got ${String(actual)}`).toBe(true);
      return;
    }
    if (!Number.isFinite(expected)) {
      expect(a, path).toBe(expected);
      return;
    }
    const tol = rel * Math.abs(expected) + atol;
    expect(
      Math.abs(a - expected) <= tol || a === expected,
      `${path}: ${a} vs ${expected} (rel ${rel})`,
    ).toBe(true);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) || ArrayBuffer.isView(actual), `${path}: not an array`).toBe(true);
    const arr = Array.from(actual as ArrayLike<unknown>);
    expect(arr.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, k) => {
      close(arr[k], e, rel, `${path}[${k}]`, atol);
    });
    return;
  }
  expect(typeof actual, path).toBe('object');
  const act = actual as Record<string, unknown>;
  expect(Object.keys(act).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
  for (const k of Object.keys(expected))
    close(act[k], (expected as Record<string, unknown>)[k], rel, `${path}.${k}`, atol);
}

/** Like `close`, but with a looser tolerance for keys produced by curve fits. */
export function closeWithFitKeys(
  actual: unknown,
  expected: unknown,
  rel: number,
  fitRel: number,
  fitKeys: readonly string[],
  path = '$',
): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    const act = actual as Record<string, unknown>;
    expect(Object.keys(act).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) {
      const e = (expected as Record<string, unknown>)[k];
      if (fitKeys.includes(k)) close(act[k], e, fitRel, `${path}.${k}`);
      else closeWithFitKeys(act[k], e, rel, fitRel, fitKeys, `${path}.${k}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    const arr = Array.from(actual as ArrayLike<unknown>);
    expect(arr.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, k) => {
      closeWithFitKeys(arr[k], e, rel, fitRel, fitKeys, `${path}[${k}]`);
    });
    return;
  }
  close(actual, expected, rel, path);
}

/** The trace of a fixture case: a real trace of ../shared (optionally with jittered t) or a synthetic sweep. */
export function caseTrace(source: Json): Trace {
  if (source.real) return realTrace(source.real, source.jitter ?? 0);
  const s = syntheticSweep(source.sweep);
  return { t: s.t, v: s.v, i: s.i };
}
