// binary morphology, label, center_of_mass, maximum, zoom (order 0) and block_reduce against
// scipy.ndimage 1.10.1 / skimage. Exact for masks, labels and zoom; 1e-12 for float reductions.
import { describe, expect, it } from 'vitest';
import { zoom } from '../src/filters/interpolation.js';
import {
  binaryDilation,
  binaryErosion,
  centerOfMass,
  label,
  maximum,
} from '../src/filters/morphology.js';
import { blockReduce } from '../src/filters/resample-nd.js';
import type { NdArray } from '../src/ndarray.js';
import { expectClose, expectExact, f64, loadFixture } from './spectral-fixtures.js';

const fx = loadFixture('filters_ndimage.json');
// biome-ignore lint/suspicious/noExplicitAny: fixture rows
const nd = (e: any): NdArray<Float64Array> => ({ data: f64(e.data), shape: e.shape });
const masks: Record<string, NdArray<Float64Array>> = Object.fromEntries(
  Object.entries(fx.masks).map(([k, v]) => [k, nd(v)]),
);
const structs: Record<string, NdArray<Float64Array> | undefined> = Object.fromEntries(
  Object.entries(fx.structs).map(([k, v]) => [k, v === null ? undefined : nd(v)]),
);

describe('binary_dilation / binary_erosion', () => {
  it(`match scipy on ${fx.dilation.length} mask × structure × option cases`, () => {
    for (const c of fx.dilation) {
      const opts = {
        structure: structs[c.structure],
        iterations: c.kw.iterations,
        borderValue: c.kw.border_value,
        origin: c.kw.origin,
      };
      const label = `${c.mask}/${c.structure}/${JSON.stringify(c.kw)}`;
      const d = binaryDilation(masks[c.mask] as NdArray<Float64Array>, opts);
      expect(d.shape).toEqual(c.dilation.shape);
      expectExact(d.data, f64(c.dilation.data), `dilation ${label}`);
      expectExact(
        binaryErosion(masks[c.mask] as NdArray<Float64Array>, opts).data,
        f64(c.erosion.data),
        `erosion ${label}`,
      );
    }
  });
});

describe('label', () => {
  it('numbers components in raster order for connectivity 1 and full', () => {
    for (const c of fx.label) {
      const m = masks[c.mask] as NdArray<Float64Array>;
      const dims = m.shape.length;
      const structure = {
        data: Uint8Array.from({ length: 3 ** dims }, (_, i) => {
          let dist = 0;
          for (let d = 0, v = i; d < dims; d++, v = Math.floor(v / 3))
            dist += Math.abs((v % 3) - 1);
          return dist <= c.connectivity ? 1 : 0;
        }),
        shape: new Array(dims).fill(3),
      };
      const r = label(m, { structure });
      expect(r.numFeatures, c.mask).toBe(c.num);
      expectExact(r.labels.data, f64(c.labels.data), `label ${c.mask} conn=${c.connectivity}`);
    }
  });
  it('rejects structures that are not 3 wide', () => {
    expect(() => label([1, 0, 1], { structure: [1, 1] })).toThrow(/equal to 3/);
  });
});

describe('center_of_mass and maximum (1e-12)', () => {
  it('whole array and per label', () => {
    const img = nd(fx.com.img);
    const labels = nd(fx.com.labels);
    const idx = Array.from({ length: fx.com.num }, (_, i) => i + 1);
    expectClose(centerOfMass(img)[0] as Float64Array, fx.com.whole, 1e-12, { elementwise: true });
    const per = centerOfMass(img, labels, idx);
    per.forEach((c, i) => {
      expectClose(c, fx.com.by_label[i], 1e-12, { elementwise: true, label: `label ${i + 1}` });
    });
    expectExact(maximum(img, labels, idx), fx.com.maximum, 'maximum');
    expect(maximum(img)[0]).toBe(fx.com.maximum_all);
  });
});

describe('zoom order 0 (exact)', () => {
  it('spec KATs: index maps for n = 4, 5, 6, 7 with factor 0.5', () => {
    for (const [n, want] of Object.entries(fx.zoom_kat)) {
      const x = Float64Array.from({ length: Number(n) }, (_, i) => i);
      expect([...zoom({ data: x, shape: [x.length] }, 0.5, { order: 0 }).data]).toEqual(want);
    }
    expect([
      ...zoom({ data: Float64Array.of(0, 1, 2, 3), shape: [4] }, 0.5, { order: 0 }).data,
    ]).toEqual([0, 3]);
    expect([
      ...zoom({ data: Float64Array.of(0, 1, 2, 3, 4, 5, 6), shape: [7] }, 0.5, { order: 0 }).data,
    ]).toEqual([0, 2, 4, 6]);
  });
  it('3-D int32 label volumes and 2-D uint8 images keep their type', () => {
    const vol = { data: Int32Array.from(f64(fx.vol.data)), shape: fx.vol.shape };
    for (const c of fx.zoom3d) {
      const y = zoom(vol, c.factors, { order: 0 });
      expect(y.data).toBeInstanceOf(Int32Array);
      expect(y.shape).toEqual(c.y.shape);
      expectExact(y.data, f64(c.y.data), `zoom ${c.factors}`);
    }
    const img = { data: Uint8Array.from(f64(fx.img8.data)), shape: fx.img8.shape };
    for (const c of fx.zoom2d) {
      const y = zoom(img, c.factors, { order: 0 });
      expect(y.shape).toEqual(c.y.shape);
      expectExact(y.data, f64(c.y.data), `zoom2d ${c.factors}`);
    }
  });
});

describe('block_reduce (1e-12)', () => {
  it('pads the end with cval and reduces each block', () => {
    for (const c of fx.block_reduce) {
      const y = blockReduce(nd(fx.arrays[c.x]), c.block, c.func, c.cval);
      expect(y.shape).toEqual(c.y.shape);
      expectClose(y.data, f64(c.y.data), 1e-12, {
        label: `block_reduce ${c.x} ${c.block} ${c.func}`,
      });
    }
    expect(() => blockReduce(nd(fx.arrays.a2), [2])).toThrow(/block_size/);
  });
});
