// Reading the fixtures written by tooling/oracle/generators/signal_{filters,spectral}.py:
// arrays are base64 little-endian float64 ({f64, shape}) or complex ({re, im}); the JSON itself
// may hold Python's bare NaN / Infinity tokens.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ComplexArray } from '../src/spectral/fft.js';

const fixtureDir = new URL('./fixtures/', import.meta.url);

const BARE = /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g;
const SENTINEL = '\u0000num:';

/** Parses JSON that may contain Python's bare NaN / Infinity / -Infinity tokens. */
export function parsePythonJson(text: string): unknown {
  const safe = text.replace(BARE, (m, str: string | undefined) => (str ? m : `"${SENTINEL}${m}"`));
  return JSON.parse(safe, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: fixture documents are untyped JSON
export function loadFixture(name: string): any {
  return parsePythonJson(readFileSync(new URL(name, fixtureDir), 'utf8'));
}

export interface EncodedF64 {
  f64: string;
  shape: number[];
}

export function f64(e: EncodedF64): Float64Array {
  const buf = Buffer.from(e.f64, 'base64');
  const out = new Float64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

export function c128(e: { re: EncodedF64; im: EncodedF64 }): ComplexArray {
  return { re: f64(e.re), im: f64(e.im) };
}

/** The integer MINSTD generator of _signal_codec.lcg: values in [-0.5, 0.5), bit-identical to Python. */
export function lcg(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed % 2147483647 || 1;
  for (let i = 0; i < n; i++) {
    s = (48271 * s) % 2147483647;
    out[i] = s / 2147483647 - 0.5;
  }
  return out;
}

/**
 * Asserts |actual − expected| ≤ rtol·scale elementwise, where scale is max|expected| (the FFT
 * convention: error relative to the largest magnitude) unless `elementwise` asks for per-element
 * relative error with an absolute floor. NaN must match NaN.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  opts: { elementwise?: boolean; atol?: number; label?: string } = {},
): void {
  const label = opts.label ?? '';
  expect(actual.length, `${label} length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const v = Math.abs(expected[i] as number);
    if (Number.isFinite(v) && v > scale) scale = v;
  }
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    if (Number.isNaN(e) || Number.isNaN(a) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) {
        throw new Error(`${label}[${i}]: expected ${e}, got ${a}`);
      }
      continue;
    }
    const denom = opts.elementwise
      ? Math.max(Math.abs(e), opts.atol ?? 0)
      : Math.max(scale, opts.atol ?? 0);
    const err = denom === 0 ? Math.abs(a - e) : Math.abs(a - e) / denom;
    if (!(err <= worst)) {
      worst = err;
      worstAt = i;
    }
  }
  if (!(worst <= rtol)) {
    throw new Error(
      `${label}: relative error ${worst} > ${rtol} at [${worstAt}] (expected ${expected[worstAt]}, got ${actual[worstAt]})`,
    );
  }
}

export function expectComplexClose(
  actual: ComplexArray,
  expected: ComplexArray,
  rtol: number,
  label = '',
): void {
  // scale by the largest complex magnitude, as the spec states for FFTs
  let scale = 0;
  for (let i = 0; i < expected.re.length; i++) {
    scale = Math.max(scale, Math.hypot(expected.re[i] as number, expected.im[i] as number));
  }
  expectClose(actual.re, expected.re, rtol, { atol: scale, label: `${label}.re` });
  expectClose(actual.im, expected.im, rtol, { atol: scale, label: `${label}.im` });
}

/** Bitwise equality, NaN included. */
export function expectExact(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label = '',
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (
      !(
        Object.is(a, e) ||
        (a === e && a !== 0) ||
        (a === 0 && e === 0) ||
        (Number.isNaN(a) && Number.isNaN(e))
      )
    ) {
      throw new Error(`${label}[${i}]: expected ${e}, got ${a}`);
    }
  }
}
