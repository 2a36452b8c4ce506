// EphysSweepFeatureExtractor of allensdk.ephys.ephys_extractor: the spike table and sweep features
// of one current-clamp sweep.

import { type ColumnInput, type ColumnTypeName, SdkError, tableFromColumns } from '@sdk/core';
import { mean, median, std, sum } from '@sdk/signal';
import type { Table } from 'apache-arrow';
import { calculateDvdt, findTimeIndex } from './dvdt.js';
import { FeatureError } from './errors.js';
import { fitMembraneTimeConstant, fitPrespikeTimeConstant } from './fits.js';
import { argmaxRange, argminRange, isFalsy, maxOf, type Samples, toF64 } from './numeric.js';
import { type Burst, detectBursts, detectPauses } from './pauses.js';
import {
  analyzeTroughDetails,
  checkThresholdsAndPeaks,
  detectPutativeSpikes,
  filterPutativeSpikes,
  findDownstrokeIndexes,
  findPeakIndexes,
  findTroughIndexes,
  findUpstrokeIndexes,
  findWidths,
  type IsiType,
  refineThresholdIndexes,
} from './spikes.js';
import { adaptationIndex, averageRate, averageVoltage, getIsis, latency } from './stats.js';
import { assertIncreasingTime } from './time-check.js';

/** One cell of the spike table: numbers (NaN when absent), the `clipped` flag, the ISI type. */
export type SpikeValue = number | boolean | string;
export type SpikeRecord = Record<string, SpikeValue>;
/** Value of a sweep-level feature (`peak_deflect` is `[v, index]`). */
export type SweepFeatureValue = number | string | boolean | null | readonly number[];

export interface SweepExtractorOptions {
  /** Times (s). */
  t: Samples;
  /** Membrane potential (mV). */
  v: Samples;
  /** Injected current (pA), optional. */
  i?: Samples | null;
  /** Start of the analysis window (s); absent (Python None) means the trace start. */
  start?: number | null;
  /** End of the analysis window (s). */
  end?: number | null;
  /** Bessel low-pass cutoff for dV/dt (kHz); default 10; 0/null: unfiltered. */
  filter?: number | null;
  dvCutoff?: number;
  maxInterval?: number;
  minHeight?: number;
  minPeak?: number;
  threshFrac?: number;
  baselineInterval?: number;
  baselineDetectThresh?: number;
  id?: number | string | null;
}

export type StimulusAmplitudeCalculator = (sweep: EphysSweepFeatureExtractor) => number;

type Column = SpikeValue[];

/** Feature calculation for one sweep (allensdk `EphysSweepFeatureExtractor`). */
// Scratch buffers for the dV/dt traces of processIndividualSpikes, none of which outlives the
// call (their values are copied into the spike table): slot 0 the 10 kHz trace, slot 1 the
// window's and then the 1 kHz one (30 = the padding of filtfilt with a 4-pole filter). Sweeps of
// a cell come one after another, so they are kept for the next one, weakly: the GC may take
// them back.
const scratch: (WeakRef<Float64Array> | undefined)[] = [undefined, undefined];

function scratchFor(n: number, slot: 0 | 1): Float64Array {
  const have = scratch[slot]?.deref();
  if (have && have.length >= n + 30) return have;
  const fresh = new Float64Array(n + 30);
  scratch[slot] = new WeakRef(fresh);
  return fresh;
}

export class EphysSweepFeatureExtractor {
  readonly id: number | string | null;
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** The voltage as given when it was float32 (numpy then averages it in float32). */
  private readonly v32: Float32Array | null;
  /** True when `i` was given as a Float32Array (numpy float32 arithmetic on it). */
  readonly currentIsFloat32: boolean;
  readonly i: Float64Array | null;
  readonly start: number | null;
  readonly end: number | null;
  readonly filter: number | null;
  readonly dvCutoff: number;
  readonly maxInterval: number;
  readonly minHeight: number;
  readonly minPeak: number;
  readonly threshFrac: number;
  readonly baselineInterval: number;
  readonly baselineDetectThresh: number;
  private stimulusAmplitudeCalculator: StimulusAmplitudeCalculator | null = null;
  private readonly sweepFeatures = new Map<string, SweepFeatureValue>();
  private readonly affectedByClipping: string[] = [];
  private spikeColumns: Map<string, Column> | null = null;

