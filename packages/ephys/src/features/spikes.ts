// Spike detection and per-spike landmarks: allensdk.ephys.ephys_features, step by step.
import { mean } from '@sdk/signal';
import { calculateDvdt, findTimeIndex } from './dvdt.js';
import { FeatureError } from './errors.js';
import { argmaxRange, argminRange, isFalsy, reverseRange, type Samples } from './numeric.js';

export interface DetectOptions {
  /** Start of the detection window (s); default `t[0]`. */
  start?: number | null;
  /** End of the detection window (s); default `t[-1]`. */
  end?: number | null;
  /** Bessel low-pass cutoff (kHz); default 10; 0/null: no filtering. */
  filter?: number | null;
  /** dV/dt that qualifies as a spike (V/s); default 20. */
  dvCutoff?: number;
  /** Scratch buffer for filtering the window (see `calculateDvdt`); overwritten. */
  work?: Float64Array;
}

/** Options of the steps that reuse a precomputed dV/dt. */
export interface DvdtOptions {
  filter?: number | null;
  /** dV/dt of the whole trace (`calculateDvdt(v, t, filter)`); computed when absent. */
  dvdt?: Float64Array;
}

function dvdtOf(v: Samples, t: Samples, opts: DvdtOptions): Float64Array {
  return opts.dvdt ?? calculateDvdt(v, t, opts.filter === undefined ? 10 : opts.filter);
}

function anyBelowZero(x: Samples, from: number, to: number): boolean {
  const end = Math.min(to, x.length);
  for (let k = Math.max(0, from); k < end; k++) if ((x[k] as number) < 0) return true;
  return false;
}

/** `x[from:to]` as a Float64Array (the same float64 values; a view of a Float64Array). */
function copyRange(x: Samples, from: number, to: number): Float64Array {
  const end = Math.min(to, x.length);
  // a view is enough: the callers only read the window
  if (x instanceof Float64Array) return x.subarray(from, Math.max(from, end));
  const out = new Float64Array(Math.max(0, end - from));
  for (let k = from; k < end; k++) out[k - from] = x[k] as number;
  return out;
}

/** `detect_putative_spikes`: upward crossings of `dvCutoff` in the window, in trace indexes. */
export function detectPutativeSpikes(v: Samples, t: Samples, opts: DetectOptions = {}): number[] {
  if (v.length !== t.length)
    throw new FeatureError('Voltage and time series do not have the same dimensions');
  const start = opts.start ?? (t[0] as number);
  const end = opts.end ?? (t[t.length - 1] as number);
  const filter = opts.filter === undefined ? 10 : opts.filter;
  const dvCutoff = opts.dvCutoff ?? 20;
  const si = findTimeIndex(t, start);
  const ei = findTimeIndex(t, end);
  // a typed copy: Array.prototype.slice on a typed array is a slow generic path
  const vw = copyRange(v, si, ei + 1);
  const tw = copyRange(t, si, ei + 1);
  const dvdt = calculateDvdt(vw, tw, filter, opts.work);
  const cands: number[] = [];
  for (let k = 0; k + 1 < dvdt.length; k++) {
    if (!((dvdt[k] as number) >= dvCutoff) && (dvdt[k + 1] as number) >= dvCutoff) cands.push(k);
  }
  if (cands.length <= 1) return cands.map((k) => k + si);
  const kept = [cands[0] as number];
  for (let j = 1; j < cands.length; j++) {
    // dV/dt must have gone negative since the previous candidate (kept or not)
    if (anyBelowZero(dvdt, cands[j - 1] as number, cands[j] as number))
      kept.push(cands[j] as number);
  }
  return kept.map((k) => k + si);
}

/** `find_peak_indexes`: the voltage maximum between each spike and the next (or `end`). */
export function findPeakIndexes(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  opts: { end?: number | null } = {},
): number[] {
  const end = isFalsy(opts.end) ? (t[t.length - 1] as number) : opts.end;
  const endIndex = findTimeIndex(t, end);
  return spikeIndexes.map((spk, k) => argmaxRange(v, spk, spikeIndexes[k + 1] ?? endIndex));
}

export interface FilterSpikesOptions extends DvdtOptions {
  /** Minimum threshold-to-peak height (mV); default 2. */
  minHeight?: number;
  /** Minimum peak voltage (mV); default −30. */
  minPeak?: number;
}

