import { describe, expect, it } from 'vitest';
import { aic, aicc, bic, curveFit, leastsq, nelderMead } from '../src/fit.js';
import { expectAllClose, expectClose, hasFixture, loadFixture } from './stats-helpers.js';

type Model = (x: Float64Array, p: Float64Array) => Float64Array;
const MODELS: Record<string, Model> = {
  exp3: (x, [a, tau, c]) =>
    x.map((v) => (a as number) * Math.exp(-v / (tau as number)) + (c as number)),
  exp4: (x, [a1, t1, a2, t2]) =>
    x.map(
      (v) =>
        (a1 as number) * Math.exp(-v / (t1 as number)) +
        (a2 as number) * Math.exp(-v / (t2 as number)),
    ),
  hill: (x, [b, a, c50, n]) =>
    x.map(
      (v) =>
        (b as number) +
        ((a as number) * v ** (n as number)) /
          ((c50 as number) ** (n as number) + v ** (n as number)),
    ),
  gauss1d: (x, [a, mu, s, c]) =>
    x.map(
      (v) =>
        (a as number) * Math.exp(-((v - (mu as number)) ** 2) / (2 * (s as number) ** 2)) +
        (c as number),
    ),
};

describe('information criteria (allensdk internal.model.AIC formulas)', () => {
  it('AIC, AICc, BIC', () => {
    // RSS = 2, k = 3, n = 10: 2k + n·ln(RSS/n) = 6 + 10·ln 0.2
    expectClose(aic(2, 3, 10), 6 + 10 * Math.log(0.2), 1e-15);
    expectClose(aicc(2, 3, 10), 6 + 10 * Math.log(0.2) + 24 / 6, 1e-15);
    expect(aicc(2, 3, 4)).toBe(aic(2, 3, 4));
    expectClose(bic(2, 3, 10), 10 * Math.log(0.2) + 3 * Math.log(10), 1e-15);
  });
});

describe('curveFit / leastsq known answers', () => {
  it('recovers an exact exponential', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i * 0.1);
    const y = MODELS.exp3?.(x, Float64Array.of(2, 0.8, 0.3)) as Float64Array;
    const r = curveFit(MODELS.exp3 as Model, x, y, { p0: [1, 1, 0] });
    expectAllClose(r.popt, [2, 0.8, 0.3], 1e-8);
  });
  it('throws on maxfev, m < n and non-finite data', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i * 0.1);
    const y = MODELS.exp3?.(x, Float64Array.of(2, 0.8, 0.3)) as Float64Array;
    expect(() => curveFit(MODELS.exp3 as Model, x, y, { p0: [1, 1, 0], maxfev: 5 })).toThrow(
      /Optimal parameters not found.*maxfev = 5/s,
    );
    expect(() => curveFit(MODELS.exp3 as Model, [1, 2], [1, 2], { p0: [1, 1, 0] })).toThrow(
      /Improper input/,
    );
    expect(() =>
      curveFit(MODELS.exp3 as Model, [1, 2, 3, 4], [1, Number.NaN, 2, 3], { p0: [1, 1, 0] }),
    ).toThrow(/infs or NaNs/);
  });
});

const have = hasFixture('signal_fit_curvefit.json');

