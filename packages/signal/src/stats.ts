// Statistical tests with scipy 1.10 / statsmodels defaults and degenerate-input behaviour.
// Each function names the reference it follows; the arithmetic keeps the reference's order so
// statistics agree to ~1e-12 and p-values to ~1e-10.
import { chi2Sf, fSf, kstwoSf, normCdf, normSf, tCdf } from './distributions.js';
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';
import { sortedFloat64 } from './ordering-sort.js';
import { mean, sum, variance } from './reductions.js';
import { betainc, binom } from './special.js';

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface TestResult {
  statistic: number;
  pvalue: number;
}

function toF64(x: ArrayLike): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x as ArrayLike & Iterable<number>);
}

function requireSameLength(x: ArrayLike, y: ArrayLike, what: string): void {
  if (x.length !== y.length) {
    throw new SdkError(
      'E_VALIDATION',
      `${what}: x and y must have the same length (${x.length} vs ${y.length})`,
      {
        path: 'y',
      },
    );
  }
}

/** scipy `_ttest_finish`: p-value of a t statistic via `stdtr`. */
function tPvalue(t: number, df: number, alternative: Alternative): number {
  if (alternative === 'less') return tCdf(t, df);
  if (alternative === 'greater') return tCdf(-t, df);
  return tCdf(-Math.abs(t), df) * 2;
}

/** `scipy.stats.rankdata(x, 'average')`: 1-based ranks, ties get their mean rank. */
export function rankdata(x: ArrayLike): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  // stable sort like numpy's mergesort; NaN sorts last
  idx.sort((a, b) => cmpNumpy(x[a] as number, x[b] as number) || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = x[idx[i] as number] as number;
    while (j + 1 < n && sameValue(x[idx[j + 1] as number] as number, v)) j++;
    // average of 1-based ranks i+1 … j+1, as numpy computes 0.5·(count[d] + count[d−1] + 1)
    const r = 0.5 * (j + 1 + i + 1);
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** numpy sort order: NaN after everything. */
function cmpNumpy(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an && !bn) return 1;
  if (bn && !an) return -1;
  return 0;
}

// ---------------------------------------------------------------- one-way ANOVA

/** `scipy.stats.f_oneway(*groups)` (1.10). */
export function fOneway(...groups: ArrayLike[]): TestResult {
  if (groups.length < 2) {
    throw new SdkError(
      'E_VALIDATION',
      `f_oneway: at least two inputs are required; got ${groups.length}`,
      {
        path: 'groups',
      },
    );
  }
  if (groups.some((g) => g.length === 0) || groups.every((g) => g.length === 1)) {
    return { statistic: Number.NaN, pvalue: Number.NaN };
  }
  const k = groups.length;
  let bign = 0;
  for (const g of groups) bign += g.length;
  const all = new Float64Array(bign);
  let o = 0;
  for (const g of groups) for (let i = 0; i < g.length; i++) all[o++] = g[i] as number;
  const allConst = groups.every((g) => {
    for (let i = 0; i < g.length; i++) if ((g[i] as number) !== (g[0] as number)) return false;
    return true;
  });
  let allSame = true;
  for (let i = 0; i < bign; i++) if ((all[i] as number) !== (all[0] as number)) allSame = false;
  const offset = mean(all);
  const centred = new Float64Array(bign);
  const sq = new Float64Array(bign);
  for (let i = 0; i < bign; i++) {
    const c = (all[i] as number) - offset;
    centred[i] = c;
    sq[i] = c * c;
  }
  const s = sum(centred);
  const normalizedSs = (s * s) / bign;
  const sstot = sum(sq) - normalizedSs;
  let ssbn = 0;
  for (const g of groups) {
    const d = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) d[i] = (g[i] as number) - offset;
    const gs = sum(d);
    ssbn += (gs * gs) / g.length;
  }
  ssbn -= normalizedSs;
  const sswn = sstot - ssbn;
  const dfbn = k - 1;
  const dfwn = bign - k;
  const msb = ssbn / dfbn;
  const msw = sswn / dfwn;
  let f = msb / msw;
  let p = fSf(f, dfbn, dfwn);
  if (allSame) {
    f = Number.NaN;
    p = Number.NaN;
  } else if (allConst) {
    f = Number.POSITIVE_INFINITY;
    p = 0;
  }
  return { statistic: f, pvalue: p };
}

// ---------------------------------------------------------------- t-tests

/**
 * `scipy.stats.ttest_ind(a, b, equal_var, alternative)` (1.10, nan_policy='propagate').
 * scipy's default is `equalVar: true`; Welch's test is `equalVar: false`.
 * Empty input gives NaN as in scipy.
 */
