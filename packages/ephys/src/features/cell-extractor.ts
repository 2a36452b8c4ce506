// EphysCellFeatureExtractor and the NWB-sweep helpers of allensdk.ephys.ephys_extractor.
import { nanmean } from '@sdk/signal';
import { estimateAdjustedDetectionParameters } from './detection-parameters.js';
import { findTimeIndex } from './dvdt.js';
import { FeatureError } from './errors.js';
import { argmin, lstsqSlope, maxOf, type Samples } from './numeric.js';
import type { EphysSweepFeatureExtractor, SweepDict } from './sweep-extractor.js';
import { EphysSweepSetFeatureExtractor } from './sweep-set-extractor.js';

/** Stimulus windows of the Cell Types protocols (s). */
export const STIMULUS_WINDOWS = {
  RAMPS_START: 1.02,
  LONG_SQUARES_START: 1.02,
  LONG_SQUARES_END: 2.02,
  SHORT_SQUARES_WINDOW_START: 1.02,
  SHORT_SQUARES_WINDOW_END: 1.021,
  SHORT_SQUARE_TRIPLE_WINDOW_START: 2.02,
  SHORT_SQUARE_TRIPLE_WINDOW_END: 2.021,
};

/** `reset_long_squares_start`: moves the long-square window to start at `when`, keeping its length. */
export function resetLongSquaresStart(when: number): void {
  const delta = STIMULUS_WINDOWS.LONG_SQUARES_END - STIMULUS_WINDOWS.LONG_SQUARES_START;
  STIMULUS_WINDOWS.LONG_SQUARES_START = when;
  STIMULUS_WINDOWS.LONG_SQUARES_END = when + delta;
}

/** What the extractors read of a sweep (`NwbDataSet.get_sweep`): SI units, as stored. */
export interface SweepData {
  /** Membrane potential (V). */
  response: Samples;
  /** Injected current (A). */
  stimulus: Samples;
  /** Hz. */
  sampling_rate: number;
  /** First and last sample of the experiment epoch. */
  index_range: readonly [number, number];
}

/** A source of sweeps by number (an `NwbDataSet`, or anything shaped like one). */
export interface SweepSource {
  getSweep(sweepNumber: number): SweepData;
}

/**
 * numpy's `x * factor`: a float32 array stays float32 (`float32(x · float32(factor))`, returned as
 * a Float32Array so the extractors average it as numpy does), anything else becomes float64.
 */
function scaled(x: Samples, factor: number): Float32Array | Float64Array {
  if (x instanceof Float32Array) {
    const f = Math.fround(factor);
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) out[k] = (x[k] as number) * f;
    return out;
  }
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = (x[k] as number) * factor;
  return out;
}

/** A sweep as the extractors take it: `t` (s), `v` (mV), `i` (pA) and the window (s). */
export interface NwbSweepTrace {
  t: Float64Array;
  /** Float32Array when the stored data are float32. */
  v: Float32Array | Float64Array;
  i: Float32Array | Float64Array;
  start: number;
  end: number;
}

/**
 * One sweep of `extractor_for_nwb_sweeps`: `v = response · 1e3`, `i = stimulus · 1e12` (float32
 * data stay float32), `t = k · (1/rate)`, `start, end = (1/rate) · index_range`.
 */
export function nwbSweepTrace(data: SweepData): NwbSweepTrace {
  const v = scaled(data.response, 1e3);
  const i = scaled(data.stimulus, 1e12);
  const dt = 1 / data.sampling_rate;
  const t = new Float64Array(v.length);
  for (let k = 0; k < t.length; k++) t[k] = k * dt;
  return { t, v, i, start: dt * data.index_range[0], end: dt * data.index_range[1] };
}

export interface NwbSweepsOptions {
  fixedStart?: number | null;
  fixedEnd?: number | null;
  dvCutoff?: number;
  threshFrac?: number;
}

/**
 * `extractor_for_nwb_sweeps`: a sweep-set extractor of the given sweeps, `v` in mV, `i` in pA,
 * `t = k · (1/rate)`, windows from each sweep's `index_range` unless fixed.
 */