/**
 * `filter_putative_spikes`: merges events whose dV/dt never goes negative between a peak and the
 * next spike, then drops peaks below `minPeak` and events shorter than `minHeight`.
 */
export function filterPutativeSpikes(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  peakIndexes: readonly number[],
  opts: FilterSpikesOptions = {},
): { spikeIndexes: number[]; peakIndexes: number[] } {
  if (spikeIndexes.length === 0 || peakIndexes.length === 0)
    return { spikeIndexes: [], peakIndexes: [] };
  const dvdt = dvdtOf(v, t, opts);
  const minHeight = opts.minHeight ?? 2;
  const minPeak = opts.minPeak ?? -30;
  const n = Math.min(peakIndexes.length - 1, spikeIndexes.length - 1);
  const diffMask: boolean[] = [];
  for (let k = 0; k < n; k++) {
    diffMask.push(anyBelowZero(dvdt, peakIndexes[k] as number, spikeIndexes[k + 1] as number));
  }
  let peaks = peakIndexes.filter((_, k) => (k < n ? diffMask[k] : true));
  let spikes = spikeIndexes.filter((_, k) => (k === 0 ? true : (diffMask[k - 1] ?? true)));
  if (peaks.length !== spikes.length) {
    throw new FeatureError('spike and peak indexes do not pair up', { path: 'peakIndexes' });
  }
  const level = peaks.map((p) => (v[p] as number) >= minPeak);
  spikes = spikes.filter((_, k) => level[k]);
  peaks = peaks.filter((_, k) => level[k]);
  const height = peaks.map(
    (p, k) => (v[p] as number) - (v[spikes[k] as number] as number) >= minHeight,
  );
  return {
    spikeIndexes: spikes.filter((_, k) => height[k]),
    peakIndexes: peaks.filter((_, k) => height[k]),
  };
}

/** `find_upstroke_indexes`: the dV/dt maximum between each spike and its peak. */
export function findUpstrokeIndexes(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  peakIndexes: readonly number[],
  opts: DvdtOptions = {},
): number[] {
  const dvdt = dvdtOf(v, t, opts);
  const n = Math.min(spikeIndexes.length, peakIndexes.length);
  const out: number[] = [];
  for (let k = 0; k < n; k++)
    out.push(argmaxRange(dvdt, spikeIndexes[k] as number, peakIndexes[k] as number));
  return out;
}

function meanAt(x: Samples, idx: readonly number[]): number {
  return mean(idx.map((k) => x[k] as number));
}

/** First `k` in `x[a:b:-1]` (from `a` down, `b` excluded) with `x[k] ≤ target`, or −1. */
function scanBack(x: Samples, a: number, b: number, target: number): number {
  const [hi, lo] = reverseRange(x.length, a, b);
  for (let k = hi; k >= lo; k--) if ((x[k] as number) <= target) return k;
  return -1;
}

/**
 * `refine_threshold_indexes`: scanning back from each upstroke to the previous one, the first
 * point whose dV/dt is at most `threshFrac` × the mean upstroke.
 */
export function refineThresholdIndexes(
  v: Samples,
  t: Samples,
  upstrokeIndexes: readonly number[],
  opts: DvdtOptions & { threshFrac?: number } = {},
): number[] {
  if (upstrokeIndexes.length === 0) return [];
  const dvdt = dvdtOf(v, t, opts);
  const target = meanAt(dvdt, upstrokeIndexes) * (opts.threshFrac ?? 0.05);
  return upstrokeIndexes.map((upstk, k) => {
    const prev = k === 0 ? 0 : (upstrokeIndexes[k - 1] as number);
    const found = scanBack(dvdt, upstk, prev, target);
    return found < 0 ? prev : found;
  });
}

export interface CheckOptions extends DvdtOptions {
  end?: number | null;
  /** Longest allowed threshold-to-peak time (s); default 0.005. */
  maxInterval?: number;
  threshFrac?: number;
  /** How close to threshold the last spike must return (mV); default 1. */
  tol?: number;
}

export interface CheckedSpikes {
  spikeIndexes: number[];
  peakIndexes: number[];
  upstrokeIndexes: number[];
  clipped: boolean[];
}

/**
 * `check_thresholds_and_peaks`: merges overlapping spikes, re-finds thresholds (or peaks) of
 * spikes whose peak is too late, and marks the last spike clipped when the voltage does not come
 * back near threshold before `end`.
 */