  constructor(opts: SweepExtractorOptions) {
    this.t = toF64(opts.t);
    this.v = toF64(opts.v);
    this.v32 = opts.v instanceof Float32Array ? opts.v : null;
    this.currentIsFloat32 = opts.i instanceof Float32Array;
    this.i = opts.i ? toF64(opts.i) : null;
    if (this.t.length !== this.v.length) {
      throw new FeatureError('Voltage and time series do not have the same dimensions', {
        path: 'v',
      });
    }
    if (this.i && this.i.length !== this.t.length) {
      throw new FeatureError('Current and time series do not have the same dimensions', {
        path: 'i',
      });
    }
    assertIncreasingTime(this.t);
    this.id = opts.id ?? null;
    this.start = opts.start ?? null;
    this.end = opts.end ?? null;
    this.filter = opts.filter === undefined ? 10 : opts.filter;
    this.dvCutoff = opts.dvCutoff ?? 20;
    this.maxInterval = opts.maxInterval ?? 0.005;
    this.minHeight = opts.minHeight ?? 2;
    this.minPeak = opts.minPeak ?? -30;
    this.threshFrac = opts.threshFrac ?? 0.05;
    this.baselineInterval = opts.baselineInterval ?? 0.1;
    this.baselineDetectThresh = opts.baselineDetectThresh ?? 0.3;
  }

  /** True when `v` was given as a Float32Array (numpy averages it in float32). */
  get voltageIsFloat32(): boolean {
    return this.v32 !== null;
  }

  /** Detects spikes, builds the spike table and the spike-derived sweep features. */
  processSpikes(): void {
    this.processIndividualSpikes();
    this.processSpikeRelatedFeatures();
  }