export function ttestInd(
  a: ArrayLike,
  b: ArrayLike,
  options: { equalVar?: boolean; alternative?: Alternative } = {},
): TestResult & { df: number } {
  const equalVar = options.equalVar ?? true;
  const alternative = options.alternative ?? 'two-sided';
  if (a.length === 0 || b.length === 0)
    return { statistic: Number.NaN, pvalue: Number.NaN, df: Number.NaN };
  const n1 = a.length;
  const n2 = b.length;
  const v1 = variance(a, 1);
  const v2 = variance(b, 1);
  const m1 = mean(a);
  const m2 = mean(b);
  let df: number;
  let denom: number;
  if (equalVar) {
    df = n1 + n2 - 2;
    const svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
    denom = Math.sqrt(svar * (1 / n1 + 1 / n2));
  } else {
    const vn1 = v1 / n1;
    const vn2 = v2 / n2;
    df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1));
    if (Number.isNaN(df)) df = 1;
    denom = Math.sqrt(vn1 + vn2);
  }
  const t = (m1 - m2) / denom;
  return { statistic: t, pvalue: tPvalue(t, df, alternative), df };
}

/** `ttest_ind(a, b, equal_var=False)`: Welch's t-test. */
export function ttestIndWelch(
  a: ArrayLike,
  b: ArrayLike,
  alternative: Alternative = 'two-sided',
): TestResult {
  const r = ttestInd(a, b, { equalVar: false, alternative });
  return { statistic: r.statistic, pvalue: r.pvalue };
}

// ---------------------------------------------------------------- correlation and regression

function isConstant(x: ArrayLike): boolean {
  for (let i = 1; i < x.length; i++) if ((x[i] as number) !== (x[0] as number)) return false;
  return true;
}

/** `scipy.stats.pearsonr(x, y)` (1.10): constant input → NaN; n = 2 → (±1, 1). */
export function pearsonr(
  x: ArrayLike,
  y: ArrayLike,
  alternative: Alternative = 'two-sided',
): TestResult {
  requireSameLength(x, y, 'pearsonr');
  const n = x.length;
  if (n < 2)
    throw new SdkError('E_VALIDATION', 'pearsonr: x and y must have length at least 2', {
      path: 'x',
    });
  for (let i = 0; i < n; i++) {
    // scipy 1.10 raises here (scipy.linalg.norm checks for finite input) unless the input is constant
    if (!Number.isFinite(x[i] as number) || !Number.isFinite(y[i] as number)) {
      if (isConstant(x) || isConstant(y)) break;
      throw new SdkError('E_VALIDATION', 'pearsonr: array must not contain infs or NaNs', {
        path: 'x',
      });
    }
  }
  if (isConstant(x) || isConstant(y)) return { statistic: Number.NaN, pvalue: Number.NaN };
  if (n === 2) {
    const r =
      Math.sign((x[1] as number) - (x[0] as number)) *
      Math.sign((y[1] as number) - (y[0] as number));
    return { statistic: r, pvalue: 1 };
  }
  const xmean = mean(x);
  const ymean = mean(y);
  const xm = new Float64Array(n);
  const ym = new Float64Array(n);
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    xm[i] = (x[i] as number) - xmean;
    ym[i] = (y[i] as number) - ymean;
    sxx += (xm[i] as number) ** 2;
    syy += (ym[i] as number) ** 2;
  }
  const nx = Math.sqrt(sxx);
  const ny = Math.sqrt(syy);
  let r = 0;
  for (let i = 0; i < n; i++) r += ((xm[i] as number) / nx) * ((ym[i] as number) / ny);
  r = Math.max(Math.min(r, 1), -1);
  if (Number.isNaN(xmean) || Number.isNaN(ymean)) r = Number.NaN;
  const ab = n / 2 - 1;
  // beta(ab, ab, loc=−1, scale=2): sf(r) = I_{(1−r)/2}(ab, ab)
  const betaSf = (v: number): number => betainc(ab, ab, (1 - v) / 2);
  const betaCdf = (v: number): number => betainc(ab, ab, (1 + v) / 2);
  let p: number;
  if (alternative === 'two-sided') p = 2 * betaSf(Math.abs(r));
  else if (alternative === 'less') p = betaCdf(r);
  else p = betaSf(r);
  return { statistic: r, pvalue: p };
}