export function checkThresholdsAndPeaks(
  v: Samples,
  t: Samples,
  spikeIndexesIn: readonly number[],
  peakIndexesIn: readonly number[],
  upstrokeIndexesIn: readonly number[],
  opts: CheckOptions = {},
): CheckedSpikes {
  const end = isFalsy(opts.end) ? (t[t.length - 1] as number) : opts.end;
  const maxInterval = opts.maxInterval ?? 0.005;
  const threshFrac = opts.threshFrac ?? 0.05;
  const tol = opts.tol ?? 1;
  let spikes = [...spikeIndexesIn];
  let peaks = [...peakIndexesIn];
  let upstrokes = [...upstrokeIndexesIn];

  const overlaps: number[] = [];
  for (let k = 0; k + 1 < Math.min(spikes.length, peaks.length); k++) {
    if ((spikes[k + 1] as number) <= (peaks[k] as number) + 1) overlaps.push(k);
  }
  if (overlaps.length) {
    const dropSpike = new Set(overlaps.map((k) => k + 1));
    const dropPeak = new Set(overlaps);
    spikes = spikes.filter((_, k) => !dropSpike.has(k));
    peaks = peaks.filter((_, k) => !dropPeak.has(k));
    upstrokes = upstrokes.filter((_, k) => !dropPeak.has(k));
  }

  const tooLong: number[] = [];
  const n = Math.min(spikes.length, peaks.length);
  for (let k = 0; k < n; k++) {
    if ((t[peaks[k] as number] as number) - (t[spikes[k] as number] as number) >= maxInterval)
      tooLong.push(k);
  }
  if (tooLong.length) {
    const dvdt = dvdtOf(v, t, opts);
    const target = meanAt(dvdt, upstrokes) * threshFrac;
    const drop: number[] = [];
    for (const k of tooLong) {
      const peak = peaks[k] as number;
      let t0 = findTimeIndex(t, (t[peak] as number) - maxInterval);
      const found = scanBack(dvdt, upstrokes[k] as number, t0, target);
      if (found < 0) {
        // the threshold may be right and the peak wrong: look in twice the allowed window
        const spike = spikes[k] as number;
        t0 = findTimeIndex(t, (t[spike] as number) + 2 * maxInterval);
        const newPeak = argmaxRange(v, spike, t0);
        const next = spikes[k + 1];
        if (
          (t[newPeak] as number) - (t[spike] as number) < maxInterval &&
          (k === spikes.length - 1 || (t[newPeak] as number) < (t[next as number] as number))
        ) {
          peaks[k] = newPeak;
        } else {
          drop.push(k);
        }
      } else {
        spikes[k] = found;
      }
    }
    if (drop.length) {
      const d = new Set(drop);
      spikes = spikes.filter((_, k) => !d.has(k));
      peaks = peaks.filter((_, k) => !d.has(k));
      upstrokes = upstrokes.filter((_, k) => !d.has(k));
    }
  }

  const clipped = spikes.map(() => false);
  const endIndex = findTimeIndex(t, end);
  if (spikes.length > 0) {
    const lastPeak = peaks[peaks.length - 1] as number;
    const level = (v[spikes[spikes.length - 1] as number] as number) + tol;
    let returned = false;
    const stop = Math.min(endIndex + 1, v.length);
    for (let k = lastPeak; k < stop; k++) {
      if ((v[k] as number) <= level) {
        returned = true;
        break;
      }
    }
    if (!returned) clipped[clipped.length - 1] = true;
  }
  return { spikeIndexes: spikes, peakIndexes: peaks, upstrokeIndexes: upstrokes, clipped };
}

/**
 * `find_trough_indexes`: the voltage minimum between each peak and the next spike; the last one
 * up to `end` (exclusive), NaN when that spike is clipped.
 */
export function findTroughIndexes(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  peakIndexes: readonly number[],
  opts: { clipped?: readonly boolean[]; end?: number | null } = {},
): number[] {
  if (spikeIndexes.length === 0 || peakIndexes.length === 0) return [];
  const clipped = opts.clipped ?? spikeIndexes.map(() => false);
  const end = opts.end ?? (t[t.length - 1] as number);
  const endIndex = findTimeIndex(t, end);
  const n = spikeIndexes.length;
  const out: number[] = new Array(n).fill(0);
  for (let k = 0; k < n - 1; k++)
    out[k] = argminRange(v, peakIndexes[k] as number, spikeIndexes[k + 1] as number);
  if (clipped[clipped.length - 1]) out[n - 1] = Number.NaN;
  else {
    const lastPeak = peakIndexes[peakIndexes.length - 1] as number;
    out[n - 1] = argminRange(v, lastPeak, endIndex);
  }
  return out;
}

