// allensdk.ephys.extract_cell_features: the cell-level summary and per-sweep features of a data set.
import { mean } from '@sdk/signal';
import {
  type CellFeatureDict,
  cellExtractorForNwb,
  extractorForNwbSweeps,
  pyMax,
  STIMULUS_WINDOWS,
  type SweepSource,
} from './cell-extractor.js';
import { estimateAdjustedDetectionParameters } from './detection-parameters.js';
import { FeatureError } from './errors.js';
import type { Samples } from './numeric.js';
import type { EphysSweepFeatureExtractor, SweepDict } from './sweep-extractor.js';

export const HERO_MIN_AMP_OFFSET = 39.0;
export const HERO_MAX_AMP_OFFSET = 61.0;
export const SHORT_SQUARE_TYPES = [
  'Short Square',
  'Short Square - Triple',
  'Short Square - Hold -60mv',
  'Short Square - Hold -70mv',
  'Short Square - Hold -80mv',
] as const;
export const SHORT_SQUARE_THRESH_FRAC_FLOOR = 0.1;
/** First-spike features averaged by `meanFeaturesSpikeZero` (allensdk lists peak_v/peak_t twice). */
export const MEAN_FEATURES = [
  'upstroke_downstroke_ratio',
  'peak_v',
  'peak_t',
  'trough_v',
  'trough_t',
  'fast_trough_v',
  'fast_trough_t',
  'slow_trough_v',
  'slow_trough_t',
  'threshold_v',
  'threshold_i',
  'threshold_t',
] as const;

/**
 * `extract_sweep_features`: `{sweep number: sweep dict}` for sweeps grouped by stimulus type;
 * short squares use detection parameters adjusted to their onset window.
 */
export function extractSweepFeatures(
  ds: SweepSource,
  sweepsByType: Readonly<Record<string, readonly number[]>>,
): Record<string, SweepDict> {
  const out: Record<string, SweepDict> = {};
  for (const [type, numbers] of Object.entries(sweepsByType)) {
    let fex: ReturnType<typeof extractorForNwbSweeps>;
    if ((SHORT_SQUARE_TYPES as readonly string[]).includes(type)) {
      const triple = type === 'Short Square - Triple';
      const tmp = extractorForNwbSweeps(ds, numbers);
      const [cutoff, tf] = estimateAdjustedDetectionParameters(
        tmp.sweeps().map((s) => s.v),
        tmp.sweeps().map((s) => s.t),
        triple
          ? STIMULUS_WINDOWS.SHORT_SQUARE_TRIPLE_WINDOW_START
          : STIMULUS_WINDOWS.SHORT_SQUARES_WINDOW_START,
        triple
          ? STIMULUS_WINDOWS.SHORT_SQUARE_TRIPLE_WINDOW_END
          : STIMULUS_WINDOWS.SHORT_SQUARES_WINDOW_END,
      );
      fex = extractorForNwbSweeps(ds, numbers, {
        dvCutoff: cutoff,
        threshFrac: pyMax(SHORT_SQUARE_THRESH_FRAC_FLOOR, tf),
      });
    } else {
      fex = extractorForNwbSweeps(ds, numbers);
    }
    fex.processSpikes();
    for (const s of fex.sweeps()) out[String(s.id)] = s.asDict();
  }
  return out;
}

/** `mean_features_spike_zero`: the mean over spiking sweeps of each first-spike feature. */
export function meanFeaturesSpikeZero(
  sweeps: readonly EphysSweepFeatureExtractor[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const mf of MEAN_FEATURES) {
    const values = sweeps
      .filter((s) => (s.sweepFeature('avg_rate') as number) > 0)
      .map((s) => {
        const first = s.spikes()[0];
        const x = first?.[mf];
        if (x === undefined)
          throw new FeatureError(`spike feature '${mf}' is not available`, { path: mf });
        return Number(x);
      });
    out[mf] = mean(values);
  }
  return out;
}

export type CellFeatures = CellFeatureDict;

/**
 * `extract_cell_features`: the cell extractor's `asDict()` plus the hero sweep (the spiking long
 * square with the smallest amplitude in (rheobase + 39, rheobase + 61) pA), the plain mean baseline
 * of all long squares, and the mean first-spike features of ramps and short squares.
 */
