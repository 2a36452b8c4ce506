// Pauses and bursts in a spike train (allensdk.ephys.ephys_features detect_pauses / detect_bursts).
import { mean, median, std, sum } from '@sdk/signal';
import { FeatureError } from './errors.js';
import { argmin, minOf } from './numeric.js';
import type { IsiType } from './spikes.js';

/**
 * `detect_pauses`: unusually long ISIs (detour resets, or direct ones longer than 3× the median
 * direct ISI) among direct resets, added greedily while they lower the ISI CV enough to pay for
 * `costWeight`. Returns the sorted pause indexes.
 */
export function detectPauses(
  isis: readonly number[],
  isiTypes: readonly IsiType[],
  costWeight = 1,
): number[] {
  if (isis.length !== isiTypes.length) throw new FeatureError('Wrong number of ISIs');
  if (!isiTypes.some((x) => x === 'direct')) return [];
  const direct = isis.filter((_, k) => isiTypes[k] === 'direct');
  const medianDirect = median(direct);
  const candidates: number[] = [];
  isiTypes.forEach((x, k) => {
    if (x === 'detour') candidates.push(k);
  });
  isiTypes.forEach((x, k) => {
    if (x === 'direct' && (isis[k] as number) > 3 * medianDirect) candidates.push(k);
  });
  if (candidates.length === 0) return [];

  let pauseList: number[] = [];
  const allCv = std(isis) / mean(isis);
  let bestNet = 0;
  for (const i of candidates) {
    const temp = [...pauseList, i];
    const tempSet = new Set(temp);
    const nonPause = isis.filter((_, k) => !tempSet.has(k));
    if (nonPause.length < 2) break;
    const npStd = std(nonPause);
    const npMean = mean(nonPause);
    const cv = npStd / npMean;
    const benefit = allCv - cv;
    let cost = sum(temp.map((k) => npStd / Math.abs(npMean - (isis[k] as number))));
    cost *= costWeight;
    const net = benefit - cost;
    if (net > 0 && net < bestNet) break;
    if (net > bestNet) bestNet = net;
    pauseList = temp;
  }
  if (bestNet <= 0) pauseList = [];
  return [...pauseList].sort((a, b) => a - b);
}

/** A burst: `[burstiness index, first ISI, ISI after the burst]`. */
export type Burst = [number, number, number];

function burstinessIndex(inBurst: readonly number[], outBurst: readonly number[]): number {
  const burstRate = 1 / minOf(inBurst);
  const outRate = 1 / minOf(outBurst);
  return (burstRate - outRate) / (burstRate + outRate);
}

function scoreBurstSet(
  bursts: readonly (readonly [number, number])[],
  isis: readonly number[],
  deltaT: readonly number[],
  cN = 0.1,
  cTx = 0.01,
): number[] {
  const inBurst = isis.map(() => false);
  for (const [a, b] of bursts) for (let k = a; k < Math.min(b, isis.length); k++) inBurst[k] = true;
  const outside = isis.filter((_, k) => !inBurst[k]);
  if (outside.length === 0) return bursts.map(() => -1e12);
  const deltaFrac = deltaT.map((d, k) => d / (isis[k] as number));
  return bursts.map(([a, b]) => {
    let score = burstinessIndex(isis.slice(a, b), outside);
    if (b < deltaT.length) score -= cTx * (1 / (deltaFrac[b] as number)); // cost of the transition out
    if (a > 0) score -= cTx * (1 / (deltaFrac[a - 1] as number)); // cost of the transition in
    score -= cN * (b - a - 1); // cost of extending a burst
    return score;
  });
}

export interface BurstOptions {
  /** Tolerance between slow-trough and threshold voltages for mid-burst detours (mV); default 0.5. */
  tol?: number;
  /** `costWeight` of the pause detection; default 1. */
  pauseCost?: number;
}

/**
 * `detect_bursts` with list semantics (allensdk 2.16.2 raises under Python 3 once a burst candidate
 * exists, because it lists a `zip` it has already consumed; this follows the intended algorithm, as
 * ipfx does). The trough and threshold arrays have one entry per spike (n ISIs + 1).
 */
export function detectBursts(
  isis: readonly number[],
  isiTypesIn: readonly IsiType[],
  fastTrV: readonly number[],
  fastTrT: readonly number[],
  slowTrV: readonly number[],
  slowTrT: readonly number[],
  thrV: readonly number[],
  opts: BurstOptions = {},
): Burst[] {
  const tol = opts.tol ?? 0.5;
  if (isis.length !== isiTypesIn.length) throw new FeatureError('Wrong number of ISIs');
  if (isis.length < 2) return [];
  const n = isis.length;
  const fastT = fastTrT.slice(0, -1);
  const slowV = slowTrV.slice(0, -1);
  const slowT = slowTrT.slice(0, -1);
  void fastTrV;
  const types: IsiType[] = [...isiTypesIn];

  // burst transitions cannot be at pause-like ISIs
  for (const k of detectPauses(isis, types, opts.pauseCost ?? 1)) types[k] = 'pauselike';
  if (!(types.some((x) => x === 'direct') && types.some((x) => x === 'detour'))) return [];

  // a detour in the middle of a burst: the slow trough stays above the previous threshold
  for (let k = 0; k < n; k++) {
    if ((thrV[k] as number) < (slowV[k] as number) + tol && types[k] === 'detour')
      types[k] = 'midburst';
  }

  let into: number[] = [];
  if (types[0] === 'direct') into.push(0);
  for (let k = 1; k < n; k++) if (types[k] === 'direct' && types[k - 1] === 'detour') into.push(k);

  const dropInto = new Set<number>();
  const outOf: number[] = [];
  into.forEach((start, j) => {
    const next = into[j + 1] ?? n;
    for (let k = start + 1; k < next; k++) {
      if (types[k] === 'detour') {
        outOf.push(k);
        break;
      }
      if (types[k] === 'pauselike') {
        dropInto.add(j);
        break;
      }
    }
  });
  into = into.filter((_, j) => !dropInto.has(j));
  if (outOf.length === into.length - 1) outOf.push(n);
  if (into.length === 0 && outOf.length === 0) return [];
  if (into.length !== outOf.length)
    throw new FeatureError('Inconsistent burst boundary identification');

  let pairs: [number, number][] = into.map((a, j) => [a, outOf[j] as number]);
  const deltaT = slowT.map((s, k) => s - (fastT[k] as number));

  let scores = scoreBurstSet(pairs, isis, deltaT);
  let bestScore = mean(scores);
  let worst = argmin(scores);
  const test = [...pairs];
  test.splice(worst, 1);
  while (test.length > 0) {
    scores = scoreBurstSet(test, isis, deltaT);
    const m = mean(scores);
    if (m > bestScore) {
      bestScore = m;
      pairs = [...test];
      worst = argmin(scores);
      test.splice(worst, 1);
    } else break;
  }
  if (bestScore < 0) return [];

  return pairs.map(([a, b], i): Burst => {
    let metric: number;
    if (i === pairs.length - 1) {
      if (b <= n - 1) metric = burstinessIndex(isis.slice(a, b), isis.slice(b));
      else if (i === 0) metric = burstinessIndex(isis.slice(a, b), isis.slice(0, a));
      else
        metric = burstinessIndex(
          isis.slice(a, b),
          isis.slice((pairs[i - 1] as [number, number])[1], a),
        );
    } else {
      metric = burstinessIndex(
        isis.slice(a, b),
        isis.slice(b, (pairs[i + 1] as [number, number])[0]),
      );
    }
    return [metric, a, b];
  });
}