  private processIndividualSpikes(): void {
    const { v, t } = this;
    const filter = this.filter;
    const dvdt = calculateDvdt(v, t, filter, scratchFor(v.length, 0));
    const work = scratchFor(v.length, 1);
    const putative = detectPutativeSpikes(v, t, {
      start: this.start,
      end: this.end,
      filter,
      dvCutoff: this.dvCutoff,
      work,
    });
    const peaks0 = findPeakIndexes(v, t, putative, { end: this.end });
    const filtered = filterPutativeSpikes(v, t, putative, peaks0, {
      minHeight: this.minHeight,
      minPeak: this.minPeak,
      dvdt,
      filter,
    });
    if (filtered.spikeIndexes.length === 0) {
      this.spikeColumns = new Map();
      return;
    }
    const up0 = findUpstrokeIndexes(v, t, filtered.spikeIndexes, filtered.peakIndexes, {
      filter,
      dvdt,
    });
    const thr0 = refineThresholdIndexes(v, t, up0, { threshFrac: this.threshFrac, filter, dvdt });
    // allensdk calls this with the default thresh_frac (0.05) and tol, not the extractor's
    const checked = checkThresholdsAndPeaks(v, t, thr0, filtered.peakIndexes, up0, {
      end: this.end,
      maxInterval: this.maxInterval,
      dvdt,
      filter,
    });
    const thresholds = checked.spikeIndexes;
    const peaks = checked.peakIndexes;
    if (thresholds.length === 0) {
      this.spikeColumns = new Map();
      return;
    }
    const upstrokes = findUpstrokeIndexes(v, t, thresholds, peaks, { filter, dvdt });
    const troughs = findTroughIndexes(v, t, thresholds, peaks, {
      clipped: checked.clipped,
      end: this.end,
    });
    const downstrokes = findDownstrokeIndexes(v, t, peaks, troughs, {
      clipped: checked.clipped,
      filter,
      dvdt,
    });
    const details = analyzeTroughDetails(v, t, thresholds, peaks, {
      clipped: checked.clipped,
      end: this.end,
      filter,
      dvdt,
      work,
    });
    const clipped = details.clipped;
    const widths = findWidths(v, t, thresholds, peaks, details.fastTroughIndexes, { clipped });

    const cols = new Map<string, Column>();
    const n = thresholds.length;
    const nanCol = (): number[] => new Array(n).fill(Number.NaN);
    cols.set('threshold_index', [...thresholds]);
    cols.set('clipped', [...clipped]);
    const affected = this.affectedByClipping;

    const addVit = (k: string, idx: readonly number[], clip: boolean) => {
      const ix = nanCol();
      const tt = nanCol();
      const vv = nanCol();
      idx.forEach((x, r) => {
        if (Number.isNaN(x)) return;
        ix[r] = x;
        tt[r] = t[x] as number;
        vv[r] = v[x] as number;
      });
      cols.set(`${k}_index`, ix);
      cols.set(`${k}_t`, tt);
      cols.set(`${k}_v`, vv);
      if (this.i) {
        const cur = this.i;
        cols.set(
          `${k}_i`,
          idx.map((x) => (Number.isNaN(x) ? Number.NaN : (cur[x] as number))),
        );
      }
      if (clip) affected.push(`${k}_index`, `${k}_t`, `${k}_v`, `${k}_i`);
    };
    addVit('threshold', thresholds, false);
    addVit('peak', peaks, false);
    addVit('trough', troughs, true);

    const addDvdt = (k: string, idx: readonly number[], clip: boolean) => {
      // pandas creates `<k>_index` and `<k>` first, then `<k>_t` and `<k>_v` only if a value exists
      const val = nanCol();
      cols.set(`${k}_index`, [...idx]);
      cols.set(k, val);
      if (!idx.some((x) => !Number.isNaN(x))) return;
      cols.set(
        `${k}_t`,
        idx.map((x) => (Number.isNaN(x) ? Number.NaN : (t[x] as number))),
      );
      cols.set(
        `${k}_v`,
        idx.map((x) => (Number.isNaN(x) ? Number.NaN : (v[x] as number))),
      );
      idx.forEach((x, r) => {
        if (!Number.isNaN(x)) val[r] = dvdt[x] as number;
      });
      if (clip) affected.push(`${k}_index`, `${k}_t`, `${k}_v`, k);
    };
    addDvdt('upstroke', upstrokes, false);
    addDvdt('downstroke', downstrokes, true);

    cols.set('isi_type', [...details.isiTypes]);
    affected.push('isi_type');
    addVit('fast_trough', details.fastTroughIndexes, true);
    addVit('adp', details.adpIndexes, true);
    addVit('slow_trough', details.slowTroughIndexes, true);
    cols.set('width', [...widths]);
    affected.push('width');
    const upCol = cols.get('upstroke') as number[];
    const downCol = cols.get('downstroke') as number[];
    cols.set(
      'upstroke_downstroke_ratio',
      upCol.map((u, r) => u / -(downCol[r] as number)),
    );
    affected.push('upstroke_downstroke_ratio');
    this.spikeColumns = cols;
  }

  private thresholdIndexes(): number[] {
    const col = this.spikeColumns?.get('threshold_index');
    if (!col)
      throw new SdkError(
        'E_NOT_FOUND',
        "requested feature 'threshold_index' not available (no spikes)",
      );
    return col as number[];
  }

  private processSpikeRelatedFeatures(): void {
    const t = this.t;
    if (this.spikeCount() === 0) {
      this.sweepFeatures.set('avg_rate', 0);
      return;
    }
    const thresholds = this.thresholdIndexes();
    const isis = getIsis(t, thresholds);
    const features: [string, number][] = [
      ['adapt', adaptationIndex(isis)],
      ['latency', latency(t, thresholds, this.start)],
      ['isi_cv', isis.length >= 1 ? std(isis) / mean(isis) : Number.NaN],
      ['mean_isi', isis.length > 0 ? mean(isis) : Number.NaN],
      ['median_isi', median(isis)],
      ['first_isi', isis.length >= 1 ? (isis[0] as number) : Number.NaN],
      ['avg_rate', averageRate(t, thresholds, this.start, this.end)],
    ];
    for (const [k, x] of features) this.sweepFeatures.set(k, x);
  }

  private spikeCount(): number {
    const cols = this.requireSpikes();
    return cols.get('threshold_index')?.length ?? 0;
  }

  private requireSpikes(): Map<string, Column> {
    if (!this.spikeColumns) {
      throw new SdkError(
        'E_VALIDATION',
        'EphysSweepFeatureExtractor instance attribute with spike information does not exist yet - have spikes been processed?',
      );
    }
    return this.spikeColumns;
  }