/** `scipy.stats.spearmanr(x, y)` (1.10): Pearson correlation of average ranks, t-based p-value. */
export function spearmanr(
  x: ArrayLike,
  y: ArrayLike,
  alternative: Alternative = 'two-sided',
): TestResult {
  requireSameLength(x, y, 'spearmanr');
  const n = x.length;
  if (n <= 1) return { statistic: Number.NaN, pvalue: Number.NaN };
  if (isConstant(x) || isConstant(y)) return { statistic: Number.NaN, pvalue: Number.NaN };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i] as number) || Number.isNaN(y[i] as number))
      return { statistic: Number.NaN, pvalue: Number.NaN };
  }
  const rx = rankdata(x);
  const ry = rankdata(y);
  // np.corrcoef: cov / sqrt(var_x var_y), clipped to [−1, 1]
  const mx = mean(rx);
  const my = mean(ry);
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - mx;
    const dy = (ry[i] as number) - my;
    cxy += dx * dy;
    cxx += dx * dx;
    cyy += dy * dy;
  }
  let rs = cxy / (n - 1) / Math.sqrt((cxx / (n - 1)) * (cyy / (n - 1)));
  rs = Math.max(Math.min(rs, 1), -1);
  const dof = n - 2;
  const t = rs * Math.sqrt(Math.max(dof / ((rs + 1) * (1 - rs)), 0));
  return { statistic: rs, pvalue: tPvalue(t, dof, alternative) };
}

export interface LinregressResult {
  slope: number;
  intercept: number;
  rvalue: number;
  pvalue: number;
  stderr: number;
  interceptStderr: number;
}

/** `scipy.stats.linregress(x, y)` (1.10). */
export function linregress(
  x: ArrayLike,
  y: ArrayLike,
  alternative: Alternative = 'two-sided',
): LinregressResult {
  requireSameLength(x, y, 'linregress');
  if (x.length === 0)
    throw new SdkError('E_VALIDATION', 'linregress: inputs must not be empty', { path: 'x' });
  const n = x.length;
  let xmax = Number.NEGATIVE_INFINITY;
  let xmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v > xmax || Number.isNaN(v)) xmax = v;
    if (v < xmin || Number.isNaN(v)) xmin = v;
  }
  if (xmax === xmin && n > 1) {
    throw new SdkError(
      'E_VALIDATION',
      'Cannot calculate a linear regression if all x values are identical',
      {
        path: 'x',
      },
    );
  }
  const xmean = mean(x);
  const ymean = mean(y);
  // np.cov(x, y, bias=1)
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dx[i] = (x[i] as number) - xmean;
    dy[i] = (y[i] as number) - ymean;
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (dx[i] as number) * (dx[i] as number);
    sxy += (dx[i] as number) * (dy[i] as number);
    syy += (dy[i] as number) * (dy[i] as number);
  }
  const ssxm = sxx / n;
  const ssxym = sxy / n;
  const ssym = syy / n;
  let r: number;
  if (ssxm === 0 || ssym === 0) r = 0;
  else {
    r = ssxym / Math.sqrt(ssxm * ssym);
    if (r > 1) r = 1;
    else if (r < -1) r = -1;
  }
  const slope = ssxym / ssxm;
  const intercept = ymean - slope * xmean;
  if (n === 2) {
    return {
      slope,
      intercept,
      rvalue: r,
      pvalue: (y[0] as number) === (y[1] as number) ? 1 : 0,
      stderr: 0,
      interceptStderr: 0,
    };
  }
  const TINY = 1e-20;
  const df = n - 2;
  const t = r * Math.sqrt(df / ((1 - r + TINY) * (1 + r + TINY)));
  const prob = tPvalue(t, df, alternative);
  const slopeStderr = Math.sqrt(((1 - r ** 2) * ssym) / ssxm / df);
  const interceptStderr = slopeStderr * Math.sqrt(ssxm + xmean ** 2);
  return { slope, intercept, rvalue: r, pvalue: prob, stderr: slopeStderr, interceptStderr };
}

/** `scipy.stats.zscore(x, ddof, nan_policy)`; constant input gives NaN everywhere, as in 1.10. */
export function zscore(
  x: ArrayLike,
  options: { ddof?: number; nanPolicy?: 'propagate' | 'omit' } = {},
): Float64Array {
  const ddof = options.ddof ?? 0;
  const nanPolicy = options.nanPolicy ?? 'propagate';
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let hasNaN = false;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i] as number)) hasNaN = true;
  let mn: number;
  let sd: number;
  let isconst: boolean;
  if (hasNaN && nanPolicy === 'omit') {
    const kept: number[] = [];
    for (let i = 0; i < n; i++) if (!Number.isNaN(x[i] as number)) kept.push(x[i] as number);
    mn = kept.length ? mean(kept) : Number.NaN;
    sd = kept.length ? Math.sqrt(variance(kept, ddof)) : Number.NaN;
    isconst = kept.length === 0 || kept.every((v) => v === kept[0]);
  } else {
    mn = mean(x);
    sd = Math.sqrt(variance(x, ddof));
    isconst = true;
    for (let i = 1; i < n; i++) if (!((x[i] as number) === (x[0] as number))) isconst = false;
  }
  for (let i = 0; i < n; i++) out[i] = isconst ? Number.NaN : ((x[i] as number) - mn) / sd;
  return out;
}

