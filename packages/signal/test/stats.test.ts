import { describe, expect, it } from 'vitest';
import { circmean, circstd, circvar } from '../src/circular.js';
import {
  chi2Cdf,
  chi2Sf,
  fCdf,
  fSf,
  halfnormPdf,
  kstwoCdf,
  kstwoSf,
  normPpf,
  smirnov,
  tCdf,
  tSf,
} from '../src/distributions.js';
import { RandomState } from '../src/random.js';
import { sem } from '../src/reductions.js';
import {
  beta,
  betainc,
  erf,
  erfc,
  gamma,
  gammainc,
  gammaincc,
  lbeta,
  lgamma,
  ndtr,
  ndtri,
} from '../src/special.js';
import {
  type Alternative,
  chi2Contingency,
  chisquare,
  fOneway,
  ks2samp,
  linregress,
  type MultipleTestsMethod,
  mannwhitneyu,
  multipletests,
  multipletestsHolmSidak,
  nonraisingKs2samp,
  pearsonr,
  rankdata,
  spearmanr,
  ttestInd,
  ttestIndWelch,
  wilcoxon,
  zscore,
} from '../src/stats.js';
import {
  expectAllClose,
  expectClose,
  expectExact,
  hasFixture,
  loadFixture,
} from './stats-helpers.js';

const F = (name: string) => `signal_stats_${name}.json`;
const have = hasFixture(F('special'));

// Tolerances: special functions and distributions 1e-12 relative (1e-300 absolute floor, as the
// checklist states) except where noted; test statistics 1e-12; p-values 1e-10.
const RT_SPECIAL = 1e-12;
const RT_STAT = 1e-12;
const RT_P = 1e-10;

describe('known answers (spec §5–6)', () => {
  it('normal, t, F, chi2', () => {
    expect(normPpf(0.99)).toBe(2.3263478740408408);
    expectClose(normPpf(0.99) - normPpf(0.01), 4.6526957480816815, 1e-15);
    expectClose(normPpf(0.75) - normPpf(0.25), 1.3489795003921634, 1e-15);
    expectClose(tSf(2, 10), 0.03669401738537018, 1e-13);
    expectClose(fSf(3, 2, 10), 0.09536743164062497, 1e-13);
    expectClose(1 - chi2Cdf(7.815, 3), 0.04999390297488393, 1e-12);
    expect(Number.isNaN(chi2Cdf(1, 0))).toBe(true);
  });
  it('linregress', () => {
    const r = linregress([0, 1, 2, 3], [1, 3, 2, 5]);
    expectClose(r.slope, 1.1, 1e-15);
    expectClose(r.intercept, 1.0999999999999999, 1e-15);
    expectClose(r.rvalue, 0.8315218406202999, 1e-15);
    expectClose(r.pvalue, 0.16847815937970018, 1e-13);
    expectClose(r.stderr, 0.5196152422706632, 1e-15);
  });
  it('f_oneway, Welch, pearson, spearman, ks_2samp, Holm–Šidák', () => {
    const f = fOneway([1, 2, 3], [2, 3, 4, 5], [6, 7, 8]);
    expectClose(f.statistic, 15.516666666666655, 1e-13);
    expectClose(f.pvalue, 0.002674655031850488, 1e-12);
    const t = ttestIndWelch([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]);
    expectClose(t.statistic, -2.3763541031440183, 1e-14);
    expectClose(t.pvalue, 0.04928433820673053, 1e-12);
    const p = pearsonr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expectClose(p.statistic, 0.8, 1e-15);
    expectClose(p.pvalue, 0.10408803866182782, 1e-13);
    const s = spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]);
    expectClose(s.statistic, 0.7999999999999999, 1e-15);
    expectClose(s.pvalue, 0.10408803866182788, 1e-13);
    const k = ks2samp([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]);
    expect(k.statistic).toBe(0.5);
    expectClose(k.pvalue, 0.35714285714285715, 1e-14);
    expectAllClose(
      multipletestsHolmSidak([0.01, 0.04, 0.03, 0.005]).pvalsCorrected,
      [0.029701, 0.0591, 0.0591, 0.0198505],
      1e-6, // the spec's KAT is printed to 6 significant digits
    );
  });
  it('bad input throws SdkError', () => {
    expect(() => ks2samp([], [1])).toThrow(/must not be empty/);
    expect(() => pearsonr([1], [2])).toThrow(/at least 2/);
    expect(() => pearsonr([1, 2, 3], [2, 1])).toThrow(/same length/);
    expect(() => fOneway([1, 2])).toThrow(/at least two inputs/);
    expect(() => linregress([1, 1, 1], [1, 2, 3])).toThrow(/identical/);
    expect(() => chisquare([1, 2, 3], [1, 2, 4])).toThrow(/relative tolerance/);
    expect(() =>
      chi2Contingency([
        [0, 0],
        [1, 2],
      ]),
    ).toThrow(/zero element/);
    expect(() => mannwhitneyu([], [1])).toThrow(/nonzero size/);
    expect(nonraisingKs2samp([], [1]).pvalue).toBeNaN();
  });
});