export function extractCellFeatures(
  ds: SweepSource,
  rampSweepNumbers: readonly number[],
  shortSquareSweepNumbers: readonly number[],
  longSquareSweepNumbers: readonly number[],
  opts: { subthreshMinAmp?: number } = {},
): CellFeatures {
  const fex = cellExtractorForNwb(
    ds,
    rampSweepNumbers,
    shortSquareSweepNumbers,
    longSquareSweepNumbers,
    opts,
  );
  fex.process();
  const cell = fex.asDict();
  const rheoAmp = cell.long_squares.rheobase_i as number;
  const heroMin = rheoAmp + HERO_MIN_AMP_OFFSET;
  const heroMax = rheoAmp + HERO_MAX_AMP_OFFSET;
  let heroAmp = Number.POSITIVE_INFINITY;
  let hero: EphysSweepFeatureExtractor | null = null;
  for (const sweep of fex.longSquaresFeatures('spiking').sweeps()) {
    const nSpikes = sweep.spikes().length;
    const amp = sweep.sweepFeature('stim_amp') as number;
    if (nSpikes > 0 && amp > heroMin && amp < heroMax && amp < heroAmp) {
      heroAmp = amp;
      hero = sweep;
    }
  }
  if (!hero) throw new FeatureError('Could not find hero sweep.');
  const rampsMs0 = meanFeaturesSpikeZero(fex.rampsFeatures().sweeps());
  const ssMs0 = meanFeaturesSpikeZero(fex.shortSquaresFeatures().sweeps());
  cell.long_squares.v_baseline = mean(
    fex.longSquaresFeatures().sweepFeatures('v_baseline') as number[],
  );
  cell.long_squares.hero_sweep = hero.asDict();
  cell.ramps.mean_spike_0 = rampsMs0;
  cell.short_squares.mean_spike_0 = ssMs0;
  return cell;
}

/** `[start time, duration, amplitude, start index, end index]`; nulls and 0 for a flat stimulus. */
export type StimCharacteristics = [
  number | null,
  number | null,
  number,
  number | null,
  number | null,
];

function diffIndexes(i: Samples, pred: (d: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < i.length; k++)
    if (pred((i[k + 1] as number) - (i[k] as number))) out.push(k);
  return out;
}

function at<T>(a: readonly T[], k: number, what: string): T {
  const x = a[k < 0 ? a.length + k : k];
  if (x === undefined) throw new FeatureError(`the stimulus has too few ${what}`, { path: 'i' });
  return x;
}

/**
 * `get_stim_characteristics`: the stimulus from its second change of value (first with
 * `noTestPulse`) to its last change.
 */
export function getStimCharacteristics(
  i: Samples,
  t: Samples,
  opts: { noTestPulse?: boolean } = {},
): StimCharacteristics {
  const changes = diffIndexes(i, (d) => d !== 0);
  if (changes.length === 0) return [null, null, 0, null, null];
  const startIdx = at(changes, opts.noTestPulse ? 0 : 1, 'changes') + 1;
  const endIdx = at(changes, -1, 'changes') + 1;
  return [
    t[startIdx] as number,
    (t[endIdx] as number) - (t[startIdx] as number),
    i[startIdx] as number,
    startIdx,
    endIdx,
  ];
}

/** `get_ramp_stim_characteristics`: `[start time, start index]` at the second upward step. */
export function getRampStimCharacteristics(i: Samples, t: Samples): [number, number] {
  const up = diffIndexes(i, (d) => d > 0);
  const startIdx = at(up, 1, 'upward steps') + 1;
  return [t[startIdx] as number, startIdx];
}

/** `get_square_stim_characteristics`: the second (first with `noTestPulse`) up/down pair. */
export function getSquareStimCharacteristics(
  i: Samples,
  t: Samples,
  opts: { noTestPulse?: boolean } = {},
): StimCharacteristics {
  const up = diffIndexes(i, (d) => d > 0);
  const down = diffIndexes(i, (d) => d < 0);
  const k = opts.noTestPulse ? 0 : 1;
  const u = at(up, k, 'upward steps');
  const d = at(down, k, 'downward steps');
  const [startIdx, endIdx] = u < d ? [u + 1, d + 1] : [d + 1, u + 1];
  return [
    t[startIdx] as number,
    (t[endIdx] as number) - (t[startIdx] as number),
    i[startIdx] as number,
    startIdx,
    endIdx,
  ];
}
