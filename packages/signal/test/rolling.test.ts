import { describe, it } from 'vitest';
import { rollingCount, rollingMean, rollingStd, rollingVar } from '../src/rolling.js';
import { expectAllClose, hasFixture, loadFixture } from './stats-helpers.js';

const have = hasFixture('signal_reductions_rolling.json');

// pandas 1.5 rolling aggregations; we follow its compensated running sums step by step, tolerance
// 1e-12 relative (1e-14 absolute floor for variances that cancel to ~0).
describe.skipIf(!have)('rolling vs pandas 1.5', () => {
  const R = have
    ? loadFixture<{
        series: Record<string, number[]>;
        cases: {
          x: string;
          w: number;
          min_periods: number | null;
          mean: number[];
          count: number[];
          std1: number[];
          std0: number[];
          var1: number[];
        }[];
      }>('signal_reductions_rolling.json')
    : { series: {}, cases: [] };
  for (const c of R.cases) {
    it(`${c.x} w=${c.w} min_periods=${c.min_periods}`, () => {
      const x = R.series[c.x] as number[];
      const minPeriods = c.min_periods ?? c.w; // pandas' default is the window size
      expectAllClose(rollingMean(x, c.w, { minPeriods }), c.mean, 1e-12, 1e-14, 'mean');
      // Rolling.count() treats min_periods=None as 0, unlike the other aggregations
      expectAllClose(
        rollingCount(x, c.w, { minPeriods: c.min_periods ?? 0 }),
        c.count,
        0,
        0,
        'count',
      );
      expectAllClose(rollingVar(x, c.w, { minPeriods }), c.var1, 1e-12, 1e-14, 'var');
      expectAllClose(rollingStd(x, c.w, { minPeriods }), c.std1, 1e-12, 1e-14, 'std');
      expectAllClose(rollingStd(x, c.w, { minPeriods, ddof: 0 }), c.std0, 1e-12, 1e-14, 'std0');
    });
  }
});