// ---------------------------------------------------------------- Kolmogorov–Smirnov two-sample

export interface Ks2sampResult extends TestResult {
  /** The observation at which the ECDF difference is largest. */
  statisticLocation: number;
  /** +1 when the first sample's ECDF is above the second's at the statistic. */
  statisticSign: 1 | -1;
  method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

function roundHalfEvenScalar(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

function outerProbInsideMethod(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(Math.max(lenA, n + 2)).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] as number;
}

function countPathsOutside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj === 0) return binom(m + n, n);
  const xj: number[] = [];
  for (let j = 0; j < lxj; j++) xj.push(Math.floor((h + mg * j + ng - 1) / ng));
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binom((xj[j] as number) + j, j);
    for (let i = 0; i < j; i++)
      Bj -= binom((xj[j] as number) - (xj[i] as number) + j - i, j - i) * (B[i] as number);
    B[j] = Bj;
  }
  let numPaths = 0;
  for (let j = 0; j < lxj; j++)
    numPaths += (B[j] as number) * binom(m - (xj[j] as number) + (n - j), n - j);
  return numPaths;
}

function attemptExact(
  n1: number,
  n2: number,
  g: number,
  dIn: number,
  alternative: Alternative,
): { success: boolean; d: number; prob: number } {
  const lcm = Math.floor(n1 / g) * n2;
  const h = roundHalfEvenScalar(dIn * lcm);
  const d = (h * 1.0) / lcm;
  if (h === 0) return { success: true, d, prob: 1 };
  let prob: number;
  if (alternative === 'two-sided') {
    prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInsideMethod(n1, n2, g, h);
  } else if (n1 === n2) {
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1);
  } else {
    const numPaths = countPathsOutside(n1, n2, g, h);
    const bin = binom(n1 + n2, n1);
    if (!Number.isFinite(numPaths) || !Number.isFinite(bin) || numPaths > bin) {
      return { success: false, d, prob: Number.NaN };
    }
    prob = numPaths / bin;
  }
  if (!Number.isFinite(prob)) return { success: false, d, prob: Number.NaN };
  if (!(prob >= 0 && prob <= 1)) return { success: false, d, prob };
  return { success: true, d, prob };
}

/**
 * `scipy.stats.ks_2samp(a, b, alternative, method)` as in scipy 1.10: method 'auto' is exact when
 * max(n1, n2) ≤ 10000, falling back to the asymptotic `kstwo` distribution if the exact
 * computation fails. Empty input throws.
 */
export function ks2samp(
  a: ArrayLike,
  b: ArrayLike,
  options: { alternative?: Alternative; method?: 'auto' | 'exact' | 'asymp' } = {},
): Ks2sampResult {
  const alternative = options.alternative ?? 'two-sided';
  let mode = options.method ?? 'auto';
  const data1 = sortedFloat64(a);
  const data2 = sortedFloat64(b);
  const n1 = data1.length;
  const n2 = data2.length;
  if (Math.min(n1, n2) === 0) {
    throw new SdkError('E_VALIDATION', 'Data passed to ks_2samp must not be empty', {
      path: n1 === 0 ? 'a' : 'b',
    });
  }
  // cdf1 − cdf2 at every observation of [data1, data2] (numpy's searchsorted 'right' / n), found by
  // walking both sorted samples once instead of materialising the two ECDF arrays.
  let argmin = 0;
  let argmax = 0;
  let vmin = Number.POSITIVE_INFINITY;
  let vmax = Number.NEGATIVE_INFINITY;
  for (let part = 0; part < 2; part++) {
    const own = part === 0 ? data1 : data2;
    const other = part === 0 ? data2 : data1;
    const lenOwn = own.length;
    const lenOther = other.length;
    let pOwn = 0;
    let pOther = 0;
    for (let i = 0; i < lenOwn; i++) {
      const v = own[i] as number;
      if (Number.isNaN(v)) {
        pOwn = lenOwn;
        pOther = lenOther;
      } else {
        if (pOwn <= i) pOwn = i + 1;
        while (pOwn < lenOwn && (own[pOwn] as number) <= v) pOwn++;
        while (pOther < lenOther && (other[pOther] as number) <= v) pOther++;
      }
      const d = part === 0 ? pOwn / n1 - pOther / n2 : pOther / n1 - pOwn / n2;
      const idx = part * n1 + i;
      if (d < vmin) {
        vmin = d;
        argmin = idx;
      }
      if (d > vmax) {
        vmax = d;
        argmax = idx;
      }
    }
  }
  const at = (i: number): number => (i < n1 ? (data1[i] as number) : (data2[i - n1] as number));
  const minS = Math.min(Math.max(-vmin, 0), 1);
  const maxS = vmax;
  let d: number;
  let loc: number;
  let sign: 1 | -1;
  if (alternative === 'less' || (alternative === 'two-sided' && minS > maxS)) {
    d = minS;
    loc = at(argmin);
    sign = -1;
  } else {
    d = maxS;
    loc = at(argmax);
    sign = 1;
  }
  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  let prob = Number.NEGATIVE_INFINITY;
  if (mode === 'auto') mode = Math.max(n1, n2) <= 10000 ? 'exact' : 'asymp';
  else if (mode === 'exact' && n1g >= 2147483647 / n2g) mode = 'asymp';
  if (mode === 'exact') {
    const r = attemptExact(n1, n2, g, d, alternative);
    d = r.d;
    prob = r.prob;
    if (!r.success) mode = 'asymp';
  }
  if (mode === 'asymp') {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') {
      prob = kstwoSf(d, roundHalfEvenScalar(en));
    } else {
      const z = Math.sqrt(en) * d;
      const expt = -2 * z ** 2 - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3.0;
      prob = Math.exp(expt);
    }
  }
  prob = Math.min(Math.max(prob, 0), 1);
  return { statistic: d, pvalue: prob, statisticLocation: loc, statisticSign: sign, method: mode };
}

