import { describe, expect, it } from 'vitest';
import {
  arange,
  around,
  castInt,
  convolve,
  cumsum,
  diff,
  ediff1d,
  histogram,
  type IntDtype,
  interp,
  nancumsum,
  roundHalfEven,
} from '../src/elementwise.js';
import { argmax, argmin, argsort, searchsorted, unique } from '../src/ordering.js';
import { expectAllClose, expectExact, hasFixture, loadFixture } from './stats-helpers.js';

describe('ordering and elementwise known answers (spec §1)', () => {
  it('argmin/argmax first occurrence, NaN wins', () => {
    expect(argmin([3, 1, 1, 2])).toBe(1);
    expect(argmax([1, 5, 5])).toBe(1);
    expect(argmax([1, Number.NaN, 9, Number.NaN])).toBe(1);
    expect(() => argmin([])).toThrow(/empty/);
  });
  it('searchsorted sides', () => {
    expect(searchsorted([1, 2, 2, 3], 2, 'left')).toBe(1);
    expect(searchsorted([1, 2, 2, 3], 2, 'right')).toBe(3);
  });
  it('histogram KAT: [-π, 0, π, 3.2], 18 bins on [-π, π]', () => {
    const { counts } = histogram([-Math.PI, 0, Math.PI, 3.2], {
      bins: 18,
      range: [-Math.PI, Math.PI],
    });
    const nz = Array.from(counts)
      .map((c, i) => (c ? i : -1))
      .filter((i) => i >= 0);
    expect(nz).toEqual([0, 9, 17]);
  });
  it('arange KATs', () => {
    expect(arange(0, 0.25, 0.001).length).toBe(250);
    expect(arange(0.1, 0.4, 0.1).length).toBe(4);
  });
  it('ediff1d wraps for uint8', () => {
    expect(Array.from(ediff1d(Uint8Array.from([1, 0])))).toEqual([255]);
  });
  it('roundHalfEven', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 3]);
  });
});

const have = hasFixture('signal_reductions_ordering.json');

describe.skipIf(!have)('ordering vs numpy 1.23 (exact)', () => {
  const inputs = have ? loadFixture<Record<string, number[]>>('signal_reductions_inputs.json') : {};
  const cases = have
    ? loadFixture<
        {
          x: string;
          argsort: number[];
          v: number[];
          left: number[];
          right: number[];
          unique: number[];
          index: number[];
          inverse: number[];
          counts: number[];
          diff: number[];
          diff2: number[];
          cumsum: number[];
          nancumsum: number[];
        }[]
      >('signal_reductions_ordering.json')
    : [];
  for (const c of cases) {
    it(c.x, () => {
      const x = inputs[c.x] as number[];
      expectExact(argsort(x), c.argsort, 'argsort');
      const s = Float64Array.from(x).sort();
      expectExact(searchsorted(s, c.v, 'left'), c.left, 'left');
      expectExact(searchsorted(s, c.v, 'right'), c.right, 'right');
      const u = unique(x, { returnCounts: true, returnIndex: true, returnInverse: true });
      expectExact(u.values, c.unique, 'unique');
      expectExact(u.counts as Float64Array, c.counts, 'counts');
      expectExact(u.index as Int32Array, c.index, 'index');
      expectExact(u.inverse as Int32Array, c.inverse, 'inverse');
      expectExact(diff(x), c.diff, 'diff');
      expectExact(diff(x, 2), c.diff2, 'diff2');
      expectExact(cumsum(x), c.cumsum, 'cumsum');
      expectExact(nancumsum(x), c.nancumsum, 'nancumsum');
    });
  }
});

interface ElementwiseFixture {
  ediff1d_u8: { x: number[]; out: number[]; diff: number[] };
  ediff1d_begin: { x: number[]; out: number[] };
  interp: { x: number[]; xp: number[]; fp: number[]; out: number[]; out_nan: number[] };
  histogram: unknown;
  around: unknown;
  arange: unknown;
  cast: Record<string, number[]>;
  convolve: unknown;
}