/** `find_downstroke_indexes`: the dV/dt minimum between each unclipped peak and its trough. */
export function findDownstrokeIndexes(
  v: Samples,
  t: Samples,
  peakIndexes: readonly number[],
  troughIndexes: readonly number[],
  opts: DvdtOptions & { clipped?: readonly boolean[] } = {},
): number[] {
  if (troughIndexes.length === 0) return [];
  const dvdt = dvdtOf(v, t, opts);
  const clipped = opts.clipped ?? peakIndexes.map(() => false);
  if (peakIndexes.length < troughIndexes.length)
    throw new FeatureError('Cannot have more troughs than peaks');
  return peakIndexes.map((peak, k) => {
    if (clipped[k]) return Number.NaN;
    const trough = troughIndexes[k];
    if (trough === undefined || Number.isNaN(trough)) {
      throw new FeatureError(`spike ${k} is not clipped but has no trough`, {
        path: 'troughIndexes',
      });
    }
    return argminRange(dvdt, peak, trough);
  });
}

/**
 * `find_widths`: full width at half height between the peak and the (fast) trough; where that
 * level falls below threshold, at half the threshold-to-peak height. NaN when undefined.
 */
export function findWidths(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  peakIndexes: readonly number[],
  troughIndexes: readonly number[],
  opts: { clipped?: readonly boolean[] } = {},
): number[] {
  if (spikeIndexes.length === 0 || peakIndexes.length === 0) return [];
  if (spikeIndexes.length < troughIndexes.length)
    throw new FeatureError('Cannot have more troughs than spikes');
  const clipped = opts.clipped ?? spikeIndexes.map(() => false);
  return troughIndexes.map((tr, k) => {
    if (Number.isNaN(tr) || clipped[k]) return Number.NaN;
    const pk = peakIndexes[k] as number;
    const spk = spikeIndexes[k] as number;
    const vPk = v[pk] as number;
    const vTr = v[tr] as number;
    const vSpk = v[spk] as number;
    let level = (vPk - vTr) / 2 + vTr;
    if (level < vSpk) level = (vPk - vSpk) / 2 + vSpk;
    let start = Number.NaN;
    const [hi, lo] = reverseRange(v.length, pk, spk);
    for (let j = hi; j >= lo; j--) {
      if ((v[j] as number) <= level) {
        start = j;
        break;
      }
    }
    let stop = Number.NaN;
    for (let j = pk; j < Math.min(tr, v.length); j++) {
      if ((v[j] as number) <= level) {
        stop = j;
        break;
      }
    }
    if (Number.isNaN(start) || Number.isNaN(stop)) return Number.NaN;
    return (t[stop] as number) - (t[start] as number);
  });
}

export interface TroughDetailOptions extends DvdtOptions {
  clipped?: readonly boolean[];
  end?: number | null;
  /** Cutoff of the filter used for the ADP search (kHz); default 1. */
  heavyFilter?: number;
  /** Scratch buffer for the heavily filtered dV/dt (see `calculateDvdt`); overwritten. */
  work?: Float64Array;
  termFrac?: number;
  adpThresh?: number;
  tol?: number;
  flatInterval?: number;
  adpMaxDeltaT?: number;
  adpMaxDeltaV?: number;
}

/** An ISI reset type: `'direct'`, `'detour'`, the string `'nan'` (undetermined next to determined ones) or NaN. */
export type IsiType = string | number;

export interface TroughDetails {
  isiTypes: IsiType[];
  fastTroughIndexes: number[];
  adpIndexes: number[];
  slowTroughIndexes: number[];
  clipped: boolean[];
}

/**
 * `analyze_trough_details`: the fast trough (end of the spike), an afterdepolarisation and the
 * slow trough of each unclipped spike, and whether the reset is `direct` or a `detour`.
 */