/** `ks2samp` that returns NaN instead of throwing on empty input (the Allen SDK's guard). */
export function nonraisingKs2samp(a: ArrayLike, b: ArrayLike): TestResult {
  if (a.length === 0 || b.length === 0) return { statistic: Number.NaN, pvalue: Number.NaN };
  const r = ks2samp(a, b);
  return { statistic: r.statistic, pvalue: r.pvalue };
}

// ---------------------------------------------------------------- χ² tests

/** `scipy.stats.chisquare(f_obs, f_exp, ddof)` (Pearson, lambda=1). */
export function chisquare(fObs: ArrayLike, fExp?: ArrayLike, ddof = 0): TestResult {
  const k = fObs.length;
  const obs = toF64(fObs);
  let exp: Float64Array;
  if (fExp !== undefined) {
    if (fExp.length !== k) {
      throw new SdkError(
        'E_VALIDATION',
        `chisquare: f_obs and f_exp lengths differ (${k} vs ${fExp.length})`,
        {
          path: 'f_exp',
        },
      );
    }
    exp = toF64(fExp);
    const so = sum(obs);
    const se = sum(exp);
    const rel = Math.abs(so - se) / Math.min(so, se);
    if (rel > 1e-8) {
      throw new SdkError(
        'E_VALIDATION',
        `chisquare: the sum of the observed frequencies must agree with the sum of the expected frequencies to a relative tolerance of 1e-08 (relative difference ${rel})`,
        { path: 'f_exp' },
      );
    }
  } else {
    exp = new Float64Array(k).fill(mean(obs));
  }
  const terms = new Float64Array(k);
  for (let i = 0; i < k; i++)
    terms[i] = ((obs[i] as number) - (exp[i] as number)) ** 2 / (exp[i] as number);
  const stat = sum(terms);
  return { statistic: stat, pvalue: chi2Sf(stat, k - 1 - ddof) };
}

export interface Chi2ContingencyResult extends TestResult {
  dof: number;
  expected: Float64Array[];
}