export function extractorForNwbSweeps(
  ds: SweepSource,
  sweepNumbers: readonly number[],
  opts: NwbSweepsOptions = {},
): EphysSweepSetFeatureExtractor {
  const vSet: (Float32Array | Float64Array)[] = [];
  const tSet: Float64Array[] = [];
  const iSet: (Float32Array | Float64Array)[] = [];
  let start: (number | null)[] | number | null = [];
  let end: (number | null)[] | number | null = [];
  for (const n of sweepNumbers) {
    const trace = nwbSweepTrace(ds.getSweep(n));
    vSet.push(trace.v);
    iSet.push(trace.i);
    tSet.push(trace.t);
    start.push(trace.start);
    end.push(trace.end);
  }
  if (opts.fixedStart && !opts.fixedEnd) start = new Array(end.length).fill(opts.fixedStart);
  else if (opts.fixedStart && opts.fixedEnd) {
    start = opts.fixedStart;
    end = opts.fixedEnd;
  }
  return new EphysSweepSetFeatureExtractor({
    tSet,
    vSet,
    iSet,
    start,
    end,
    dvCutoff: opts.dvCutoff ?? 20,
    threshFrac: opts.threshFrac ?? 0.05,
    idSet: sweepNumbers,
  });
}

/** `_step_stim_amp`: the current one sample after the window start. */
export function stepStimAmp(sweep: EphysSweepFeatureExtractor): number {
  if (!sweep.i) throw new FeatureError('the sweep has no current', { path: 'i' });
  const k = findTimeIndex(sweep.t, sweep.start ?? (sweep.t[0] as number));
  return sweep.i[k + 1] as number;
}

/** `_short_step_stim_amp`: the largest current after the window start. */
export function shortStepStimAmp(sweep: EphysSweepFeatureExtractor): number {
  if (!sweep.i) throw new FeatureError('the sweep has no current', { path: 'i' });
  const k = findTimeIndex(sweep.t, sweep.start ?? (sweep.t[0] as number));
  return maxOf(sweep.i.subarray(k + 1));
}

/** Python `max(a, b)`: `b` only when `b > a` (so `max(nan, 0.1)` is NaN and `max(0.1, nan)` is 0.1). */
export function pyMax(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.max would turn max(0.1, NaN) into NaN
  return b > a ? b : a;
}

/** `input_resistance` (MΩ): slope of the minimum voltage against the current there, × 1e3. */
export function inputResistance(ext: EphysSweepSetFeatureExtractor): number {
  const sweeps = ext.sweeps();
  if (sweeps.length === 0)
    throw new FeatureError('no sweeps available for input resistance calculation');
  const vv: number[] = [];
  const ii: number[] = [];
  for (const s of sweeps) {
    if (!s.i)
      throw new FeatureError('cannot calculate input resistance: i not defined for a sweep');
    const [vPeak, minIndex] = s.voltageDeflection('min');
    vv.push(vPeak);
    ii.push(s.i[minIndex] as number);
  }
  if (vv.length === 1) {
    // one sweep: use its own baseline as the second point (np.append(i, 0.) makes i float64)
    vv.push((sweeps[0] as EphysSweepFeatureExtractor).sweepFeature('v_baseline') as number);
    ii.push(0);
    return lstsqSlope(ii, vv) * 1e3;
  }
  // numpy's lstsq on float32 v and i computes in float64 and returns float32
  const f32 = sweeps.every((s) => s.voltageIsFloat32 && s.currentIsFloat32);
  const slope = lstsqSlope(ii, vv);
  return (f32 ? Math.fround(slope) : slope) * 1e3;
}

/** `membrane_time_constant`: nanmean of the sweeps' `tau`. */
export function membraneTimeConstant(ext: EphysSweepSetFeatureExtractor): number {
  return nanmean(ext.sweepFeatures('tau') as number[]);
}

