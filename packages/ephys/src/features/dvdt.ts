import { bessel, filtfilt } from '@sdk/signal';
import { FeatureError } from './errors.js';
import { isClose, type Samples, toF64 } from './numeric.js';

/** `find_time_index`: the first index with `t ≥ t0`; FeatureError when there is none. */
export function findTimeIndex(t: Samples, t0: number): number {
  for (let k = 0; k < t.length; k++) if ((t[k] as number) >= t0) return k;
  throw new FeatureError(`Could not find given time in time vector (t0 = ${t0})`);
}

/** `has_fixed_dt`: every step equals the first within numpy `allclose` tolerances. */
export function hasFixedDt(t: Samples): boolean {
  if (t.length < 2) throw new FeatureError('a time vector needs at least two samples');
  const dt0 = (t[1] as number) - (t[0] as number);
  for (let k = 1; k < t.length; k++) {
    const dt = (t[k] as number) - (t[k - 1] as number);
    if (!isClose(dt, dt0)) return false;
  }
  return true;
}

/**
 * `calculate_dvdt`: dV/dt in V/s (= mV/ms) of `v` (mV) over `t` (s), after a 4-pole Bessel
 * low-pass (`filter` kHz, applied forward and backward) when a filter is given and the sampling is
 * uniform. Length n−1; NaN values (zero time steps) are removed, which shifts later indexes.
 */
export function calculateDvdt(v: Samples, t: Samples, filter?: number | null): Float64Array {
  const n = v.length;
  let vs: Float64Array = toF64(v);
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
    const { b, a } = bessel(4, filtCoeff, { btype: 'low' });
    vs = filtfilt(b, a, vs);
  }
  const out = new Float64Array(Math.max(0, n - 1));
  let m = 0;
  for (let k = 0; k + 1 < n; k++) {
    const dv = (vs[k + 1] as number) - (vs[k] as number);
    const dt = (t[k + 1] as number) - (t[k] as number);
    const d = (1e-3 * dv) / dt;
    if (!Number.isNaN(d)) out[m++] = d;
  }
  return m === out.length ? out : out.slice(0, m);
}
