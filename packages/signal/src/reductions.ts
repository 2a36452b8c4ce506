// Reductions with numpy 1.23 semantics. Sums follow numpy's pairwise summation exactly (the
// unrolled 8-accumulator block of `pairwise_sum` in loops_utils.h, applied per 8192-element
// buffer), so long-array means agree with the reference to the last bit rather than to ~1e-13.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';
import { sortedFloat64 } from './ordering-sort.js';

const PW_BLOCKSIZE = 128;

/** numpy `pairwise_sum` over `x[offset .. offset+n)`. */
function pairwiseSum(x: ArrayLike, offset: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += x[offset + i] as number;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = x[offset] as number;
    let r1 = x[offset + 1] as number;
    let r2 = x[offset + 2] as number;
    let r3 = x[offset + 3] as number;
    let r4 = x[offset + 4] as number;
    let r5 = x[offset + 5] as number;
    let r6 = x[offset + 6] as number;
    let r7 = x[offset + 7] as number;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const o = offset + i;
      r0 += x[o] as number;
      r1 += x[o + 1] as number;
      r2 += x[o + 2] as number;
      r3 += x[o + 3] as number;
      r4 += x[o + 4] as number;
      r5 += x[o + 5] as number;
      r6 += x[o + 6] as number;
      r7 += x[o + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += x[offset + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(x, offset, n2) + pairwiseSum(x, offset + n2, n - n2);
}

/** numpy's reduction iterator hands the add loop at most one buffer (8192 elements) at a time. */
const REDUCE_BUFSIZE = 8192;

/** `np.sum` of a 1-D float64 array (pairwise summation within 8192-element blocks). Empty → 0. */
export function sum(x: ArrayLike): number {
  // numpy starts the reduction from the identity 0 and adds each block's pairwise sum in turn.
  let res = 0;
  for (let off = 0; off < x.length; off += REDUCE_BUFSIZE) {
    res += pairwiseSum(x, off, Math.min(REDUCE_BUFSIZE, x.length - off));
  }
  return res;
}

/** `np.mean`: `sum/n`. Empty → NaN (numpy warns "Mean of empty slice"). */
export function mean(x: ArrayLike): number {
  return sum(x) / x.length;
}

function checkDdof(ddof: number): void {
  if (!Number.isFinite(ddof))
    throw new SdkError('E_VALIDATION', `ddof must be finite, got ${ddof}`, { path: 'ddof' });
}

/** `np.var(x, ddof)`: mean, deviations, squared, pairwise-summed, divided by `max(n−ddof, 0)`. */
export function variance(x: ArrayLike, ddof = 0): number {
  checkDdof(ddof);
  const n = x.length;
  const m = sum(x) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - m;
    sq[i] = d * d;
  }
  return sum(sq) / Math.max(n - ddof, 0);
}

/** `np.std(x, ddof)`; ddof defaults to 0 as in numpy (pandas and `sem` use 1: pass it). */
export function std(x: ArrayLike, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/** `np.nansum`: NaN counted as 0 (in place, so the pairwise grouping matches numpy). */
export function nansum(x: ArrayLike): number {
  return sum(replaceNaN(x).values);
}

function replaceNaN(x: ArrayLike): { values: Float64Array; count: number } {
  const values = new Float64Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) values[i] = 0;
    else {
      values[i] = v;
      count++;
    }
  }
  return { values, count };
}

/** `np.nanmean`: NaN replaced by 0 in place, summed, divided by the count of non-NaN. All-NaN → NaN. */
export function nanmean(x: ArrayLike): number {
  const { values, count } = replaceNaN(x);
  return sum(values) / count;
}

/** `np.nanvar(x, ddof)`; NaN when `count − ddof ≤ 0`. */
export function nanvariance(x: ArrayLike, ddof = 0): number {
  checkDdof(ddof);
  const { values, count } = replaceNaN(x);
  const avg = sum(values) / count;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(x[i] as number)) continue;
    const d = (values[i] as number) - avg;
    values[i] = d * d;
  }
  const dof = count - ddof;
  if (dof <= 0) return Number.NaN;
  return sum(values) / dof;
}

/** `np.nanstd(x, ddof)`. */
export function nanstd(x: ArrayLike, ddof = 0): number {
  return Math.sqrt(nanvariance(x, ddof));
}

/** `scipy.stats.sem(x)` with its default ddof=1: `std(ddof)/√n`. */
export function sem(x: ArrayLike, ddof = 1): number {
  return std(x, ddof) / Math.sqrt(x.length);
}

function sortedCopy(x: ArrayLike): Float64Array {
  return sortedFloat64(x);
}

function dropNaN(x: ArrayLike): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) out.push(v);
  }
  return Float64Array.from(out);
}

