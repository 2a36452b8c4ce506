import { describe, expect, it } from 'vitest';
import { cumsum } from '../src/elementwise.js';
import { argmax, argmin } from '../src/ordering.js';
import { RandomState } from '../src/random.js';
import {
  mean,
  median,
  nanmean,
  nanmedian,
  nanpercentile,
  nanstd,
  nansum,
  percentile,
  percentiles,
  robustStd,
  std,
  sum,
  trimmedStats,
  variance,
} from '../src/reductions.js';
import { expectClose, hasFixture, loadFixture } from './stats-helpers.js';

type Val = number | number[] | { error: string };
const have = hasFixture('signal_reductions_reductions.json');

function arrays(): Record<string, Float64Array> {
  const inputs = loadFixture<Record<string, number[]>>('signal_reductions_inputs.json');
  const gens = loadFixture<Record<string, [number, number, number, number]>>(
    'signal_reductions_gens.json',
  );
  const out: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(inputs)) out[k] = Float64Array.from(v);
  for (const [k, [seed, n, scale, shift]] of Object.entries(gens)) {
    out[k] = new RandomState(seed).rand(n).map((v) => v * scale + shift);
  }
  return out;
}

describe('reductions: known answers', () => {
  it('pairwise summation grouping (n ≥ 8 uses 8 accumulators)', () => {
    // 1e16 + 1 + … : sequential summation loses every 1, numpy's 8-way unrolled block keeps them
    const x = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1, 1, 1, 1, 1, 1, 1];
    // r0 = 1e16 + −1e16 = 0, r1..r7 = 2 → 14
    expect(sum(x)).toBe(14);
  });
  it('median, percentile, errors', () => {
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(median([1, Number.NaN])).toBeNaN();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(() => percentile([1, 2], 101)).toThrow(/range \[0, 100\]/);
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(variance([1, 2, 3, 4], 1)).toBeCloseTo(1.6666666666666667, 15);
  });
});

describe.skipIf(!have)(
  'reductions vs numpy 1.23 (exact: same pairwise order; 1e-15 where noted)',
  () => {
    const A = have ? arrays() : {};
    const R = have
      ? loadFixture<Record<string, Record<string, Val>>>('signal_reductions_reductions.json')
      : {};
    const check = (
      got: () => number | number[] | Float64Array,
      want: Val,
      label: string,
      rtol = 0,
    ) => {
      if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
        expect(got, label).toThrow();
        return;
      }
      const g = got();
      const w = want as number | number[];
      if (typeof w === 'number') expectClose(g as number, w, rtol, 0, label);
      else {
        for (const [i, v] of (w as number[]).entries()) {
          expectClose((g as number[])[i] as number, v, rtol, 0, `${label}[${i}]`);
        }
      }
    };
    for (const name of Object.keys(R)) {
      it(name, () => {
        const a = A[name] as Float64Array;
        const r = R[name] as Record<string, Val>;
        check(() => sum(a), r.sum as Val, 'sum');
        check(() => mean(a), r.mean as Val, 'mean');
        check(() => nanmean(a), r.nanmean as Val, 'nanmean');
        check(() => nansum(a), r.nansum as Val, 'nansum');
        // sqrt and division are correctly rounded in both, so these are exact too
        check(() => std(a), r.std0 as Val, 'std0');
        check(() => std(a, 1), r.std1 as Val, 'std1');
        check(() => variance(a, 1), r.var1 as Val, 'var1');
        check(() => nanstd(a), r.nanstd0 as Val, 'nanstd0');
        check(() => nanstd(a, 1), r.nanstd1 as Val, 'nanstd1');
        check(() => median(a), r.median as Val, 'median');
        check(() => nanmedian(a), r.nanmedian as Val, 'nanmedian');
        check(
          () => Array.from(percentiles(a, [0, 10, 25, 33.3, 50, 75, 90, 99.9, 100])),
          r.pct as Val,
          'percentile',
        );
        if (Array.isArray(r.pct))
          expectClose(
            percentile(a, 33.3),
            (r.pct as number[])[3] as number,
            0,
            0,
            'percentile scalar',
          );
        check(
          () => [0, 10, 50, 90, 100].map((q) => nanpercentile(a, q)),
          r.nanpct as Val,
          'nanpercentile',
        );
        check(() => robustStd(a), r.robust_std as Val, 'robustStd');
        check(() => argmin(a), r.argmin as Val, 'argmin');
        check(() => argmax(a), r.argmax as Val, 'argmax');
        if (a.length > 0)
          check(() => cumsum(a)[a.length - 1] as number, r.cumsum_last as Val, 'cumsum');
        if (r.trimmed) {
          const t = trimmedStats(a);
          check(() => [t.mean, t.std], r.trimmed as Val, 'trimmedStats');
        }
      });
    }
  },
);