/** `fit_fi_slope`: slope (Hz/pA) of the firing rate against the step amplitude. */
export function fitFiSlope(ext: EphysSweepSetFeatureExtractor): number {
  const sweeps = ext.sweeps();
  if (sweeps.length < 2) {
    throw new FeatureError('Cannot fit f-I curve slope with less than two suprathreshold sweeps');
  }
  return lstsqSlope(sweeps.map(stepStimAmp), ext.sweepFeatures('avg_rate') as number[]);
}

export type CellFeatureGroup = 'ramps' | 'short_squares' | 'long_squares' | 'long_squares_spiking';
type FeatureValue = number | EphysSweepFeatureExtractor | EphysSweepFeatureExtractor[];
type DictValue = number | SweepDict | SweepDict[] | Record<string, number> | null;

/** The cell-level features (allensdk `EphysCellFeatureExtractor`). */
export class EphysCellFeatureExtractor {
  static readonly SUBTHRESH_MAX_AMP = 0;
  static readonly SAG_TARGET = -100;

  private rampsExt: EphysSweepSetFeatureExtractor;
  private allRampsExt: EphysSweepSetFeatureExtractor | null = null;
  private shortSquaresExt: EphysSweepSetFeatureExtractor;
  private readonly longSquaresExt: EphysSweepSetFeatureExtractor;
  private readonly subthreshMinAmp: number;
  private spikingLongSquaresExt: EphysSweepSetFeatureExtractor | null = null;
  private subthresholdLongSquaresExt: EphysSweepSetFeatureExtractor | null = null;
  private subthresholdMembranePropertyExt: EphysSweepSetFeatureExtractor | null = null;
  private readonly features: Record<
    'ramps' | 'short_squares' | 'long_squares',
    Map<string, FeatureValue>
  > = {
    ramps: new Map(),
    short_squares: new Map(),
    long_squares: new Map(),
  };

  constructor(
    rampsExt: EphysSweepSetFeatureExtractor,
    shortSquaresExt: EphysSweepSetFeatureExtractor,
    longSquaresExt: EphysSweepSetFeatureExtractor,
    opts: { subthreshMinAmp?: number } = {},
  ) {
    this.rampsExt = rampsExt;
    this.shortSquaresExt = shortSquaresExt;
    this.longSquaresExt = longSquaresExt;
    this.subthreshMinAmp = opts.subthreshMinAmp ?? -100;
  }

  /** Runs the analyses of `keys` (default all, in allensdk's order). */
  process(opts: { keys?: readonly CellFeatureGroup[] } = {}): void {
    const all: CellFeatureGroup[] = [
      'ramps',
      'short_squares',
      'long_squares',
      'long_squares_spiking',
    ];
    for (const k of all) {
      if (opts.keys && !opts.keys.includes(k)) continue;
      if (k === 'ramps') this.analyzeRamps();
      else if (k === 'short_squares') this.analyzeShortSquares();
      else if (k === 'long_squares') {
        this.analyzeLongSquaresSpiking();
        this.analyzeLongSquaresSubthreshold();
      } else this.analyzeLongSquaresSpiking();
    }
  }

  private analyzeRamps(): void {
    const ext = this.rampsExt;
    ext.processSpikes();
    this.allRampsExt = ext;
    const spiking = ext.sweeps().filter((s) => (s.sweepFeature('avg_rate') as number) > 0);
    this.rampsExt = EphysSweepSetFeatureExtractor.fromSweeps(spiking);
    this.features.ramps.set('spiking_sweeps', this.rampsExt.sweeps());
  }

