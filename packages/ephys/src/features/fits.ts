// Exponential fits of allensdk.ephys.ephys_features (scipy curve_fit = MINPACK lmdif via @sdk/signal).
import { isSdkError } from '@sdk/core';
import { curveFit, mean } from '@sdk/signal';
import { calculateDvdt, findTimeIndex } from './dvdt.js';
import { FeatureError } from './errors.js';
import { maxOf, polyfit1, type Samples } from './numeric.js';

/** True for scipy's `RuntimeError` ("Optimal parameters not found"), which allensdk catches. */
function isFitFailure(e: unknown): boolean {
  return isSdkError(e) && e.message.startsWith('Optimal parameters not found');
}

function slice(x: Samples, a: number, b: number): Float64Array {
  return Float64Array.from(Array.prototype.slice.call(x, a, b) as number[]);
}

/**
 * `fit_membrane_time_constant`: fits `y0 + a·exp(−inv_tau·x)` to `v` over `[idx(start), idx(end))`
 * (x from 0). Returns `[a, inv_tau, y0]`, or NaNs when the fit fails or when allensdk's check
 * `sqrt(mean(pred − v)) > minRsme` rejects it (literally so: a negative mean gives NaN, which passes).
 */
export function fitMembraneTimeConstant(
  v: Samples,
  t: Samples,
  start: number,
  end: number,
  opts: { minRsme?: number } = {},
): [number, number, number] {
  const minRsme = opts.minRsme ?? 1e-4;
  const si = findTimeIndex(t, start);
  const ei = findTimeIndex(t, end);
  // numpy subtracts two float32 elements in float32
  const d = (v[si] as number) - (v[ei] as number);
  const guess = [v instanceof Float32Array ? Math.fround(d) : d, 50, v[ei] as number];
  const t0 = t[si] as number;
  const tw = slice(t, si, ei).map((x) => x - t0);
  const vw = slice(v, si, ei);
  const model = (x: Float64Array, p: Float64Array): Float64Array => {
    const a = p[0] as number;
    const invTau = p[1] as number;
    const y0 = p[2] as number;
    return x.map((xi) => y0 + a * Math.exp(-invTau * xi));
  };
  let popt: Float64Array;
  try {
    popt = curveFit(model, tw, vw, { p0: guess }).popt;
  } catch (e) {
    if (isFitFailure(e)) return [Number.NaN, Number.NaN, Number.NaN];
    throw e;
  }
  const pred = model(tw, popt);
  const resid = pred.map((p, k) => p - (vw[k] as number));
  const rsme = Math.sqrt(mean(resid));
  if (rsme > minRsme) return [Number.NaN, Number.NaN, Number.NaN];
  return [popt[0] as number, popt[1] as number, popt[2] as number];
}

/**
 * `fit_prespike_time_constant`: the dominant time constant (s) of the voltage rise between `start`
 * and the first spike, from a double-exponential fit seeded by a log-linear single-exponential fit.
 */
export function fitPrespikeTimeConstant(
  v: Samples,
  t: Samples,
  start: number,
  spikeTime: number,
  opts: { dvLimit?: number; tauLimit?: number } = {},
): number {
  const dvLimit = opts.dvLimit ?? -0.001;
  const tauLimit = opts.tauLimit ?? 0.3;
  const si = findTimeIndex(t, start);
  const ei = findTimeIndex(t, spikeTime);
  if (ei <= si)
    throw new FeatureError('Start for pre-spike time constant fit cannot be after the spike time.');
  const vs = slice(v, si, ei);
  const ts = slice(t, si, ei);
  const y0 = maxOf(vs) + 5e-6;
  const y = vs.map((x) => Math.log(-x + y0));
  const dy = calculateDvdt(y, ts, 1.0);
  let newEnd = vs.length;
  for (let k = 0; k < dy.length; k++) {
    if ((dy[k] as number) <= dvLimit) {
      // cut the fit where the voltage starts to drop, unless that is too early
      if ((ts[k] as number) - (ts[0] as number) >= 0.0005) newEnd = k;
      break;
    }
  }
  const tsRel = ts.map((x) => x - (ts[0] as number));
  const [K, aLog] = polyfit1(tsRel.subarray(0, newEnd), y.subarray(0, newEnd));
  const A = Math.exp(aLog);
  const model = (x: Float64Array, p: Float64Array): Float64Array => {
    const [a1, tau1, a2, tau2] = p as unknown as [number, number, number, number];
    const penalty = tau1 < 0 || tau2 < 0 ? 1e6 : 0;
    return x.map((xi) => y0 + a1 * Math.exp(-xi / tau1) + a2 * Math.exp(-xi / tau2) + penalty);
  };
  let popt: Float64Array;
  try {
    popt = curveFit(model, tsRel, vs, { p0: [-A / 2, -1 / K, -A / 2, -1 / K] }).popt;
  } catch (e) {
    if (isFitFailure(e)) return -1 / K; // fall back to the single-exponential estimate
    throw e;
  }
  const [p0, p1, p2, p3] = popt as unknown as [number, number, number, number];
  const [fastW, fastTau, slowW, slowTau] = p1 < p3 ? [p0, p1, p2, p3] : [p2, p3, p0, p1];
  // empirical rules of allensdk
  if (Math.abs(fastW) > Math.abs(slowW)) return fastTau;
  if ((slowTau - fastTau) / slowTau <= 0.1) return slowTau;
  if (slowTau > tauLimit && slowW / fastW < 2) return fastTau;
  return slowTau;
}
