// Circular statistics: scipy.stats.circmean/circvar/circstd (1.10 definitions, nan_policy
// 'propagate') and the Allen SDK's resultant-vector helpers.
import { SdkError } from './errors.js';
import type { ArrayLike } from './ndarray.js';
import { sum } from './reductions.js';

function sinCos(
  samples: ArrayLike,
  high: number,
  low: number,
): { s: Float64Array; c: Float64Array } {
  const n = samples.length;
  const s = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (((samples[i] as number) - low) * 2 * Math.PI) / (high - low);
    s[i] = Math.sin(a);
    c[i] = Math.cos(a);
  }
  return { s, c };
}

/** `scipy.stats.circmean(samples, high=2π, low=0)`: result in [low, high). Empty → NaN. */
export function circmean(samples: ArrayLike, high = 2 * Math.PI, low = 0): number {
  if (samples.length === 0) return Number.NaN;
  const { s, c } = sinCos(samples, high, low);
  let res = Math.atan2(sum(s), sum(c));
  if (res < 0) res += 2 * Math.PI;
  return (res * (high - low)) / 2.0 / Math.PI + low;
}

function resultant(samples: ArrayLike, high: number, low: number): number {
  const { s, c } = sinCos(samples, high, low);
  const n = samples.length;
  return Math.min(1, Math.hypot(sum(s) / n, sum(c) / n));
}

/** `scipy.stats.circvar` as defined in scipy ≥ 1.8: `1 − R` (R = mean resultant length). */
export function circvar(samples: ArrayLike, high = 2 * Math.PI, low = 0): number {
  if (samples.length === 0) return Number.NaN;
  return 1 - resultant(samples, high, low);
}

/** `scipy.stats.circstd`: `√(−2 ln R)·(high−low)/2π`. */
export function circstd(samples: ArrayLike, high = 2 * Math.PI, low = 0): number {
  if (samples.length === 0) return Number.NaN;
  return Math.sqrt(-2 * Math.log(resultant(samples, high, low))) * ((high - low) / (2 * Math.PI));
}

/** `atan2(mean sin θ, mean cos θ)` in (−π, π] (the Allen SDK's phase mean). */
export function circularMean(theta: ArrayLike): number {
  const { s, c } = sinCos(theta, 2 * Math.PI, 0);
  const n = theta.length;
  return Math.atan2(sum(s) / n, sum(c) / n);
}

/** Mean resultant length `√(C̄² + S̄²)`. */
export function resultantLength(theta: ArrayLike): number {
  const { s, c } = sinCos(theta, 2 * Math.PI, 0);
  const n = theta.length;
  const sm = sum(s) / n;
  const cm = sum(c) / n;
  return Math.sqrt(cm * cm + sm * sm);
}

/**
 * `|Σ r_k e^{i·h·θ_k}| / Σ r_k` (OSI with h=2, DSI with h=1; the Allen SDK's "circular variance",
 * which is 1 − circular variance). NaN when Σr = 0 or the lengths differ.
 */
export function vectorStrength(theta: ArrayLike, r: ArrayLike, harmonic = 1): number {
  if (theta.length !== r.length) return Number.NaN;
  if (!Number.isFinite(harmonic))
    throw new SdkError('E_VALIDATION', 'harmonic must be finite', { path: 'harmonic' });
  let re = 0;
  let im = 0;
  let tot = 0;
  for (let i = 0; i < theta.length; i++) {
    const w = r[i] as number;
    const a = harmonic * (theta[i] as number);
    re += w * Math.cos(a);
    im += w * Math.sin(a);
    tot += w;
  }
  if (tot === 0) return Number.NaN;
  return Math.hypot(re, im) / tot;
}
