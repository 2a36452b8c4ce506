/** Helpers of the NwbDataSet tests: the golden document, array digests, temp copies of fixtures. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '@sdk/core';
import { expect } from 'vitest';

export const SWEEP_FIXTURES = new URL('./fixtures/sweeps/', import.meta.url);
export const NWB1 = fileURLToPath(new URL('cell_nwb1.nwb', SWEEP_FIXTURES));
export const NWB2 = fileURLToPath(new URL('icephys_nwb2.nwb', SWEEP_FIXTURES));

// biome-ignore lint/suspicious/noExplicitAny: fixture documents are free-form JSON
export type Json = any;

let golden: Json;
export function sweepsGolden(): Json {
  golden ??= parsePythonJson(readFileSync(new URL('golden.json', SWEEP_FIXTURES), 'utf8'), {
    file: 'golden.json',
  });
  return golden;
}

/** numpy dtype name of a typed array. */
export function dtypeOf(a: ArrayLike<number>): string {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int32Array) return 'int32';
  return 'unknown';
}

/** The generator's `arr()` digest: dtype, length, sha256 of the little-endian bytes, head, tail. */
export function expectArrayDigest(actual: ArrayLike<number>, expected: Json, what: string): void {
  const a = actual as Float32Array | Float64Array;
  expect(dtypeOf(a), `${what} dtype`).toBe(expected.dtype);
  expect(a.length, `${what} length`).toBe(expected.n);
  expect(Array.from(a.subarray(0, 5)), `${what} head`).toEqual(expected.head);
  expect(Array.from(a.subarray(Math.max(0, a.length - 3))), `${what} tail`).toEqual(expected.tail);
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  expect(createHash('sha256').update(bytes).digest('hex'), `${what} sha256`).toBe(expected.sha256);
}

/** A temp directory holding copies of the given files; `dispose()` removes it. */
export function tempCopies(files: Record<string, string>): {
  dir: string;
  path(name: string): string;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'ephys-sweeps-'));
  for (const [name, src] of Object.entries(files)) copyFileSync(src, join(dir, name));
  return {
    dir,
    path: (name) => join(dir, name),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