function medianOfSorted(s: Float64Array): number {
  const n = s.length;
  if (n === 0) return Number.NaN;
  if (Number.isNaN(s[n - 1] as number)) return Number.NaN;
  const h = n >> 1;
  if (n % 2 === 1) return s[h] as number;
  // np.mean of the two middle values: (0 + a + b) / 2
  return (0 + (s[h - 1] as number) + (s[h] as number)) / 2;
}

/** `np.median`: even n → mean of the two middle values; any NaN → NaN; empty → NaN. */
export function median(x: ArrayLike): number {
  return medianOfSorted(sortedCopy(x));
}

/** `np.nanmedian`: the median of the non-NaN values; all-NaN or empty → NaN. */
export function nanmedian(x: ArrayLike): number {
  return medianOfSorted(dropNaN(x).sort());
}

function checkQuantile(q: number, scale: number): number {
  const f = q / scale;
  if (!(f >= 0 && f <= 1)) {
    throw new SdkError(
      'E_VALIDATION',
      scale === 100
        ? `Percentiles must be in the range [0, 100], got ${q}`
        : `Quantiles must be in the range [0, 1], got ${q}`,
      { path: 'q' },
    );
  }
  return f;
}

/** numpy 1.23 `_quantile(method='linear')` on an ascending array (NaN last). */
function quantileOfSorted(s: Float64Array, q: number): number {
  const n = s.length;
  if (n === 0) {
    throw new SdkError('E_VALIDATION', 'cannot take a percentile of an empty array', { path: 'x' });
  }
  if (Number.isNaN(s[n - 1] as number)) return Number.NaN;
  const virtual = (n - 1) * q;
  let prev = Math.floor(virtual);
  let next = prev + 1;
  if (virtual >= n - 1) {
    prev = -1;
    next = -1;
  }
  const a = s[prev < 0 ? n + prev : prev] as number;
  const b = s[next < 0 ? n + next : next] as number;
  const gamma = virtual - prev;
  const diff = b - a;
  // numpy `_lerp`: a + diff·t, or b − diff·(1−t) when t ≥ 0.5
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** `np.percentile(x, q)` (method 'linear'); q in [0, 100]; any NaN → NaN; empty throws. */
export function percentile(x: ArrayLike, q: number): number {
  return quantileOfSorted(sortedCopy(x), checkQuantile(q, 100));
}

/** `np.percentile(x, [q…])`: several percentiles with one sort. */
export function percentiles(x: ArrayLike, qs: ArrayLike): Float64Array {
  const s = sortedCopy(x);
  const out = new Float64Array(qs.length);
  for (let i = 0; i < qs.length; i++)
    out[i] = quantileOfSorted(s, checkQuantile(qs[i] as number, 100));
  return out;
}

/** `np.quantile(x, q)` (method 'linear'); q in [0, 1]. */
export function quantile(x: ArrayLike, q: number): number {
  return quantileOfSorted(sortedCopy(x), checkQuantile(q, 1));
}

/** `np.nanpercentile(x, q)`: percentile of the non-NaN values; empty or all-NaN → NaN. */
export function nanpercentile(x: ArrayLike, q: number): number {
  const f = checkQuantile(q, 100);
  const s = dropNaN(x).sort();
  // numpy returns NaN (with a RuntimeWarning) for empty and all-NaN input
  if (s.length === 0) return Number.NaN;
  return quantileOfSorted(s, f);
}

/** allensdk `dff.robust_std`: `1.4826·median(|x − median(x)|)`. */
export function robustStd(x: ArrayLike): number {
  const m = median(x);
  const dev = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dev[i] = Math.abs((x[i] as number) - m);
  return 1.4826 * median(dev);
}

/**
 * allensdk `stimulus_sync.trimmed_stats`: mean and population std of the values with
 * `p_lo ≤ x ≤ p_hi` (linear percentiles, inclusive).
 */
export function trimmedStats(
  x: ArrayLike,
  pctiles: readonly [number, number] = [10, 90],
): { mean: number; std: number } {
  const s = sortedCopy(x);
  const low = quantileOfSorted(s, checkQuantile(pctiles[0], 100));
  const high = quantileOfSorted(s, checkQuantile(pctiles[1], 100));
  const kept: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v <= high && v >= low) kept.push(v);
  }
  return { mean: mean(kept), std: std(kept) };
}

/** `np.min` / `np.max` with NaN propagation; empty throws like numpy. */
export function min(x: ArrayLike): number {
  if (x.length === 0)
    throw new SdkError('E_VALIDATION', 'zero-size array to reduction operation minimum', {
      path: 'x',
    });
  let m = x[0] as number;
  for (let i = 1; i < x.length; i++) {
    const v = x[i] as number;
    if (v < m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return m;
  }
  return m;
}

export function max(x: ArrayLike): number {
  if (x.length === 0)
    throw new SdkError('E_VALIDATION', 'zero-size array to reduction operation maximum', {
      path: 'x',
    });
  let m = x[0] as number;
  for (let i = 1; i < x.length; i++) {
    const v = x[i] as number;
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) return m;
  }
  return m;
}