// Optimisers: 1e-6 relative against scipy plus a planted-truth check (the model's exp differs from
// numpy's by an ulp now and then, which can move the converged point slightly).
describe.skipIf(!have)('fits vs scipy.optimize 1.10', () => {
  it('curve_fit: popt, pcov, ier, maxfev error', () => {
    const cases = loadFixture<
      {
        model: string;
        x: number[];
        y: number[];
        truth: number[];
        p0: number[];
        sigma: number[] | null;
        maxfev: number | null;
        popt?: number[];
        pcov?: number[][];
        nfev?: number;
        ier?: number;
        error?: string;
      }[]
    >('signal_fit_curvefit.json');
    for (const [i, c] of cases.entries()) {
      const run = () =>
        curveFit(MODELS[c.model] as Model, c.x, c.y, {
          p0: c.p0,
          ...(c.sigma ? { sigma: c.sigma } : {}),
          ...(c.maxfev ? { maxfev: c.maxfev } : {}),
        });
      if (c.error) {
        expect(run, `case ${i}`).toThrow(/Optimal parameters not found/);
        continue;
      }
      const r = run();
      expectAllClose(r.popt, c.popt as number[], 1e-6, 1e-12, `popt#${i}`);
      const scale = Math.max(...c.truth.map(Math.abs));
      // planted truth within a generous noise band
      expectAllClose(r.popt, c.truth, 0.2, 0.05 * scale, `truth#${i}`);
      const pc = (c.pcov as number[][]).flat();
      const maxAbs = Math.max(...pc.filter(Number.isFinite).map(Math.abs), 0);
      // an exact fit leaves a round-off-sized covariance (~1e-33) that carries no information
      if (!(maxAbs < 1e-20)) expectAllClose(r.pcov, pc, 1e-4, 1e-4 * maxAbs, `pcov#${i}`);
      expect(r.ier, `ier#${i}`).toBe(c.ier);
      expect(r.nfev, `nfev#${i}`).toBe(c.nfev);
    }
  });

  it('leastsq 2-D Gaussian: x, cov_x, nfev, ipvt', () => {
    const L = loadFixture<{
      img: number[][];
      x0: number[];
      x: number[];
      cov_x: number[][];
      nfev: number;
      ier: number;
      ipvt: number[];
      truth: number[];
    }>('signal_fit_leastsq.json');
    const ny = L.img.length;
    const nx = (L.img[0] as number[]).length;
    const resid = (p: Float64Array) => {
      const [h, cx, cy, wx, wy] = p as unknown as [number, number, number, number, number];
      const out = new Float64Array(nx * ny);
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          out[y * nx + x] =
            h * Math.exp(-(((cx - x) / wx) ** 2 + ((cy - y) / wy) ** 2) / 2) -
            ((L.img[y] as number[])[x] as number);
        }
      }
      return out;
    };
    const r = leastsq(resid, L.x0);
    expectAllClose(r.x, L.x, 1e-6, 0, 'x');
    expectAllClose(r.x, L.truth, 0.05, 0.05, 'truth');
    expect(r.ier).toBe(L.ier);
    expect(Array.from(r.ipvt)).toEqual(L.ipvt);
    // covariance from a finite-difference Jacobian: 1e-4 of the largest entry
    const cov = L.cov_x.flat();
    expectAllClose(r.covX as Float64Array, cov, 0, 1e-4 * Math.max(...cov.map(Math.abs)), 'cov_x');
    expect(Math.abs(r.nfev - L.nfev)).toBeLessThanOrEqual(0);
  });

  it('Nelder–Mead: same nfev/nit/status, x within 1e-6', () => {
    const cases = loadFixture<
      {
        fn: string;
        x0: number[];
        maxfev?: number;
        img?: number[][];
        x: number[];
        fun: number;
        nfev: number;
        nit: number;
        status: number;
      }[]
    >('signal_fit_neldermead.json');
    const rosen = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < x.length - 1; i++)
        s +=
          100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
      return s;
    };
    for (const [i, c] of cases.entries()) {
      let f = rosen;
      if (c.fn === 'gauss2d') {
        const img = c.img as number[][];
        f = (p: Float64Array) => {
          const [h, cx, cy, wx, wy] = p as unknown as [number, number, number, number, number];
          let s = 0;
          for (let y = 0; y < img.length; y++) {
            const row = img[y] as number[];
            for (let x = 0; x < row.length; x++) {
              s +=
                (h * Math.exp(-(((cx - x) / wx) ** 2 + ((cy - y) / wy) ** 2) / 2) -
                  (row[x] as number)) **
                2;
            }
          }
          return s;
        };
      }
      const r = nelderMead(f, c.x0, c.maxfev ? { maxfev: c.maxfev } : {});
      expect(r.status, `status#${i}`).toBe(c.status);
      expect(r.nfev, `nfev#${i}`).toBe(c.nfev);
      expect(r.nit, `nit#${i}`).toBe(c.nit);
      expectAllClose(r.x, c.x, 1e-6, 1e-9, `x#${i}`);
      expectClose(r.fun, c.fun, 1e-6, 1e-12, `fun#${i}`);
    }
  });
});