  /** `pause_metrics`: `[n_pauses, pause_frac]` (fraction of `[start, end]` spent in pauses). */
  pauseMetrics(costWeight = 1): [number, number] {
    const thresholds = this.thresholdIndexes();
    const isis = getIsis(this.t, thresholds);
    const types = (this.requireSpikes().get('isi_type') as IsiType[]).slice(0, -1);
    const pauses = detectPauses(isis, types, costWeight);
    if (pauses.length === 0) return [0, 0];
    if (this.start === null || this.end === null) {
      throw new FeatureError('pause metrics need the start and end of the sweep window');
    }
    return [pauses.length, sum(pauses.map((k) => isis[k] as number)) / (this.end - this.start)];
  }

  /** Bursts (`detectBursts` on this sweep's spikes). */
  bursts(tol = 0.5, pauseCost = 1): Burst[] {
    const cols = this.requireSpikes();
    const thresholds = this.thresholdIndexes();
    const isis = getIsis(this.t, thresholds);
    const types = (cols.get('isi_type') as IsiType[]).slice(0, -1);
    const col = (k: string) => cols.get(k) as number[];
    return detectBursts(
      isis,
      types,
      col('fast_trough_v'),
      col('fast_trough_t'),
      col('slow_trough_v'),
      col('slow_trough_t'),
      col('threshold_v'),
      { tol, pauseCost },
    );
  }

  /** `burst_metrics`: `[max burstiness index, number of bursts]`, `[0, 0]` without bursts. */
  burstMetrics(): [number, number] {
    const bursts = this.bursts();
    if (bursts.length === 0) return [0, 0];
    return [maxOf(bursts.map((b) => b[0])), bursts.length];
  }

  /** `delay_metrics`: `[latency / tau, tau]` with the pre-spike rise time constant; `[0, 0]` without spikes. */
  delayMetrics(): [number, number] {
    if (this.spikeCount() === 0) return [0, 0];
    if (this.start === null)
      throw new FeatureError('delay metrics need the start of the sweep window');
    const spikeTime = (this.requireSpikes().get('threshold_t') as number[])[0] as number;
    const tau = fitPrespikeTimeConstant(this.v, this.t, this.start, spikeTime);
    return [(spikeTime - this.start) / tau, tau];
  }

  private baselineVoltage(): number {
    const { v, t } = this;
    if (this.start !== null)
      return averageVoltage(this.v32 ?? v, t, this.start - this.baselineInterval, this.start);
    // otherwise: the first long enough interval between points where the 1 kHz dV/dt rises past
    // the threshold (allensdk takes abs of the comparison, so only positive excursions count)
    const dv = calculateDvdt(v, t, 1);
    const nonFlat: number[] = [];
    for (let k = 0; k < dv.length; k++)
      if ((dv[k] as number) >= this.baselineDetectThresh) nonFlat.push(k);
    for (let k = 0; k + 1 < nonFlat.length; k++) {
      const gap = (t[nonFlat[k + 1] as number] as number) - (t[nonFlat[k] as number] as number);
      if (gap >= this.baselineInterval) {
        const endTime = t[nonFlat[k + 1] as number] as number;
        return averageVoltage(this.v32 ?? v, t, endTime - this.baselineInterval, endTime);
      }
    }
    return Number.NaN;
  }

  /**
   * `voltage_deflection`: `[v, index]` of the minimum (`'min'`) or maximum (`'max'`) voltage in the
   * window; by default `'max'` when the current at the window's midpoint is ≥ 0, else (or without
   * current) `'min'`.
   */
  voltageDeflection(deflectType?: 'min' | 'max'): [number, number] {
    const start = isFalsy(this.start) ? 0 : this.start;
    const si = findTimeIndex(this.t, start);
    const end = isFalsy(this.end) ? (this.t[this.t.length - 1] as number) : this.end;
    const ei = findTimeIndex(this.t, end);
    let type = deflectType;
    if (type === undefined) {
      if (this.i) {
        const half = findTimeIndex(this.t, (end - start) / 2 + start);
        type = (this.i[half] as number) >= 0 ? 'max' : 'min';
      } else type = 'min';
    }
    const idx = type === 'max' ? argmaxRange(this.v, si, ei) : argminRange(this.v, si, ei);
    return [this.v[idx] as number, idx];
  }