  private analyzeShortSquares(): void {
    const ext = this.shortSquaresExt;
    ext.processSpikes();
    const spiking = ext.sweeps().filter((s) => (s.sweepFeature('avg_rate') as number) > 0);
    if (spiking.length === 0)
      throw new FeatureError('No spiking short square sweeps, cannot compute cell features.');
    // the most common amplitude among spiking sweeps; ties go to the lower amplitude
    const counts = new Map<number, number>();
    for (const s of spiking) {
      const a = shortStepStimAmp(s);
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    let commonAmp = Number.NaN;
    let commonCount = -1;
    for (const [a, c] of counts) {
      if (c > commonCount || (c === commonCount && a < commonAmp)) {
        commonAmp = a;
        commonCount = c;
      }
    }
    this.features.short_squares.set('stimulus_amplitude', commonAmp);
    const common = spiking.filter((s) => shortStepStimAmp(s) === commonAmp);
    this.shortSquaresExt = EphysSweepSetFeatureExtractor.fromSweeps(common);
    this.features.short_squares.set('common_amp_sweeps', this.shortSquaresExt.sweeps());
    for (const s of common) s.setStimulusAmplitudeCalculator(shortStepStimAmp);
  }

  private analyzeLongSquaresSpiking(forceReprocess = false): void {
    if (!forceReprocess && this.spikingLongSquaresExt) return;
    const ext = this.longSquaresExt;
    ext.processSpikes();
    const f = this.features.long_squares;
    f.set('sweeps', ext.sweeps());
    for (const s of ext.sweeps()) s.setStimulusAmplitudeCalculator(stepStimAmp);
    const rates = ext.sweepFeatures('avg_rate') as number[];
    const spikingIndexes = rates.flatMap((r, k) => (r !== 0 ? [k] : []));
    if (spikingIndexes.length === 0)
      throw new FeatureError('No spiking long square sweeps, cannot compute cell features.');
    const amps = ext.sweepFeatures('stim_amp') as number[];
    const rheobaseIndex = spikingIndexes[
      argmin(spikingIndexes.map((k) => amps[k] as number))
    ] as number;
    const rheobaseSweep = ext.sweeps()[rheobaseIndex] as EphysSweepFeatureExtractor;
    f.set('rheobase_extractor_index', rheobaseIndex);
    f.set('rheobase_i', stepStimAmp(rheobaseSweep));
    f.set('rheobase_sweep', rheobaseSweep);
    const spiking = ext.sweeps().filter((s) => (s.sweepFeature('avg_rate') as number) > 0);
    this.spikingLongSquaresExt = EphysSweepSetFeatureExtractor.fromSweeps(spiking);
    f.set('spiking_sweeps', this.spikingLongSquaresExt.sweeps());
    f.set('fi_fit_slope', fitFiSlope(this.spikingLongSquaresExt));
  }

  private analyzeLongSquaresSubthreshold(): void {
    const ext = this.longSquaresExt;
    const subthresh = ext.sweeps().filter((s) => s.sweepFeature('avg_rate') === 0);
    const subExt = EphysSweepSetFeatureExtractor.fromSweeps(subthresh);
    this.subthresholdLongSquaresExt = subExt;
    if (subthresh.length === 0) {
      throw new FeatureError('No subthreshold long square sweeps, cannot evaluate cell features.');
    }
    const f = this.features.long_squares;
    const sags = subExt.sweepFeatures('sag') as number[];
    const levels = subthresh.map((s) => s.voltageDeflection()[0]);
    const closest = argmin(levels.map((l) => Math.abs(l - EphysCellFeatureExtractor.SAG_TARGET)));
    f.set('sag', sags[closest] as number);
    f.set('vm_for_sag', levels[closest] as number);
    f.set('subthreshold_sweeps', subthresh);
    for (const s of subthresh) s.setStimulusAmplitudeCalculator(stepStimAmp);
    const calc = subthresh.filter((s) => {
      const a = s.sweepFeature('stim_amp') as number;
      return this.subthreshMinAmp < a && a < EphysCellFeatureExtractor.SUBTHRESH_MAX_AMP;
    });
    const calcExt = EphysSweepSetFeatureExtractor.fromSweeps(calc);
    this.subthresholdMembranePropertyExt = calcExt;
    f.set('subthreshold_membrane_property_sweeps', calc);
    f.set('input_resistance', inputResistance(calcExt));
    f.set('tau', membraneTimeConstant(calcExt));
    f.set('v_baseline', nanmean(ext.sweepFeatures('v_baseline') as number[]));
  }

  /** The ramp sweeps: only the spiking ones unless `all`. */
  rampsFeatures(opts: { all?: boolean } = {}): EphysSweepSetFeatureExtractor {
    return opts.all ? (this.allRampsExt ?? this.rampsExt) : this.rampsExt;
  }

  shortSquaresFeatures(): EphysSweepSetFeatureExtractor {
    return this.shortSquaresExt;
  }

  longSquaresFeatures(
    option?: 'spiking' | 'subthreshold' | 'subthreshold_membrane_property',
  ): EphysSweepSetFeatureExtractor {
    if (!option) return this.longSquaresExt;
    const ext =
      option === 'spiking'
        ? this.spikingLongSquaresExt
        : option === 'subthreshold'
          ? this.subthresholdLongSquaresExt
          : this.subthresholdMembranePropertyExt;
    if (!ext) throw new FeatureError(`long squares (${option}) have not been processed`);
    return ext;
  }

  /** Step amplitudes of the long squares (allensdk's version returns a wrapped `map` by mistake). */
  longSquaresStimAmps(
    option?: 'spiking' | 'subthreshold' | 'subthreshold_membrane_property',
  ): number[] {
    return this.longSquaresFeatures(option).sweeps().map(stepStimAmp);
  }

  /** The features with sweep extractors in place (allensdk `cell_features`). */
  cellFeatures(): Record<'ramps' | 'short_squares' | 'long_squares', Map<string, FeatureValue>> {
    return this.features;
  }

  /** The features with every sweep extractor replaced by its `asDict()`. */
  asDict(): CellFeatureDict {
    const conv = (m: Map<string, FeatureValue>): Record<string, DictValue> => {
      const out: Record<string, DictValue> = {};
      for (const [k, x] of m) {
        if (Array.isArray(x)) out[k] = x.map((s) => s.asDict());
        else if (typeof x === 'number') out[k] = x;
        else out[k] = x.asDict();
      }
      return out;
    };
    return {
      long_squares: conv(this.features.long_squares),
      short_squares: conv(this.features.short_squares),
      ramps: conv(this.features.ramps),
    };
  }
}

export type CellFeatureDict = Record<
  'long_squares' | 'short_squares' | 'ramps',
  Record<string, DictValue>
>;

/**
 * `cell_extractor_for_nwb`: the cell extractor of the ramp, short-square and long-square sweeps,
 * with the short-square detection adjusted to the passive onset transient.
 */
export function cellExtractorForNwb(
  ds: SweepSource,
  ramps: readonly number[],
  shortSquares: readonly number[],
  longSquares: readonly number[],
  opts: { subthreshMinAmp?: number } = {},
): EphysCellFeatureExtractor {
  if (shortSquares.length === 0) throw new FeatureError('no short square sweep numbers provided');
  if (ramps.length === 0) throw new FeatureError('no ramp sweep numbers provided');
  if (longSquares.length === 0) throw new FeatureError('no long_square sweep numbers provided');
  const W = STIMULUS_WINDOWS;
  const rampsExt = extractorForNwbSweeps(ds, ramps, { fixedStart: W.RAMPS_START });
  const tmp = extractorForNwbSweeps(ds, shortSquares);
  const [cutoff, tf] = estimateAdjustedDetectionParameters(
    tmp.sweeps().map((s) => s.v),
    tmp.sweeps().map((s) => s.t),
    W.SHORT_SQUARES_WINDOW_START,
    W.SHORT_SQUARES_WINDOW_END,
  );
  const threshFrac = pyMax(tf, 0.1);
  const shortExt = extractorForNwbSweeps(ds, shortSquares, { dvCutoff: cutoff, threshFrac });
  const longExt = extractorForNwbSweeps(ds, longSquares, {
    fixedStart: W.LONG_SQUARES_START,
    fixedEnd: W.LONG_SQUARES_END,
  });
  return new EphysCellFeatureExtractor(rampsExt, shortExt, longExt, opts);
}
