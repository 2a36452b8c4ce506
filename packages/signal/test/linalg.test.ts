import { describe, expect, it } from 'vitest';
import { cholesky2x2, inv, lstsq, polyfit, solve, solveBanded11 } from '../src/linalg.js';
import { expectAllClose, hasFixture, loadFixture } from './stats-helpers.js';

describe('linalg known answers and errors', () => {
  it('solve and singular matrices', () => {
    expectAllClose(
      solve(
        [
          [2, 1],
          [1, 3],
        ],
        [3, 5],
      ),
      [0.8, 1.4],
      1e-15,
    );
    expect(() =>
      solve(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toThrow(/Singular/);
    expect(() =>
      inv([
        [0, 0],
        [0, 0],
      ]),
    ).toThrow(/Singular/);
    expect(cholesky2x2(4, 2, 5)).toEqual([2, 1, 2]);
  });
});

const have = hasFixture('signal_fit_linalg.json');

// numpy/scipy call LAPACK (dgelsd, dgesv, dgtsv); we follow the same algorithms but not LAPACK's
// blocking, so results agree to 1e-12 relative of the solution's scale rather than bit for bit.
describe.skipIf(!have)('linalg vs numpy/scipy', () => {
  const L = have
    ? loadFixture<{
        lstsq: {
          A: number[][];
          b: number[];
          x: number[];
          residuals: number[];
          rank: number;
          s: number[];
        }[];
        polyfit: { x: number[]; y: number[]; deg: number; out: number[] }[];
        banded: { ab: [number[], number[], number[]]; b: number[]; out: number[] }[];
        solve: { A: number[][]; b: number[]; x: number[]; inv: number[][] }[];
      }>('signal_fit_linalg.json')
    : { lstsq: [], polyfit: [], banded: [], solve: [] };
  const scaleOf = (v: number[]) => Math.max(...v.map(Math.abs));
  it('lstsq (full rank, rank-deficient minimum norm, underdetermined)', () => {
    for (const [i, c] of L.lstsq.entries()) {
      const r = lstsq(c.A, c.b);
      expect(r.rank, `rank#${i}`).toBe(c.rank);
      expectAllClose(r.x, c.x, 0, 1e-12 * scaleOf(c.x), `x#${i}`);
      // singular values at round-off level (rank-deficient input) are noise: 1e-13 of s_max
      expectAllClose(r.s, c.s, 1e-12, 1e-13 * (c.s[0] as number), `s#${i}`);
      expectAllClose(r.residuals, c.residuals, 1e-10, 1e-14, `residuals#${i}`);
    }
  });
  it('polyfit', () => {
    for (const [i, c] of L.polyfit.entries())
      expectAllClose(polyfit(c.x, c.y, c.deg), c.out, 0, 1e-12 * scaleOf(c.out), `polyfit#${i}`);
  });
  it('solve_banded((1,1)) incl. pivoting', () => {
    for (const [i, c] of L.banded.entries())
      expectAllClose(solveBanded11(c.ab, c.b), c.out, 0, 1e-12 * scaleOf(c.out), `banded#${i}`);
  });
  it('solve / inv', () => {
    for (const [i, c] of L.solve.entries()) {
      expectAllClose(solve(c.A, c.b), c.x, 0, 1e-12 * scaleOf(c.x), `solve#${i}`);
      const iv = c.inv.flat();
      expectAllClose(inv(c.A).data, iv, 0, 1e-12 * scaleOf(iv), `inv#${i}`);
    }
  });
});