  /** `stimulus_amplitude`: from the calculator set on this sweep, NaN without one. */
  stimulusAmplitude(): number {
    return this.stimulusAmplitudeCalculator ? this.stimulusAmplitudeCalculator(this) : Number.NaN;
  }

  /** `estimate_time_constant`: membrane tau (s) from an exponential fit of a hyperpolarising step. */
  estimateTimeConstant(): number {
    const [vPeak, peakIndex] = this.voltageDeflection('min');
    const vBaseline = this.sweepFeature('v_baseline') as number;
    const si = this.start ? findTimeIndex(this.t, this.start) : 0;
    // with float32 voltages numpy subtracts in float32 and compares the array against the level
    // rounded to float32
    const f32 = this.v32 !== null;
    const level = f32
      ? Math.fround(0.1 * Math.fround(vPeak - vBaseline) + vBaseline)
      : 0.1 * (vPeak - vBaseline) + vBaseline;
    let found = -1;
    for (let k = si; k < this.v.length; k++) {
      if ((this.v[k] as number) <= level) {
        found = k;
        break;
      }
    }
    if (found < 0) throw new FeatureError('could not find interval for time constant estimate');
    const fit = fitMembraneTimeConstant(
      this.v32 ?? this.v,
      this.t,
      this.t[found] as number,
      this.t[peakIndex] as number,
    );
    return 1 / fit[1];
  }

  /** `estimate_sag`: fraction by which the potential relaxes back from the hyperpolarisation peak. */
  estimateSag(peakWidth = 0.005): number {
    const { t, v } = this;
    const end = isFalsy(this.end) ? (t[t.length - 1] as number) : this.end;
    const [, peakIndex] = this.voltageDeflection('min');
    const tp = t[peakIndex] as number;
    const vPeakAvg = averageVoltage(this.v32 ?? v, t, tp - peakWidth / 2, tp + peakWidth / 2);
    const vBaseline = this.sweepFeature('v_baseline') as number;
    const vSteady = averageVoltage(this.v32 ?? v, t, end - this.baselineInterval, end);
    if (this.v32) {
      // three float32 scalars: numpy computes the ratio in float32
      const f = Math.fround;
      return f(f(vPeakAvg - vSteady) / f(vPeakAvg - vBaseline));
    }
    return (vPeakAvg - vSteady) / (vPeakAvg - vBaseline);
  }

  /** Every spike as a record keyed by the spike-table columns. */
  spikes(): SpikeRecord[] {
    const cols = this.requireSpikes();
    const n = this.spikeCount();
    const out: SpikeRecord[] = [];
    for (let r = 0; r < n; r++) {
      const rec: SpikeRecord = {};
      for (const [k, col] of cols) rec[k] = col[r] as SpikeValue;
      out.push(rec);
    }
    return out;
  }

  /** The spike table as columns, in allensdk's column order. */
  spikeTable(): Map<string, readonly SpikeValue[]> {
    return new Map(this.requireSpikes());
  }

  /**
   * The spike table (allensdk's `_spikes_df`) as an Arrow table, columns in allensdk's order:
   * numbers as Float64 (NaN kept, index columns included, as pandas stores them), `clipped` as
   * Bool, `isi_type` as Utf8 (its NaN cells null, the literal `'nan'` kept). No spikes: no columns.
   */
  spikesTable(): Table {
    const input: Record<string, ColumnInput> = {};
    const types: Record<string, ColumnTypeName> = {};
    for (const [k, col] of this.requireSpikes()) {
      if (col.every((x) => typeof x === 'number')) {
        input[k] = Float64Array.from(col as number[]);
      } else if (col.every((x) => typeof x === 'boolean')) {
        input[k] = col as boolean[];
        types[k] = 'bool';
      } else {
        input[k] = col.map((x) => (typeof x === 'number' && Number.isNaN(x) ? null : String(x)));
        types[k] = 'utf8';
      }
    }
    return tableFromColumns(input, { types });
  }