export function analyzeTroughDetails(
  v: Samples,
  t: Samples,
  spikeIndexes: readonly number[],
  peakIndexes: readonly number[],
  opts: TroughDetailOptions = {},
): TroughDetails {
  const end = opts.end ?? (t[t.length - 1] as number);
  const endIndex = findTimeIndex(t, end);
  const clipped = opts.clipped ? [...opts.clipped] : peakIndexes.map(() => false);
  const termFrac = opts.termFrac ?? 0.01;
  const adpThresh = opts.adpThresh ?? 0.5;
  const tol = opts.tol ?? 0.5;
  const flatInterval = opts.flatInterval ?? 0.002;
  const adpMaxDeltaT = opts.adpMaxDeltaT ?? 0.005;
  const adpMaxDeltaV = opts.adpMaxDeltaV ?? 10;
  const origLen = peakIndexes.length;
  const validSpikes = spikeIndexes.filter((_, k) => !clipped[k]);
  const validPeaks = peakIndexes.filter((_, k) => !clipped[k]);
  const dvdt = dvdtOf(v, t, opts);
  const dvdtHvy = calculateDvdt(v, t, opts.heavyFilter ?? 1, opts.work);

  const isiTypes: IsiType[] = [];
  const fast: number[] = [];
  const adp: number[] = [];
  const slow: number[] = [];
  const updateClipped: boolean[] = [];
  const firstFrom = (
    x: Samples,
    from: number,
    to: number,
    pred: (y: number) => boolean,
  ): number => {
    const stop = Math.min(to, x.length);
    for (let k = from; k < stop; k++) if (pred(x[k] as number)) return k;
    return -1;
  };

  validPeaks.forEach((peak, j) => {
    const nextSpk = j + 1 < validSpikes.length ? (validSpikes[j + 1] as number) : endIndex;
    const downstroke = argminRange(dvdt, peak, nextSpk);
    const target = termFrac * (dvdt[downstroke] as number);
    const terminated = firstFrom(dvdt, downstroke, nextSpk, (y) => y >= target);
    if (terminated < 0) {
      isiTypes.push(Number.NaN);
      fast.push(Number.NaN);
      adp.push(Number.NaN);
      slow.push(Number.NaN);
      updateClipped.push(true);
      return;
    }
    updateClipped.push(false);
    let adpIndex = Number.NaN;
    let isiType = 'direct';
    let slowMin = Number.NaN;
    const cross = firstFrom(dvdtHvy, terminated, nextSpk, (y) => y >= adpThresh);
    if (cross >= 0 && (t[cross] as number) - (t[terminated] as number) < flatInterval) {
      // rising again fast, but maybe into the next spike: require a reversal of dV/dt
      const putative = firstFrom(dvdtHvy, cross, nextSpk, (y) => y <= 0);
      if (putative >= 0) {
        const minIndex = argminRange(v, putative, nextSpk);
        const vAdp = v[putative] as number;
        if (
          vAdp - (v[minIndex] as number) >= tol &&
          vAdp - (v[terminated] as number) <= adpMaxDeltaV &&
          (t[putative] as number) - (t[terminated] as number) <= adpMaxDeltaT
        ) {
          adpIndex = putative;
          slowMin = minIndex;
          isiType = 'detour';
        }
      }
    }
    if (Number.isNaN(adpIndex)) {
      const minIndex = argminRange(v, terminated, nextSpk);
      if ((v[terminated] as number) - (v[minIndex] as number) >= tol) {
        // dropped further after the end of the spike
        isiType = 'detour';
        slowMin = minIndex;
      } else {
        isiType = 'direct';
      }
    }
    isiTypes.push(isiType);
    fast.push(terminated);
    adp.push(adpIndex);
    slow.push(isiType === 'detour' ? slowMin : Number.NaN);
  });

  for (let k = isiTypes.length; k < origLen; k++) {
    isiTypes.push(Number.NaN);
    fast.push(Number.NaN);
    adp.push(Number.NaN);
    slow.push(Number.NaN);
  }
  // numpy turns NaN into the string 'nan' once the array holds strings
  const outTypes: IsiType[] = isiTypes.some((x) => typeof x === 'string')
    ? isiTypes.map((x) => (typeof x === 'string' ? x : 'nan'))
    : isiTypes;
  // the ADP and slow trough of the last spike are not reliable
  if (adp.length) adp[adp.length - 1] = Number.NaN;
  if (slow.length) slow[slow.length - 1] = Number.NaN;
  let u = 0;
  for (let k = 0; k < clipped.length; k++)
    if (!clipped[k]) clipped[k] = updateClipped[u++] as boolean;
  return {
    isiTypes: outTypes,
    fastTroughIndexes: fast,
    adpIndexes: adp,
    slowTroughIndexes: slow,
    clipped,
  };
}
