import { mean, median } from '@sdk/signal';
import { calculateDvdt, findTimeIndex } from './dvdt.js';
import { FeatureError } from './errors.js';
import { maxOf, type Samples } from './numeric.js';
import {
  detectPutativeSpikes,
  filterPutativeSpikes,
  findPeakIndexes,
  findUpstrokeIndexes,
} from './spikes.js';

/**
 * `estimate_adjusted_detection_parameters`: a dV/dt cutoff and threshold fraction adjusted to an
 * interval where the voltage moves fast but passively (strong current onset). Returns
 * `[dvCutoff, threshFrac]`; `threshFrac` is NaN when no sweep has spikes.
 */
export function estimateAdjustedDetectionParameters(
  vSet: readonly Samples[],
  tSet: readonly Samples[],
  intervalStart: number,
  intervalEnd: number,
  opts: { filter?: number | null } = {},
): [number, number] {
  const filter = opts.filter === undefined ? 10 : opts.filter;
  if (vSet.length !== tSet.length)
    throw new FeatureError('t_set and v_set must be lists of equal size');
  if (vSet.length === 0) throw new FeatureError('t_set and v_set are empty');
  const t0 = tSet[0] as Samples;
  const si = findTimeIndex(t0, intervalStart);
  const ei = findTimeIndex(t0, intervalEnd);
  const maxes: number[] = [];
  const ends: number[] = [];
  const dvSet: Float64Array[] = [];
  vSet.forEach((v, k) => {
    const dv = calculateDvdt(v, tSet[k] as Samples, filter);
    dvSet.push(dv);
    maxes.push(maxOf(dv.subarray(si, ei)));
    if (ei >= dv.length)
      throw new FeatureError('interval end is past the end of the sweep', { path: 'intervalEnd' });
    ends.push(dv[ei] as number);
  });
  const newDvCutoff = median(maxes) * 1.1;
  const minThresh = median(ends) * 1.2;
  const upstrokes: number[] = [];
  vSet.forEach((v, k) => {
    const t = tSet[k] as Samples;
    const dv = dvSet[k] as Float64Array;
    const putative = detectPutativeSpikes(v, t, { dvCutoff: newDvCutoff, filter });
    const peaks = findPeakIndexes(v, t, putative);
    const f = filterPutativeSpikes(v, t, putative, peaks, { dvdt: dv, filter });
    for (const u of findUpstrokeIndexes(v, t, f.spikeIndexes, f.peakIndexes, { dvdt: dv }))
      upstrokes.push(dv[u] as number);
  });
  return [newDvCutoff, minThresh / mean(upstrokes)];
}