describe.skipIf(!have)('elementwise vs numpy 1.23', () => {
  const E = (
    have ? loadFixture<ElementwiseFixture>('signal_reductions_elementwise.json') : {}
  ) as ElementwiseFixture;
  it('ediff1d / diff on uint8 (exact, wrapping)', () => {
    const u8 = Uint8Array.from(E.ediff1d_u8.x);
    expectExact(ediff1d(u8), E.ediff1d_u8.out);
    expectExact(diff(u8), E.ediff1d_u8.diff);
    expectExact(ediff1d(E.ediff1d_begin.x, [7], [0]), E.ediff1d_begin.out);
  });
  it('interp (exact: same operation order)', () => {
    expectExact(interp(E.interp.x, E.interp.xp, E.interp.fp), E.interp.out, 'interp');
    expectExact(
      interp(E.interp.x, E.interp.xp, E.interp.fp, { left: Number.NaN, right: Number.NaN }),
      E.interp.out_nan,
    );
  });
  it('histogram counts and edges (exact)', () => {
    for (const [i, h] of (
      E.histogram as {
        x: number[];
        bins: number;
        range: [number, number] | null;
        counts: number[];
        edges: number[];
      }[]
    ).entries()) {
      const r = histogram(h.x, { bins: h.bins, ...(h.range ? { range: h.range } : {}) });
      expectExact(r.counts, h.counts, `counts#${i}`);
      expectExact(r.edges, h.edges, `edges#${i}`);
    }
  });
  it('around (exact)', () => {
    for (const a of E.around as { x: number[]; decimals: number; out: number[] }[]) {
      expectExact(around(a.x, a.decimals), a.out, `around ${a.decimals}`);
    }
  });
  it('arange (exact)', () => {
    for (const a of E.arange as { args: [number, number, number]; out: number[] }[]) {
      expectExact(arange(...a.args), a.out, `arange ${a.args}`);
    }
  });
  it('castInt (exact)', () => {
    for (const dt of ['int8', 'uint8', 'int16', 'uint16', 'int32'] as IntDtype[]) {
      expectExact(castInt(E.cast.x as number[], dt), E.cast[dt] as number[], dt);
    }
  });
  it('convolve full/same/valid (1e-12 relative of the max magnitude: numpy sums with BLAS dot)', () => {
    for (const [i, c] of (
      E.convolve as { a: number[]; v: number[]; full: number[]; same: number[]; valid: number[] }[]
    ).entries()) {
      for (const mode of ['full', 'same', 'valid'] as const) {
        const want = c[mode];
        const scale = Math.max(...want.map(Math.abs));
        expectAllClose(convolve(c.a, c.v, mode), want, 0, 1e-12 * scale, `convolve#${i} ${mode}`);
      }
    }
  });
});

describe('sortedFloat64 (radix sort) agrees with a comparison sort', () => {
  it('random values with NaN, ±0, ±inf, denormals and duplicates', async () => {
    const { sortedFloat64 } = await import('../src/ordering-sort.js');
    const { RandomState } = await import('../src/random.js');
    const rs = new RandomState(5);
    const x = rs
      .randn(5000)
      .map((v, i) => (i % 7 === 0 ? Math.round(v) : v * 10 ** ((i % 40) - 20)));
    const specials = [
      Number.NaN,
      -0,
      0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5e-324,
      -5e-324,
      Number.NaN,
    ];
    specials.forEach((v, k) => {
      x[k * 97] = v;
    });
    // a block of values sharing their high word (long runs ordered by the low word)
    for (let i = 1000; i < 1600; i++) x[i] = 1 + (x[i] as number) * 1e-12;
    const want = Float64Array.from(x).sort();
    const got = sortedFloat64(x);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++)
      expect(Object.is(got[i], want[i]) || (got[i] === 0 && want[i] === 0)).toBe(true);
  });
});