interface Grid {
  x?: number[];
  a?: number[];
  b?: number[];
  y: number[];
}

describe.skipIf(!have)('special functions vs scipy.special 1.10 (1e-12 rel, 1e-300 abs)', () => {
  const S = have ? loadFixture<Record<string, Grid>>(F('special')) : {};
  const one: Record<string, (x: number) => number> = {
    erf,
    erfc,
    ndtr,
    ndtri,
    gammaln: lgamma,
    gamma,
  };
  for (const [name, fn] of Object.entries(one)) {
    it(name, () => {
      const g = S[name] as Grid;
      expectAllClose(
        (g.x as number[]).map((v) => fn(v)),
        g.y,
        RT_SPECIAL,
        1e-300,
        name,
      );
    });
  }
  it('gammainc / gammaincc', () => {
    for (const [name, fn] of [
      ['gammainc', gammainc],
      ['gammaincc', gammaincc],
    ] as const) {
      const g = S[name] as Grid;
      const got = (g.a as number[]).map((a, i) => fn(a, (g.x as number[])[i] as number));
      expectAllClose(got, g.y, RT_SPECIAL, 1e-300, name);
    }
  });
  it('betainc / beta / betaln', () => {
    const g = S.betainc as Grid & { b: number[]; x: number[] };
    expectAllClose(
      (g.a as number[]).map((a, i) => betainc(a, g.b[i] as number, g.x[i] as number)),
      g.y,
      RT_SPECIAL,
      1e-300,
      'betainc',
    );
    const gb = S.beta as Grid & { b: number[] };
    expectAllClose(
      (gb.a as number[]).map((a, i) => beta(a, gb.b[i] as number)),
      gb.y,
      RT_SPECIAL,
      1e-300,
      'beta',
    );
    const gl = S.betaln as Grid & { b: number[] };
    expectAllClose(
      (gl.a as number[]).map((a, i) => lbeta(a, gl.b[i] as number)),
      gl.y,
      RT_SPECIAL,
      1e-300,
      'betaln',
    );
  });
});

describe.skipIf(!have)('distributions vs scipy.stats 1.10', () => {
  type D = Record<
    string,
    {
      x: number[];
      y: number[];
      df: number[];
      d1: number[];
      d2: number[];
      k: number[];
      n: number[];
      scale: number;
    }
  >;
  const D = have ? loadFixture<D>(F('distributions')) : ({} as D);
  // scipy evaluates stdtr with CDFLIB's bratio (TOMS 708), we with Cephes incbet; on this grid the
  // two agree to 1e-12.
  it('t cdf/sf', () => {
    const g = D.t_cdf as D[string];
    expectAllClose(
      g.x.map((t, i) => tCdf(t, g.df[i] as number)),
      g.y,
      1e-12,
      1e-300,
      't.cdf',
    );
    const s = D.t_sf as D[string];
    expectAllClose(
      s.x.map((t, i) => tSf(t, s.df[i] as number)),
      s.y,
      1e-12,
      1e-300,
      't.sf',
    );
  });
  it('F sf/cdf', () => {
    const g = D.f_sf as D[string];
    expectAllClose(
      g.x.map((f, i) => fSf(f, g.d1[i] as number, g.d2[i] as number)),
      g.y,
      RT_SPECIAL,
      1e-300,
      'f.sf',
    );
    const c = D.f_cdf as D[string];
    expectAllClose(
      c.x.map((f, i) => fCdf(f, c.d1[i] as number, c.d2[i] as number)),
      c.y,
      RT_SPECIAL,
      1e-300,
      'f.cdf',
    );
  });
  it('chi2 cdf/sf, norm.ppf, halfnorm.pdf', () => {
    const g = D.chi2_cdf as D[string];
    expectAllClose(
      g.x.map((x, i) => chi2Cdf(x, g.k[i] as number)),
      g.y,
      RT_SPECIAL,
      1e-300,
      'chi2.cdf',
    );
    const s = D.chi2_sf as D[string];
    expectAllClose(
      s.x.map((x, i) => chi2Sf(x, s.k[i] as number)),
      s.y,
      RT_SPECIAL,
      1e-300,
      'chi2.sf',
    );
    const p = D.norm_ppf as D[string];
    expectAllClose(p.x.map(normPpf), p.y, RT_SPECIAL, 0, 'norm.ppf');
    const h = D.halfnorm_pdf as D[string];
    expectAllClose(
      h.x.map((x) => halfnormPdf(x, h.scale)),
      h.y,
      1e-14,
      0,
      'halfnorm.pdf',
    );
  });
  // 1e-9: Cephes sums the Smirnov series in double-double; we sum it in double with each power
  // taken through exp(m·log(·)), which costs ~n·ε relative for n up to 10^5.
  it('kstwo sf/cdf and smirnov', () => {
    const g = D.kstwo_sf as D[string];
    expectAllClose(
      g.x.map((x, i) => kstwoSf(x, g.n[i] as number)),
      g.y,
      1e-9,
      1e-300,
      'kstwo.sf',
    );
    const c = D.kstwo_cdf as D[string];
    expectAllClose(
      c.x.map((x, i) => kstwoCdf(x, c.n[i] as number)),
      c.y,
      1e-9,
      1e-300,
      'kstwo.cdf',
    );
    const s = D.smirnov as D[string];
    expectAllClose(
      s.x.map((x, i) => smirnov(s.n[i] as number, x)),
      s.y,
      1e-9,
      1e-300,
      'smirnov',
    );
  });
});

