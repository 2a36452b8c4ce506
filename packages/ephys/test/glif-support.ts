/** Shared helpers of the GLIF tests: fixture decoding, stimulus rebuilding, comparisons. */
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { GlifRunResult } from '../src/index.js';

export const FIXTURES = new URL('./fixtures/glif/', import.meta.url);
export const GLIF_DATA = new URL('../../../../shared/data/cell-types/glif/', import.meta.url);
export const HAS_GLIF_DATA = existsSync(GLIF_DATA);

/** A float64 array stored by the generator as base64 of its little-endian bytes. */
export interface B64 {
  n: number;
  b64: string;
}

export function f64(x: B64): Float64Array {
  const bytes = Buffer.from(x.b64, 'base64');
  expect(bytes.length).toBe(x.n * 8);
  const out = new Float64Array(x.n);
  for (let i = 0; i < x.n; i++) out[i] = bytes.readDoubleLE(i * 8);
  return out;
}

/** Stimulus segments, rebuilt with the generator's float64 operations (see ephys_glif.py). */
export type Segment =
  | ['const', number, number]
  | ['ramp', number, number, number]
  | ['noise', number, number, number, number];

export function buildStimulus(segments: readonly Segment[]): Float64Array {
  const out: number[] = [];
  for (const seg of segments) {
    if (seg[0] === 'const') {
      for (let i = 0; i < seg[1]; i++) out.push(seg[2]);
    } else if (seg[0] === 'ramp') {
      const [, n, a, b] = seg;
      for (let i = 0; i < n; i++) out.push(a + ((b - a) * i) / n);
    } else {
      const [, n, mean, amp, seed] = seg;
      let x = seed;
      for (let i = 0; i < n; i++) {
        // 1664525·x < 2^53: exact in float64, as Python's integers are
        x = (1664525 * x + 1013904223) % 4294967296;
        out.push(mean + amp * (x / 4294967296 - 0.5));
      }
    }
  }
  return Float64Array.from(out);
}

export interface FullOutput {
  voltage: B64;
  threshold: B64;
  AScurrents: B64;
  AScurrents_shape: [number, number];
  grid_spike_times: B64;
  interpolated_spike_times: B64;
  interpolated_spike_voltage: B64;
  interpolated_spike_threshold: B64;
  spike_time_steps: number[];
}

export interface SummaryOutput extends FullOutput {
  stride: number;
  nan_count: { voltage: number; threshold: number; AScurrents: number };
  nansum: { voltage: number; threshold: number };
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export function readRealConfig(modelId: string): unknown {
  return JSON.parse(readFileSync(new URL(`${modelId}/neuron_config.json`, GLIF_DATA), 'utf8'));
}

/**
 * Same NaN positions, and |a − e| ≤ rtol · max|e| over the array (a scale-relative bound, so that
 * values crossing zero, e.g. a voltage reset to 0, are held to the array's own magnitude).
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  label: string,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    if (!Number.isNaN(e)) scale = Math.max(scale, Math.abs(e));
  }
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) {
        throw new Error(`${label}[${i}]: NaN mismatch (actual ${a}, expected ${e})`);
      }
      continue;
    }
    const err = Math.abs(a - e);
    if (err > worst) {
      worst = err;
      worstAt = i;
    }
  }
  const bound = rtol * scale;
  if (worst > bound) {
    throw new Error(
      `${label}[${worstAt}]: |${actual[worstAt]} - ${expected[worstAt]}| = ${worst} > ${bound} (rtol ${rtol} × max ${scale})`,
    );
  }
}

/** Compares a full run with the allensdk output: spike steps exact, values to `rtol`. */
export function expectRunMatches(
  result: GlifRunResult,
  expected: FullOutput,
  rtol: number,
  label: string,
): void {
  expect(Array.from(result.spike_time_steps), `${label}: spike_time_steps`).toEqual(
    expected.spike_time_steps,
  );
  expectClose(result.voltage, f64(expected.voltage), rtol, `${label}: voltage`);
  expectClose(result.threshold, f64(expected.threshold), rtol, `${label}: threshold`);
  expect(result.AScurrents.shape, `${label}: AScurrents shape`).toEqual(expected.AScurrents_shape);
  expectClose(result.AScurrents.data, f64(expected.AScurrents), rtol, `${label}: AScurrents`);
  expectSpikesMatch(result, expected, rtol, label);
}

export function expectSpikesMatch(
  result: GlifRunResult,
  expected: FullOutput,
  rtol: number,
  label: string,
): void {
  expectClose(
    result.grid_spike_times,
    f64(expected.grid_spike_times),
    rtol,
    `${label}: grid_spike_times`,
  );
  expectClose(
    result.interpolated_spike_times,
    f64(expected.interpolated_spike_times),
    rtol,
    `${label}: interpolated_spike_times`,
  );
  expectClose(
    result.interpolated_spike_voltage,
    f64(expected.interpolated_spike_voltage),
    rtol,
    `${label}: interpolated_spike_voltage`,
  );
  expectClose(
    result.interpolated_spike_threshold,
    f64(expected.interpolated_spike_threshold),
    rtol,
    `${label}: interpolated_spike_threshold`,
  );
}

/** Every `stride`-th element of an array (rows of a matrix with `width` columns). */
export function strided(a: ArrayLike<number>, stride: number, width = 1): Float64Array {
  const rows = Math.ceil(a.length / width / stride);
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) out[r * width + c] = a[r * stride * width + c] as number;
  }
  return out;
}
