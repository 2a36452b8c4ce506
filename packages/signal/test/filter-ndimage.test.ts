// Linear scipy.ndimage filters against scipy 1.10.1: uniform_filter1d (bit-exact: same running
// sum), gaussian_filter1d / gaussian_filter and correlate1d (1e-12 relative to the largest value:
// the kernel normalisation sum may round differently).
import { describe, expect, it } from 'vitest';
import {
  correlate1d,
  gaussianFilter,
  gaussianFilter1d,
  uniformFilter1d,
} from '../src/filters/ndimage.js';
import { expectClose, expectExact, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_linear.json');
const rank = loadFixture('filters_rank.json');
const inputs: Record<string, Float64Array> = Object.fromEntries(
  Object.entries(rank.inputs).map(([k, v]) => [k, f64(v as never)]),
);

describe('uniform_filter1d', () => {
  it(`matches ${fx.uniform.length} cases bit for bit (modes, origins, cval, NaN)`, () => {
    for (const c of fx.uniform) {
      const y = uniformFilter1d(inputs[c.x] as Float64Array, c.size, {
        mode: c.mode,
        origin: c.origin,
        cval: 0.5,
      });
      expectExact(y, f64(c.y), `uniform ${c.x} size=${c.size} ${c.mode} origin=${c.origin}`);
    }
  });
});

describe('gaussian_filter1d / gaussian_filter', () => {
  it(`gaussian_filter1d: ${fx.gaussian.length} cases (σ, modes, orders 0–2, truncate) to 1e-12`, () => {
    for (const c of fx.gaussian) {
      const y = gaussianFilter1d(inputs[c.x] as Float64Array, c.sigma, {
        mode: c.mode,
        order: c.order,
        truncate: c.truncate,
        cval: 0.25,
      });
      expectClose(y, f64(c.y), 1e-12, {
        label: `gauss ${c.x} σ=${c.sigma} ${c.mode} order=${c.order}`,
      });
    }
  });
  it('spec KAT: [0,0,1,0,0], σ=1', () => {
    const y = gaussianFilter1d([0, 0, 1, 0, 0], 1);
    expectClose(y, [0.05842299, 0.24210528, 0.39894347, 0.24210528, 0.05842299], 1e-7, {
      elementwise: true,
    });
    expectClose(y, f64(fx.kat), 1e-12);
  });
  it('gaussian_filter on 2-D and 3-D arrays, axis by axis', () => {
    for (const c of fx.gaussian_nd) {
      const y = gaussianFilter({ data: f64(c.x), shape: c.shape }, c.sigma, { mode: c.mode });
      expect(y.shape).toEqual(c.shape);
      expectClose(y.data, f64(c.y), 1e-12, { label: `gaussian_filter ${c.shape} σ=${c.sigma}` });
    }
  });
  it('correlate1d with an asymmetric kernel equals the explicit sum', () => {
    const x = inputs.r17 as Float64Array;
    const w = [0.1, -0.4, 0.7, 0.2];
    const y = correlate1d(x, w, { mode: 'nearest' });
    // size 4: window for i starts at i − 2
    for (let i = 0; i < x.length; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++)
        s += (w[j] as number) * (x[Math.min(Math.max(i - 2 + j, 0), x.length - 1)] as number);
      expect(y[i]).toBeCloseTo(s, 13);
    }
  });
  it('validates its arguments', () => {
    expect(() => uniformFilter1d([1, 2], 0)).toThrow(/filter size/);
    expect(() => gaussianFilter1d([1, 2], Number.NaN)).toThrow(/finite/);
    expect(() => gaussianFilter({ data: new Float64Array(6), shape: [2, 3] }, [1])).toThrow(
      /sigma has 1 values/,
    );
  });
});
