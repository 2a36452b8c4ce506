// Lookups on time vectors an extractor has checked (strictly increasing, finite) bisect instead
// of scanning, and the uniform-sampling test is answered once per vector; both must answer what
// the scans answer. calculateDvdt with a scratch buffer must give the same bits as without.
import { describe, expect, it } from 'vitest';
import {
  assertIncreasingTime,
  calculateDvdt,
  findTimeIndex,
  hasFixedDt,
  isCheckedIncreasing,
} from '../src/index.js';

function scan(t: ArrayLike<number>, t0: number): number {
  for (let k = 0; k < t.length; k++) if ((t[k] as number) >= t0) return k;
  return -1;
}

describe('lookups in checked time vectors', () => {
  const t = Float64Array.from({ length: 20_001 }, (_, i) => i / 50_000 + (i % 3) * 1e-9);

  it('findTimeIndex bisects a checked vector and finds what the scan finds', () => {
    const plain = Array.from(t);
    expect(isCheckedIncreasing(t)).toBe(false);
    assertIncreasingTime(t);
    expect(isCheckedIncreasing(t)).toBe(true);
    expect(isCheckedIncreasing(t.subarray(1))).toBe(false);
    const probes = [-1, 0, t[0] as number, t[1] as number, 0.1, 0.2, t[20_000] as number];
    for (let k = 0; k < 2000; k++)
      probes.push(((k * 7919) % 20_003) / 50_000 - 1e-6 + (k % 5) * 1e-9);
    for (const t0 of probes) {
      const want = scan(plain, t0);
      if (want < 0) expect(() => findTimeIndex(t, t0), String(t0)).toThrow(/Could not find/);
      else expect(findTimeIndex(t, t0), String(t0)).toBe(want);
    }
    for (const bad of [Number.NaN, 0.5, Number.POSITIVE_INFINITY])
      expect(() => findTimeIndex(t, bad)).toThrow(/Could not find/);
  });

  it('a vector that fails the check is still scanned', () => {
    const u = Float64Array.from([0, 2, 1, 3]);
    expect(() => assertIncreasingTime(u)).toThrow(/not strictly increasing/);
    expect(isCheckedIncreasing(u)).toBe(false);
    expect(findTimeIndex(u, 1)).toBe(1); // the scan's first t ≥ 1, not a bisection's
  });

  it('hasFixedDt answers as the scan does, before and after the check', () => {
    const uniform = Float64Array.from({ length: 1000 }, (_, i) => i * 2e-5);
    const jitter = Float64Array.from({ length: 1000 }, (_, i) => i * 2e-5 + (i === 700 ? 1e-7 : 0));
    for (const [x, want] of [
      [uniform, true],
      [jitter, false],
    ] as const) {
      expect(hasFixedDt(x)).toBe(want);
      assertIncreasingTime(x);
      expect(hasFixedDt(x)).toBe(want);
      expect(hasFixedDt(x)).toBe(want);
    }
  });

  it('calculateDvdt in a scratch buffer: the same values, a view of the buffer', () => {
    const v = Float64Array.from(t, (x, i) => -65 + 30 * Math.sin(x * 300) + (i % 11) * 0.01);
    const plain = calculateDvdt(v, t, 10);
    const work = new Float64Array(v.length + 30);
    const got = calculateDvdt(v, t, 10, work);
    expect(got.buffer).toBe(work.buffer);
    expect(got.length).toBe(plain.length);
    expect(got.every((x, i) => Object.is(x, plain[i]))).toBe(true);
    // unfiltered: no scratch needed, v untouched
    const copy = v.slice();
    const raw = calculateDvdt(v, t, null, work);
    expect(raw.buffer).not.toBe(v.buffer);
    expect(v.every((x, i) => x === copy[i])).toBe(true);
    expect(raw[5]).toBe(
      (1e-3 * ((v[6] as number) - (v[5] as number))) / ((t[6] as number) - (t[5] as number)),
    );
  });
});

describe('a checked buffer refilled in place', () => {
  it('is looked at afresh by the next check', () => {
    const t = Float64Array.from({ length: 500 }, (_, i) => i * 1e-4);
    assertIncreasingTime(t);
    expect(hasFixedDt(t)).toBe(true);
    // the next sweep in the same buffer: uneven steps
    t.set(Float64Array.from({ length: 500 }, (_, i) => i * 1e-4 + (i > 250 ? 1e-6 : 0)));
    assertIncreasingTime(t);
    expect(hasFixedDt(t)).toBe(false);
    // and one that fails the check is no longer bisected
    t[10] = 1;
    expect(() => assertIncreasingTime(t)).toThrow(/not strictly increasing/);
    expect(isCheckedIncreasing(t)).toBe(false);
    expect(findTimeIndex(t, 0.5)).toBe(10);
  });
});
