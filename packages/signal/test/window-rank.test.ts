// Rank filters (scipy.ndimage median/percentile/min/max filters, scipy.signal.medfilt) against
// scipy 1.10.1. Exact: every output is one of the inputs, so results are compared bit for bit,
// NaN-contaminated windows included; 1e5-sample outputs are compared through a sha256 of their bytes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  maximumFilter1d,
  medfilt,
  medianFilter,
  minimumFilter1d,
  percentileFilter,
  rankFilter,
} from '../src/filters/rank.js';
import { slidingRank } from '../src/windows/sliding-rank.js';
import { expectExact, f64, lcg, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_rank.json');
const inputs: Record<string, Float64Array> = Object.fromEntries(
  Object.entries(fx.inputs).map(([k, v]) => [k, f64(v as never)]),
);
const sha = (a: Float64Array) => {
  const buf = Buffer.alloc(a.length * 8);
  for (let i = 0; i < a.length; i++) buf.writeDoubleLE(a[i] as number, i * 8);
  return createHash('sha256').update(buf).digest('hex');
};

describe('scipy.signal.medfilt', () => {
  it(`matches ${fx.medfilt.length} cases exactly (zero padding, NaN, kernels longer than the input)`, () => {
    for (const c of fx.medfilt)
      expectExact(medfilt(inputs[c.x] as Float64Array, c.k), f64(c.y), `medfilt ${c.x} k=${c.k}`);
  });
  it('rejects even kernels', () => {
    expect(fx.medfilt_even_error.type).toBe('ValueError');
    expect(() => medfilt([1, 2, 3], 4)).toThrow(/should be odd/);
  });
});

describe('scipy.ndimage rank filters', () => {
  it(`median_filter: ${fx.median.length} cases (all modes, even sizes, origins, NaN) exactly`, () => {
    for (const c of fx.median) {
      const y = medianFilter(inputs[c.x] as Float64Array, c.size, {
        mode: c.mode,
        origin: c.origin,
        cval: c.cval,
      });
      expectExact(y, f64(c.y), `median ${c.x} size=${c.size} ${c.mode} origin=${c.origin}`);
    }
  });
  it(`percentile_filter: ${fx.percentile.length} cases exactly`, () => {
    for (const c of fx.percentile) {
      const y = percentileFilter(inputs[c.x] as Float64Array, c.p, c.size, { mode: c.mode });
      expectExact(y, f64(c.y), `percentile ${c.x} p=${c.p} size=${c.size} ${c.mode}`);
    }
  });
  it(`minimum/maximum_filter1d: ${fx.minmax.length} cases exactly (NaN included)`, () => {
    for (const c of fx.minmax) {
      const x = inputs[c.x] as Float64Array;
      expectExact(
        minimumFilter1d(x, c.size, { mode: c.mode }),
        f64(c.min),
        `min ${c.x} ${c.size} ${c.mode}`,
      );
      expectExact(
        maximumFilter1d(x, c.size, { mode: c.mode }),
        f64(c.max),
        `max ${c.x} ${c.size} ${c.mode}`,
      );
    }
  });
  it('spec KATs', () => {
    expect([...medianFilter([5, 1, 2, 8, 3], 3, { mode: 'constant' })]).toEqual([1, 2, 2, 3, 3]);
    expect([...medianFilter([5, 1, 2, 8, 3], 3)]).toEqual([5, 2, 2, 3, 3]);
    expect([...medianFilter([5, 1, 2, 8, 3, 7], 4)]).toEqual([5, 5, 5, 3, 7, 7]);
  });
  it('validates size, rank, percentile and origin', () => {
    expect(() => medianFilter([1, 2], 0)).toThrow(/positive integer/);
    expect(() => rankFilter([1, 2], 5, 3)).toThrow(/not within filter footprint/);
    expect(() => percentileFilter([1, 2], 150, 3)).toThrow(/invalid percentile/);
    expect(() => medianFilter([1, 2, 3], 3, { origin: 2 })).toThrow(/invalid origin/);
    expect(() => medianFilter([1, 2, 3], 3, { mode: 'bogus' as never })).toThrow(/boundary mode/);
    expect(medianFilter([], 5).length).toBe(0);
  });
});

describe('long inputs (1e5 samples, sha256 of the float64 output bytes)', () => {
  const x = lcg(fx.long.n, fx.long.seed);
  const xNan = x.slice();
  for (const i of [10, 5000, 5001, 77777]) xNan[i] = Number.NaN;
  it('median_filter size 5401 constant, 101 reflect, percentile 10', () => {
    const y = medianFilter(x, 5401, { mode: 'constant' });
    expectExact(
      y.filter((_, i) => i % 1000 === 0),
      f64(fx.long.sample_median_5401_constant),
      'sampled',
    );
    expect(sha(y)).toBe(fx.long.median_5401_constant);
    expect(sha(medianFilter(x, 101))).toBe(fx.long.median_101_reflect);
    expect(sha(percentileFilter(x, 10, 5401))).toBe(fx.long.percentile10_5401_reflect);
  });
  it('with NaN in the data (the reference selection is reproduced on those windows)', () => {
    expect(sha(medianFilter(xNan, 5401, { mode: 'constant' }))).toBe(
      fx.long.median_5401_nan_constant,
    );
    expect(sha(medfilt(xNan, 101))).toBe(fx.long.medfilt_101_nan);
  });
  it('medfilt k=5', () => {
    expect(sha(medfilt(x, 5))).toBe(fx.long.medfilt_5);
  });
});

describe('slidingRank agrees with sorting every window', () => {
  it('for random windows, ranks and tie-heavy data', () => {
    const data = lcg(600, 3).map((v) => Math.round(v * 8));
    for (const w of [1, 2, 3, 8, 31, 200]) {
      for (const r of [0, w >> 1, w - 1]) {
        const n = data.length - w + 1;
        const out = new Float64Array(n);
        slidingRank(data, w, r, out, () => Number.NaN);
        for (let i = 0; i < n; i++) {
          const s = data.slice(i, i + w).sort();
          if (out[i] !== s[r]) throw new Error(`w=${w} r=${r} i=${i}: ${out[i]} vs ${s[r]}`);
        }
      }
    }
  });
});

describe('rank filter edge cases (expected values from scipy 1.10.1)', () => {
  it('length-1 and empty inputs', () => {
    expect([...medfilt([2], 3)]).toEqual([0]);
    expect([...medianFilter([2], 4)]).toEqual([2]);
    expect(medfilt([], 3).length).toBe(0);
    expect(percentileFilter([], 50, 3).length).toBe(0);
  });
});