/** `scipy.stats.chi2_contingency(observed, correction=True)` for a 2-D table (rows of counts). */
export function chi2Contingency(
  observed: readonly ArrayLike[],
  options: { correction?: boolean } = {},
): Chi2ContingencyResult {
  const correction = options.correction ?? true;
  const r = observed.length;
  if (r === 0 || (observed[0] as ArrayLike).length === 0) {
    throw new SdkError('E_VALIDATION', 'No data; `observed` has size 0.', { path: 'observed' });
  }
  const c = (observed[0] as ArrayLike).length;
  for (const row of observed) {
    if (row.length !== c)
      throw new SdkError('E_VALIDATION', 'observed must be a rectangular table', {
        path: 'observed',
      });
    for (let j = 0; j < c; j++) {
      if ((row[j] as number) < 0) {
        throw new SdkError('E_VALIDATION', 'All values in `observed` must be nonnegative.', {
          path: 'observed',
        });
      }
    }
  }
  const rowSums = new Float64Array(r);
  const colSums = new Float64Array(c);
  const flat = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) flat[i * c + j] = (observed[i] as ArrayLike)[j] as number;
  }
  // scipy's margins(): np.apply_over_axes(np.sum, …) per axis
  for (let i = 0; i < r; i++) rowSums[i] = sum(flat.subarray(i * c, (i + 1) * c));
  for (let j = 0; j < c; j++) {
    const col = new Float64Array(r);
    for (let i = 0; i < r; i++) col[i] = flat[i * c + j] as number;
    colSums[j] = sum(col);
  }
  const total = sum(flat);
  const expected: Float64Array[] = [];
  const expFlat = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = new Float64Array(c);
    for (let j = 0; j < c; j++) {
      row[j] = ((rowSums[i] as number) * (colSums[j] as number)) / total;
      expFlat[i * c + j] = row[j] as number;
      if (row[j] === 0) {
        throw new SdkError(
          'E_VALIDATION',
          `The internally computed table of expected frequencies has a zero element at (${i}, ${j}).`,
          { path: 'observed' },
        );
      }
    }
    expected.push(row);
  }
  const dof = r * c - (r + c) + 2 - 1;
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected };
  const obs = Float64Array.from(flat);
  if (dof === 1 && correction) {
    for (let i = 0; i < obs.length; i++) {
      const diff = (expFlat[i] as number) - (obs[i] as number);
      obs[i] = (obs[i] as number) + Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
    }
  }
  const terms = new Float64Array(obs.length);
  for (let i = 0; i < obs.length; i++)
    terms[i] = ((obs[i] as number) - (expFlat[i] as number)) ** 2 / (expFlat[i] as number);
  const stat = sum(terms);
  return { statistic: stat, pvalue: chi2Sf(stat, dof), dof, expected };
}

// ---------------------------------------------------------------- rank tests

function mwuPmfCounts(m: number, n: number, kmax: number): Float64Array {
  // number of arrangements with U = k, by the recursion f(m,n,k) = f(m−1,n,k−n) + f(m,n−1,k)
  // evaluated bottom-up over m; identical integers to scipy's memoised recursion.
  let prev: Float64Array[] = [];
  for (let nn = 0; nn <= n; nn++) {
    const row = new Float64Array(kmax + 1);
    row[0] = 1; // m = 0: only k = 0
    prev.push(row);
  }
  for (let mm = 1; mm <= m; mm++) {
    const cur: Float64Array[] = [];
    for (let nn = 0; nn <= n; nn++) {
      const row = new Float64Array(kmax + 1);
      for (let k = 0; k <= kmax; k++) {
        if (k > mm * nn) break;
        if (k === 0) {
          row[0] = 1;
          continue;
        }
        const a = k - nn >= 0 ? ((prev[nn] as Float64Array)[k - nn] as number) : 0;
        const b = nn >= 1 ? ((cur[nn - 1] as Float64Array)[k] as number) : 0;
        row[k] = a + b;
      }
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n] as Float64Array;
}

/** `scipy.stats.mannwhitneyu(x, y, use_continuity=True, alternative, method='auto')` (1.10). */
export function mannwhitneyu(
  x: ArrayLike,
  y: ArrayLike,
  options: {
    useContinuity?: boolean;
    alternative?: Alternative;
    method?: 'auto' | 'exact' | 'asymptotic';
  } = {},
): TestResult {
  const useContinuity = options.useContinuity ?? true;
  const alternative = options.alternative ?? 'two-sided';
  let method = options.method ?? 'auto';
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0)
    throw new SdkError('E_VALIDATION', '`x` and `y` must be of nonzero size.', { path: 'x' });
  const xy = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) xy[i] = x[i] as number;
  for (let i = 0; i < n2; i++) xy[n1 + i] = y[i] as number;
  for (let i = 0; i < xy.length; i++) {
    if (Number.isNaN(xy[i] as number)) return { statistic: Number.NaN, pvalue: Number.NaN };
  }
  const ranks = rankdata(xy);
  if (method === 'auto') {
    if (n1 > 8 && n2 > 8) method = 'asymptotic';
    else {
      const s = Float64Array.from(xy).sort();
      let ties = false;
      for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) ties = true;
      method = ties ? 'asymptotic' : 'exact';
    }
  }
  const R1 = sum(ranks.subarray(0, n1));
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  let U: number;
  let f: number;
  if (alternative === 'greater') {
    U = U1;
    f = 1;
  } else if (alternative === 'less') {
    U = U2;
    f = 1;
  } else {
    U = Math.max(U1, U2);
    f = 2;
  }
  let p: number;
  if (method === 'exact') {
    const k = n1 * n2 - Math.trunc(U);
    const counts = mwuPmfCounts(n1, n2, k);
    const total = binom(n1 + n2, n1);
    let c = 0;
    for (let i = 0; i <= k; i++) c += (counts[i] as number) / total;
    p = c;
  } else {
    const mu = (n1 * n2) / 2;
    const n = n1 + n2;
    const s = Float64Array.from(ranks).sort();
    let tieTerm = 0;
    let i = 0;
    while (i < s.length) {
      let j = i;
      while (j + 1 < s.length && s[j + 1] === s[i]) j++;
      const t = j - i + 1;
      tieTerm += t ** 3 - t;
      i = j + 1;
    }
    const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    let num = U - mu;
    if (useContinuity) num -= 0.5;
    p = normSf(num / sd);
  }
  p *= f;
  p = Math.min(Math.max(p, 0), 1);
  return { statistic: U1, pvalue: p };
}

