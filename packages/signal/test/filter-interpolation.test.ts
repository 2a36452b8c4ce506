// Spline interpolation against scipy 1.10.1: spline_filter, zoom (orders 0–5, every mode),
// map_coordinates, and interp2d(kind='linear'). Tolerance 1e-12 relative to the largest value
// (same recursions and weights; only rounding of pow() and sums may differ).
import { describe, expect, it } from 'vitest';
import { interp2dLinear } from '../src/filters/interp2d.js';
import { mapCoordinates, splineFilter, zoom } from '../src/filters/interpolation.js';
import type { NdArray } from '../src/ndarray.js';
import { expectClose, expectExact, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_interp.json');
// biome-ignore lint/suspicious/noExplicitAny: fixture rows
const nd = (e: any): NdArray<Float64Array> => ({ data: f64(e.data), shape: e.shape });
const inputs: Record<string, NdArray<Float64Array>> = {
  img: nd(fx.img),
  line: nd(fx.line),
  vol: nd(fx.vol),
};
const TOL = 1e-12;

describe('spline_filter', () => {
  it(`matches ${fx.spline_filter.length} order × mode cases`, () => {
    for (const c of fx.spline_filter) {
      const y = splineFilter(inputs.img as NdArray<Float64Array>, c.order, c.mode);
      expectClose(y.data, f64(c.y.data), TOL, {
        label: `spline_filter order=${c.order} ${c.mode}`,
      });
    }
  });
});

describe('zoom', () => {
  it(`matches ${fx.zoom.length} cases (orders 0–5, all modes, 1-D to 3-D, prefilter off)`, () => {
    for (const c of fx.zoom) {
      const y = zoom(inputs[c.x] as NdArray<Float64Array>, c.factors, {
        order: c.order,
        mode: c.mode,
        cval: c.cval,
        prefilter: c.prefilter ?? true,
      });
      expect(y.shape).toEqual(c.y.shape);
      expectClose(y.data, f64(c.y.data), TOL, {
        label: `zoom ${c.x} order=${c.order} ${c.mode} ${c.factors}`,
      });
    }
  });
  it('truncates into an integer input type as scipy does', () => {
    const x = { data: Int32Array.from(f64(fx.zoom_int.x.data)), shape: fx.zoom_int.x.shape };
    const y = zoom(x, [1.6, 0.7], { order: 3 });
    expect(y.data).toBeInstanceOf(Int32Array);
    expectExact(y.data, f64(fx.zoom_int.y.data), 'int32 zoom');
  });
});

describe('map_coordinates', () => {
  it(`matches ${fx.map_coordinates.length} order × mode cases, in and out of range`, () => {
    const coords = nd(fx.coords);
    for (const c of fx.map_coordinates) {
      const y = mapCoordinates(inputs.img as NdArray<Float64Array>, coords, {
        order: c.order,
        mode: c.mode,
        cval: 2.5,
      });
      expect(y.shape).toEqual(c.y.shape);
      expectClose(y.data, f64(c.y.data), TOL, {
        label: `map_coordinates order=${c.order} ${c.mode}`,
      });
    }
  });
});

describe('interp2dLinear', () => {
  it('matches interp2d(kind="linear") with sorted queries and edge clamping', () => {
    const c = fx.interp2d;
    const f = interp2dLinear(f64(c.x), f64(c.y), nd(c.z));
    const out = f(f64(c.xq), f64(c.yq));
    expect(out.shape).toEqual(c.out.shape);
    expectClose(out.data, f64(c.out.data), TOL, { label: 'interp2d' });
    expect(() => interp2dLinear([0, 1], [0, 1], [1, 2, 3])).toThrow(/rectilinear/);
  });
});