  /**
   * `spike_feature`: one column for every spike; columns affected by clipping skip clipped spikes
   * unless `includeClipped`.
   */
  spikeFeature(
    key: string,
    opts: { includeClipped?: boolean; forceExcludeClipped?: boolean } = {},
  ): SpikeValue[] {
    const cols = this.requireSpikes();
    if (this.spikeCount() === 0) return [];
    const col = cols.get(key);
    if (!col)
      throw new SdkError('E_NOT_FOUND', `requested feature '${key}' not available`, { path: key });
    if (opts.includeClipped && opts.forceExcludeClipped) {
      throw new SdkError(
        'E_VALIDATION',
        'includeClipped and forceExcludeClipped cannot both be true',
      );
    }
    const clipped = cols.get('clipped') as boolean[];
    if (
      (!opts.includeClipped && this.isSpikeFeatureAffectedByClipping(key)) ||
      opts.forceExcludeClipped
    ) {
      return col.filter((_, r) => !clipped[r]);
    }
    return [...col];
  }

  isSpikeFeatureAffectedByClipping(key: string): boolean {
    return this.affectedByClipping.includes(key);
  }

  /** Names of the columns that clipping affects (allensdk's `_affected_by_clipping`). */
  affectedByClippingKeys(): string[] {
    return [...this.affectedByClipping];
  }

  spikeFeatureKeys(): string[] {
    return [...this.requireSpikes().keys()];
  }

  /**
   * `sweep_feature`: a computed feature, or one computed on request and then kept (`v_baseline`,
   * `tau`, `sag`, `peak_deflect`, `stim_amp`). Unknown keys: `E_NOT_FOUND`, or NaN with `allowMissing`.
   */
  sweepFeature(key: string, opts: { allowMissing?: boolean } = {}): SweepFeatureValue {
    const existing = this.sweepFeatures.get(key);
    if (existing !== undefined || this.sweepFeatures.has(key)) return existing as SweepFeatureValue;
    const onRequest: Record<string, () => SweepFeatureValue> = {
      v_baseline: () => this.baselineVoltage(),
      tau: () => this.estimateTimeConstant(),
      sag: () => this.estimateSag(),
      peak_deflect: () => this.voltageDeflection(),
      stim_amp: () => this.stimulusAmplitude(),
    };
    const fn = Object.hasOwn(onRequest, key) ? onRequest[key] : undefined;
    if (!fn) {
      if (opts.allowMissing) return Number.NaN;
      throw new SdkError('E_NOT_FOUND', `requested feature '${key}' not available`, { path: key });
    }
    const value = fn();
    this.sweepFeatures.set(key, value);
    return value;
  }

  /** Adds a spike-table column computed by `fn` (one value per spike). */
  processNewSpikeFeature(
    name: string,
    fn: (sweep: EphysSweepFeatureExtractor) => readonly SpikeValue[],
    opts: { affectedByClipping?: boolean } = {},
  ): void {
    const cols = this.requireSpikes();
    if (cols.has(name))
      throw new SdkError('E_VALIDATION', `Feature ${name} already exists for sweep`, {
        path: name,
      });
    const values = [...fn(this)];
    if (values.length !== this.spikeCount()) {
      throw new SdkError('E_VALIDATION', `feature ${name} must have one value per spike`, {
        path: name,
      });
    }
    cols.set(name, values);
    if (opts.affectedByClipping) this.affectedByClipping.push(name);
  }

  /** Adds a sweep-level feature computed by `fn`. */
  processNewSweepFeature(
    name: string,
    fn: (sweep: EphysSweepFeatureExtractor) => SweepFeatureValue,
  ): void {
    if (this.sweepFeatures.has(name)) {
      throw new SdkError('E_VALIDATION', `Feature ${name} already exists for sweep`, {
        path: name,
      });
    }
    this.sweepFeatures.set(name, fn(this));
  }

  setStimulusAmplitudeCalculator(fn: StimulusAmplitudeCalculator | null): void {
    this.stimulusAmplitudeCalculator = fn;
  }

  sweepFeatureKeys(): string[] {
    return [...this.sweepFeatures.keys()];
  }

  /** Sweep features, then `spikes` (records) and `id` when set, as allensdk's `as_dict`. */
  asDict(): SweepDict {
    const out: SweepDict = {};
    for (const [k, x] of this.sweepFeatures) out[k] = x;
    out.spikes = this.spikes();
    if (this.id !== null) out.id = this.id;
    return out;
  }
}

/** A sweep's `as_dict`: sweep features plus `spikes` and `id`. */
export type SweepDict = { [key: string]: SweepFeatureValue | SpikeRecord[] };