describe.skipIf(!have)('tests vs scipy 1.10 / statsmodels', () => {
  const samples = have ? loadFixture<Record<string, number[]>>(F('samples')) : {};
  const S = (k: string): number[] => samples[k] as number[];
  const pair = (got: { statistic: number; pvalue: number }, want: number[], label: string) => {
    expectClose(got.statistic, want[0] as number, RT_STAT, 1e-300, `${label} statistic`);
    expectClose(got.pvalue, want[1] as number, RT_P, 1e-300, `${label} p`);
  };

  it('ttest_ind (equal_var True/False, alternatives, NaN, constant)', () => {
    const cases = loadFixture<
      { a: string; b: string; equal_var: boolean; alternative: Alternative; out: number[] }[]
    >(F('ttest'));
    for (const c of cases) {
      pair(
        ttestInd(S(c.a), S(c.b), { equalVar: c.equal_var, alternative: c.alternative }),
        c.out,
        `${c.a}/${c.b}/${c.equal_var}/${c.alternative}`,
      );
    }
  });

  it('pearsonr and spearmanr', () => {
    const cases = loadFixture<
      {
        x: number[];
        y: number[];
        alternative: Alternative;
        out: number[] | { error: string };
        spearman: number[];
      }[]
    >(F('pearson'));
    for (const [i, c] of cases.entries()) {
      if (Array.isArray(c.out)) pair(pearsonr(c.x, c.y, c.alternative), c.out, `pearson#${i}`);
      else expect(() => pearsonr(c.x, c.y, c.alternative)).toThrow(/finite|NaN/);
      pair(spearmanr(c.x, c.y, c.alternative), c.spearman, `spearman#${i}`);
    }
  });

  it('linregress', () => {
    const cases = loadFixture<{ x: number[]; y: number[]; out: number[] }[]>(F('linregress'));
    for (const [i, c] of cases.entries()) {
      const r = linregress(c.x, c.y);
      const got = [r.slope, r.intercept, r.rvalue, r.pvalue, r.stderr, r.interceptStderr];
      expectAllClose(got, c.out, 1e-11, 1e-300, `linregress#${i}`);
    }
  });

  it('f_oneway (including empty, length-1, constant groups)', () => {
    const cases = loadFixture<{ groups: number[][]; out: number[] }[]>(F('anova'));
    for (const [i, c] of cases.entries()) pair(fOneway(...c.groups), c.out, `anova#${i}`);
  });

  it('ks_2samp exact and asymptotic, every alternative', () => {
    const cases = loadFixture<
      {
        a?: number[];
        b?: number[];
        a_gen?: number[];
        b_gen?: number[];
        out: Record<string, number[]>;
      }[]
    >(F('ks2samp'));
    const gen = (g: number[]) => {
      const [seed, n, scale, shift] = g as [number, number, number, number];
      return new RandomState(seed).rand(n).map((v) => v * scale + shift);
    };
    for (const [i, c] of cases.entries()) {
      const a = c.a ?? gen(c.a_gen as number[]);
      const b = c.b ?? gen(c.b_gen as number[]);
      for (const [key, want] of Object.entries(c.out)) {
        const [alternative, method] = key.split('/') as [Alternative, 'auto' | 'asymp'];
        const r = ks2samp(a, b, { alternative, method });
        const label = `ks#${i} ${key} (n=${a.length},${b.length})`;
        expectClose(r.statistic, want[0] as number, 1e-14, 0, `${label} D`);
        expectClose(r.pvalue, want[1] as number, 1e-9, 1e-300, `${label} p`);
        expectClose(r.statisticLocation, want[2] as number, 0, 0, `${label} location`);
        expect(r.statisticSign, `${label} sign`).toBe(want[3]);
      }
    }
  });

  it('chisquare and chi2_contingency (Yates by default)', () => {
    const cs = loadFixture<{ obs: number[]; exp: number[] | null; ddof: number; out: number[] }[]>(
      F('chisquare'),
    );
    for (const [i, c] of cs.entries())
      pair(chisquare(c.obs, c.exp ?? undefined, c.ddof), c.out, `chisquare#${i}`);
    const ct = loadFixture<
      { table: number[][]; correction: boolean; out: number[]; expected: number[][] }[]
    >(F('chi2_contingency'));
    for (const [i, c] of ct.entries()) {
      const r = chi2Contingency(c.table, { correction: c.correction });
      pair(r, c.out, `contingency#${i}`);
      expect(r.dof).toBe(c.out[2]);
      for (const [k, row] of c.expected.entries()) {
        expectAllClose(r.expected[k] as Float64Array, row, 1e-14, 0, `expected#${i}`);
      }
    }
  });

  it('mannwhitneyu (exact and asymptotic)', () => {
    const cases = loadFixture<
      {
        a?: string;
        b?: string;
        x?: number[];
        y?: number[];
        alternative: Alternative;
        method: 'auto' | 'asymptotic';
        out: number[];
      }[]
    >(F('mannwhitneyu'));
    for (const [i, c] of cases.entries()) {
      const x = c.x ?? S(c.a as string);
      const y = c.y ?? S(c.b as string);
      pair(mannwhitneyu(x, y, { alternative: c.alternative, method: c.method }), c.out, `mwu#${i}`);
    }
  });

  it('wilcoxon (exact/approx, zero methods)', () => {
    const cases = loadFixture<
      {
        x: number[];
        y: number[] | null;
        alternative: Alternative;
        zero_method: 'wilcox' | 'pratt' | 'zsplit';
        correction?: boolean;
        mode?: 'approx';
        out: number[] | string;
      }[]
    >(F('wilcoxon'));
    for (const [i, c] of cases.entries()) {
      const run = () =>
        wilcoxon(c.x, c.y ?? undefined, {
          alternative: c.alternative,
          zeroMethod: c.zero_method,
          correction: c.correction ?? false,
          mode: c.mode ?? 'auto',
        });
      if (typeof c.out === 'string') expect(run).toThrow(/zero_method/);
      else pair(run(), c.out, `wilcoxon#${i}`);
    }
  });

  it('multipletests (hs, bonferroni, holm, sidak, fdr_bh)', () => {
    const cases = loadFixture<
      {
        p: number[];
        alpha: number;
        method: MultipleTestsMethod;
        reject: boolean[];
        corrected: number[];
      }[]
    >(F('multipletests'));
    for (const [i, c] of cases.entries()) {
      const r = multipletests(c.p, c.alpha, c.method);
      expect(r.reject, `mt#${i} ${c.method}`).toEqual(c.reject);
      expectAllClose(r.pvalsCorrected, c.corrected, 1e-14, 0, `mt#${i} ${c.method}`);
    }
  });

  it('zscore, sem, rankdata', () => {
    const zs = loadFixture<
      { x: number[]; ddof: number; nan_policy: 'propagate' | 'omit'; out: number[] }[]
    >(F('zscore'));
    for (const [i, c] of zs.entries()) {
      expectAllClose(
        zscore(c.x, { ddof: c.ddof, nanPolicy: c.nan_policy }),
        c.out,
        1e-13,
        0,
        `zscore#${i}`,
      );
    }
    for (const c of loadFixture<{ x: number[]; out: number }[]>(F('sem')))
      expectClose(sem(c.x), c.out, 1e-14);
    for (const c of loadFixture<{ x: number[]; out: number[] }[]>(F('rankdata')))
      expectExact(rankdata(c.x), c.out);
  });

  it('circmean / circvar / circstd', () => {
    const cs = loadFixture<
      { x: number[]; circmean: number; circvar: number; circstd: number; circmean_pi: number }[]
    >(F('circ'));
    for (const [i, c] of cs.entries()) {
      expectClose(circmean(c.x), c.circmean, 1e-12, 1e-15, `circmean#${i}`);
      expectClose(
        circmean(c.x, Math.PI, -Math.PI),
        c.circmean_pi,
        1e-12,
        1e-15,
        `circmean_pi#${i}`,
      );
      expectClose(circvar(c.x), c.circvar, 1e-12, 1e-15, `circvar#${i}`);
      expectClose(circstd(c.x), c.circstd, 1e-12, 1e-15, `circstd#${i}`);
    }
  });
});