/**
 * `scipy.stats.wilcoxon(x, y?, zero_method='wilcox', correction=False, alternative, mode='auto')`
 * (1.10): exact when n ≤ 50 and no zero differences, otherwise the normal approximation.
 */
export function wilcoxon(
  x: ArrayLike,
  y?: ArrayLike,
  options: {
    zeroMethod?: 'wilcox' | 'pratt' | 'zsplit';
    correction?: boolean;
    alternative?: Alternative;
    mode?: 'auto' | 'exact' | 'approx';
  } = {},
): TestResult {
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  const correction = options.correction ?? false;
  const alternative = options.alternative ?? 'two-sided';
  let mode = options.mode ?? 'auto';
  let d: Float64Array;
  if (y === undefined) d = toF64(x).slice();
  else {
    requireSameLength(x, y, 'wilcoxon');
    d = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) d[i] = (x[i] as number) - (y[i] as number);
  }
  for (let i = 0; i < d.length; i++)
    if (Number.isNaN(d[i] as number)) return { statistic: Number.NaN, pvalue: Number.NaN };
  if (d.length === 0) return { statistic: Number.NaN, pvalue: Number.NaN };
  if (mode === 'auto') mode = d.length <= 50 ? 'exact' : 'approx';
  let nZero = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) nZero++;
  if (nZero > 0 && mode === 'exact') mode = 'approx';
  if (mode === 'approx') {
    if ((zeroMethod === 'wilcox' || zeroMethod === 'pratt') && nZero === d.length) {
      throw new SdkError(
        'E_VALIDATION',
        "zero_method 'wilcox' and 'pratt' do not work if x - y is zero for all elements.",
        {
          path: 'x',
        },
      );
    }
    if (zeroMethod === 'wilcox') d = d.filter((v) => v !== 0);
  }
  const count = d.length;
  const absd = d.map(Math.abs);
  let r = rankdata(absd);
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < count; i++) {
    if ((d[i] as number) > 0) rPlus += r[i] as number;
    if ((d[i] as number) < 0) rMinus += r[i] as number;
  }
  if (zeroMethod === 'zsplit') {
    let rZero = 0;
    for (let i = 0; i < count; i++) if (d[i] === 0) rZero += r[i] as number;
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const T = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  let prob: number;
  if (mode === 'approx') {
    let mn = count * (count + 1) * 0.25;
    let se = count * (count + 1) * (2 * count + 1);
    if (zeroMethod === 'pratt') {
      r = r.filter((_, i) => d[i] !== 0);
      mn -= nZero * (nZero + 1) * 0.25;
      se -= nZero * (nZero + 1) * (2 * nZero + 1);
    }
    const sr = Float64Array.from(r).sort();
    let rep = 0;
    let i = 0;
    while (i < sr.length) {
      let j = i;
      while (j + 1 < sr.length && sr[j + 1] === sr[i]) j++;
      const c = j - i + 1;
      if (c > 1) rep += c * (c * c - 1);
      i = j + 1;
    }
    se -= 0.5 * rep;
    se = Math.sqrt(se / 24);
    let dc = 0;
    if (correction) {
      if (alternative === 'two-sided') dc = 0.5 * Math.sign(T - mn);
      else if (alternative === 'less') dc = -0.5;
      else dc = 0.5;
    }
    const z = (T - mn - dc) / se;
    if (alternative === 'two-sided') prob = 2 * normSf(Math.abs(z));
    else if (alternative === 'greater') prob = normSf(z);
    else prob = normCdf(z);
  } else {
    let c = new Float64Array([1]);
    for (let k = 1; k <= count; k++) {
      const next = new Float64Array((k * (k + 1)) / 2 + 1);
      const m = c.length;
      for (let i = 0; i < m; i++) next[i] = (c[i] as number) * 0.5;
      const off = next.length - m;
      for (let i = 0; i < m; i++)
        next[off + i] = (next[off + i] as number) + (c[i] as number) * 0.5;
      c = next;
    }
    const rp = Math.trunc(rPlus);
    const lessSum = (): number => sum(c.subarray(0, rp + 1));
    const greaterSum = (): number => sum(c.subarray(rp));
    if (alternative === 'two-sided') {
      prob = rp === Math.floor((c.length - 1) / 2) ? 1 : 2 * Math.min(greaterSum(), lessSum());
    } else if (alternative === 'greater') prob = greaterSum();
    else prob = lessSum();
    prob = Math.min(Math.max(prob, 0), 1);
  }
  return { statistic: T, pvalue: prob };
}

