import { bessel, filtfilt } from '@sdk/signal';
import { FeatureError } from './errors.js';
import { isClose, type Samples, toF64 } from './numeric.js';
import { checkedFacts, isCheckedIncreasing } from './time-check.js';

/** `find_time_index`: the first index with `t ≥ t0`; FeatureError when there is none. */
export function findTimeIndex(t: Samples, t0: number): number {
  if (isCheckedIncreasing(t)) {
    // sorted: the first t ≥ t0 by bisection (a NaN t0 matches nothing, as in the scan)
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((t[mid] as number) >= t0) hi = mid;
      else lo = mid + 1;
    }
    if (lo < t.length && (t[lo] as number) >= t0) return lo;
  } else if (t instanceof Float64Array) {
    // monomorphic typed scan: this runs once per spike on 10⁵-sample traces
    for (let k = 0; k < t.length; k++) if ((t[k] as number) >= t0) return k;
  } else {
    for (let k = 0; k < t.length; k++) if ((t[k] as number) >= t0) return k;
  }
  throw new FeatureError(`Could not find given time in time vector (t0 = ${t0})`);
}

/** `has_fixed_dt`: every step equals the first within numpy `allclose` tolerances. */
export function hasFixedDt(t: Samples): boolean {
  if (t.length < 2) throw new FeatureError('a time vector needs at least two samples');
  const facts = checkedFacts(t);
  if (facts) {
    facts.fixedDt ??= hasFixedDtF64(t as Float64Array);
    return facts.fixedDt;
  }
  if (t instanceof Float64Array) return hasFixedDtF64(t);
  const dt0 = (t[1] as number) - (t[0] as number);
  for (let k = 1; k < t.length; k++) {
    const dt = (t[k] as number) - (t[k - 1] as number);
    if (!isClose(dt, dt0)) return false;
  }
  return true;
}

/** hasFixedDt on a Float64Array, with `isClose(dt, dt0)` (rtol 1e-5, atol 1e-8) inlined. */
function hasFixedDtF64(t: Float64Array): boolean {
  const dt0 = (t[1] as number) - (t[0] as number);
  if (!Number.isFinite(dt0)) {
    for (let k = 1; k < t.length; k++) {
      const dt = (t[k] as number) - (t[k - 1] as number);
      if (!isClose(dt, dt0)) return false;
    }
    return true;
  }
  const tol = 1e-8 + 1e-5 * Math.abs(dt0);
  for (let k = 1; k < t.length; k++) {
    const dt = (t[k] as number) - (t[k - 1] as number);
    // isClose: equal, or both finite and |dt − dt0| ≤ tol; a NaN dt fails the comparison
    if (dt !== dt0 && !(Math.abs(dt - dt0) <= tol)) return false;
  }
  return true;
}

// The Bessel design depends only on the normalised cutoff: one design per cutoff, reused.
const besselCache = new Map<number, { b: Float64Array; a: Float64Array }>();

function lowpassBessel4(wn: number): { b: Float64Array; a: Float64Array } {
  let c = besselCache.get(wn);
  if (c === undefined) {
    const { b, a } = bessel(4, wn, { btype: 'low' });
    c = { b: Float64Array.from(b), a: Float64Array.from(a) };
    if (besselCache.size >= 64) besselCache.clear();
    besselCache.set(wn, c);
  }
  return c;
}

/**
 * `calculate_dvdt`: dV/dt in V/s (= mV/ms) of `v` (mV) over `t` (s), after a 4-pole Bessel
 * low-pass (`filter` kHz, applied forward and backward) when a filter is given and the sampling is
 * uniform. Length n−1; NaN values (zero time steps) are removed, which shifts later indexes.
 * With `work` (at least n + 30 values) the filtering happens there and the result is a view of
 * it, valid until `work` is used again.
 */
export function calculateDvdt(
  v: Samples,
  t: Samples,
  filter?: number | null,
  work?: Float64Array,
): Float64Array {
  const n = v.length;
  const vs: Float64Array = toF64(v);
  if (hasFixedDt(t) && filter) {
    const deltaT = (t[1] as number) - (t[0] as number);
    const sampleFreq = 1 / deltaT;
    const filtCoeff = (filter * 1e3) / (sampleFreq / 2);
    if (filtCoeff < 0 || filtCoeff >= 1) {
      throw new FeatureError(
        `bessel coeff (${filtCoeff}) is outside of valid range [0,1); cannot filter sampling frequency ${(sampleFreq / 1e3).toFixed(1)} kHz with cutoff frequency ${filter} kHz.`,
        { path: 'filter' },
      );
    }
    const { b, a } = lowpassBessel4(filtCoeff);
    // the filtered samples are ours: dV/dt overwrites them (sample k is read before slot k is written)
    const filtered = filtfilt(b, a, vs, work ? { work } : {});
    return dvdtOfSamples(filtered, toF64(t), n, filtered);
  }
  return dvdtOfSamples(vs, toF64(t), n, new Float64Array(Math.max(0, n - 1)));
}

/** `1e-3·diff(v)/diff(t)` over the first n samples into `out` (may be vs), NaN quotients dropped. */
function dvdtOfSamples(
  vs: Float64Array,
  ts: Float64Array,
  n: number,
  out: Float64Array,
): Float64Array {
  let m = 0;
  for (let k = 0; k + 1 < n; k++) {
    const dv = (vs[k + 1] as number) - (vs[k] as number);
    const dt = (ts[k + 1] as number) - (ts[k] as number);
    const d = (1e-3 * dv) / dt;
    if (!Number.isNaN(d)) out[m++] = d;
  }
  return out.subarray(0, m);
}
