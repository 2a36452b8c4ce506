// Shared by the reductions/stats/fit/random tests: read oracle fixtures (Python JSON with bare
// NaN/Infinity tokens) and compare numbers with stated tolerances.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Parse JSON written by Python's `json` with `allow_nan=True`. */
export function parsePythonJson(text: string): unknown {
  // Quote the bare NaN/Infinity tokens outside string literals, then revive them.
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (m) {
      out += `"__${m[1]}__"`;
      i += (m[1] as string).length;
      continue;
    }
    out += ch;
    i++;
  }
  return JSON.parse(out, (_k, v) => {
    if (v === '__NaN__') return Number.NaN;
    if (v === '__Infinity__') return Number.POSITIVE_INFINITY;
    if (v === '__-Infinity__') return Number.NEGATIVE_INFINITY;
    return v;
  });
}

export function fixturePath(name: string): string {
  return fixtureDir + name;
}

export function hasFixture(name: string): boolean {
  return existsSync(fixtureDir + name);
}

export function loadFixture<T>(name: string): T {
  return parsePythonJson(readFileSync(fixtureDir + name, 'utf8')) as T;
}

/** |a−b| ≤ rtol·|b| + atol, with NaN matching NaN and equal infinities matching. */
export function close(actual: number, expected: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
}

export function expectClose(
  actual: number,
  expected: number,
  rtol: number,
  atol = 0,
  label = '',
): void {
  if (!close(actual, expected, rtol, atol)) {
    expect.fail(`${label}: got ${actual}, expected ${expected} (rtol ${rtol}, atol ${atol})`);
  }
}

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol = 0,
  label = '',
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expectClose(actual[i] as number, expected[i] as number, rtol, atol, `${label}[${i}]`);
  }
}

/** Exact equality, NaN equal to NaN (Object.is would separate +0 and −0, which numpy prints alike). */
export function expectExact(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label = '',
): void {
  expectAllClose(actual, expected, 0, 0, label);
}