// ---------------------------------------------------------------- multiple comparisons

export type MultipleTestsMethod = 'hs' | 'holm-sidak' | 'bonferroni' | 'holm' | 'sidak' | 'fdr_bh';

/** statsmodels `multipletests(p, alpha, method)` (default 'hs', Holm–Šidák). */
export function multipletests(
  pvals: ArrayLike,
  alpha = 0.05,
  method: MultipleTestsMethod = 'hs',
): { reject: boolean[]; pvalsCorrected: Float64Array; alphacSidak: number; alphacBonf: number } {
  const m = pvals.length;
  const order = Array.from({ length: m }, (_, i) => i).sort(
    (a, b) => cmpNumpy(pvals[a] as number, pvals[b] as number) || a - b,
  );
  const p = order.map((i) => pvals[i] as number);
  const alphacSidak = m > 0 ? 1 - (1 - alpha) ** (1 / m) : Number.NaN;
  const alphacBonf = m > 0 ? alpha / m : Number.NaN;
  let reject: boolean[];
  let corr: number[];
  const stepDown = (notreject: boolean[]): boolean[] => {
    const first = notreject.indexOf(true);
    return notreject.map((_, i) => !(first >= 0 && i >= first));
  };
  const cummax = (v: number[]): number[] => {
    let acc = Number.NEGATIVE_INFINITY;
    return v.map((x) => {
      acc = Number.isNaN(acc) || Number.isNaN(x) ? Number.NaN : Math.max(acc, x);
      return acc;
    });
  };
  switch (method) {
    case 'bonferroni':
      reject = p.map((v) => v <= alphacBonf);
      corr = p.map((v) => v * m);
      break;
    case 'sidak':
      reject = p.map((v) => v <= alphacSidak);
      corr = p.map((v) => -Math.expm1(m * Math.log1p(-v)));
      break;
    case 'hs':
    case 'holm-sidak':
      reject = stepDown(p.map((v, i) => v > 1 - (1 - alpha) ** (1 / (m - i))));
      corr = cummax(p.map((v, i) => -Math.expm1((m - i) * Math.log1p(-v))));
      break;
    case 'holm':
      reject = stepDown(p.map((v, i) => v > alpha / (m - i)));
      corr = cummax(p.map((v, i) => v * (m - i)));
      break;
    case 'fdr_bh': {
      const ecdf = p.map((_, i) => (i + 1) / m);
      reject = p.map((v, i) => v <= (ecdf[i] as number) * alpha);
      const last = reject.lastIndexOf(true);
      for (let i = 0; i < last; i++) reject[i] = true;
      const raw = p.map((v, i) => v / (ecdf[i] as number));
      corr = new Array<number>(m);
      let acc = Number.POSITIVE_INFINITY;
      for (let i = m - 1; i >= 0; i--) {
        const x = raw[i] as number;
        acc = Number.isNaN(acc) || Number.isNaN(x) ? Number.NaN : Math.min(acc, x);
        corr[i] = acc;
      }
      break;
    }
    default:
      throw new SdkError(
        'E_VALIDATION',
        `multipletests: method not recognized: ${String(method)}`,
        { path: 'method' },
      );
  }
  const pvalsCorrected = new Float64Array(m);
  const rejectOut = new Array<boolean>(m).fill(false);
  for (let k = 0; k < m; k++) {
    const v = corr[k] as number;
    pvalsCorrected[order[k] as number] = Math.min(v, 1);
    rejectOut[order[k] as number] = reject[k] as boolean;
  }
  return { reject: rejectOut, pvalsCorrected, alphacSidak, alphacBonf };
}

/** Holm–Šidák corrected p-values (statsmodels `multipletests(method='hs')`). */
export function multipletestsHolmSidak(
  pvals: ArrayLike,
  alpha = 0.05,
): { reject: boolean[]; pvalsCorrected: Float64Array } {
  const r = multipletests(pvals, alpha, 'hs');
  return { reject: r.reject, pvalsCorrected: r.pvalsCorrected };
}
