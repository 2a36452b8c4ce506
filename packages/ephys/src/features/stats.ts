// Spike-train and voltage summaries of allensdk.ephys.ephys_features.
import { mean, nanmean } from '@sdk/signal';
import { findTimeIndex } from './dvdt.js';
import { meanFloat32 } from './float32.js';
import { isClose, type Samples } from './numeric.js';

/** `get_isis`: intervals (s) between consecutive spike indexes; empty for ≤ 1 spike. */
export function getIsis(t: Samples, spikeIndexes: readonly number[]): number[] {
  if (spikeIndexes.length <= 1) return [];
  const out: number[] = [];
  for (let k = 1; k < spikeIndexes.length; k++) {
    out.push(
      (t[spikeIndexes[k] as number] as number) - (t[spikeIndexes[k - 1] as number] as number),
    );
  }
  return out;
}

/** `average_voltage`: mean of `v` over `[idx(start), idx(end))`; NaN for an empty window. */
export function averageVoltage(
  v: Samples,
  t: Samples,
  start?: number | null,
  end?: number | null,
): number {
  const si = findTimeIndex(t, start ?? (t[0] as number));
  const ei = findTimeIndex(t, end ?? (t[t.length - 1] as number));
  if (ei <= si) return Number.NaN;
  // float32 voltages are averaged as numpy averages float32 arrays
  if (v instanceof Float32Array) return meanFloat32(v, si, ei);
  return mean(
    v instanceof Float64Array ? v.subarray(si, ei) : Array.prototype.slice.call(v, si, ei),
  );
}

/** `norm_diff`: nanmean of `(a[i+1] − a[i]) / (a[i+1] + a[i])` (positive when `a` grows). */
export function normDiff(a: readonly number[]): number {
  if (a.length <= 1) return Number.NaN;
  let allZero = true;
  for (let k = 0; k + 1 < a.length; k++) {
    if (!isClose((a[k + 1] as number) + (a[k] as number), 0)) {
      allZero = false;
      break;
    }
  }
  if (allZero) return 0;
  const d: number[] = [];
  for (let k = 0; k + 1 < a.length; k++) {
    const x = a[k] as number;
    const y = a[k + 1] as number;
    d.push(x === 0 && y === 0 ? 0 : (y - x) / (y + x));
  }
  return nanmean(d);
}

/** `norm_sq_diff`: mean of `(a[i+1] − a[i])² / (a[i+1] + a[i])²`. */
export function normSqDiff(a: readonly number[]): number {
  if (a.length <= 1) return Number.NaN;
  const d: number[] = [];
  for (let k = 0; k + 1 < a.length; k++) {
    const x = a[k] as number;
    const y = a[k + 1] as number;
    d.push(((y - x) * (y - x)) / ((y + x) * (y + x)));
  }
  return mean(d);
}

/** `adaptation_index`: `normDiff` of the ISIs; NaN without any. */
export function adaptationIndex(isis: readonly number[]): number {
  if (isis.length === 0) return Number.NaN;
  return normDiff(isis);
}

/** `latency`: time from `start` (default `t[0]`) to the first spike; NaN without spikes. */
export function latency(
  t: Samples,
  spikeIndexes: readonly number[],
  start?: number | null,
): number {
  if (spikeIndexes.length === 0) return Number.NaN;
  return (t[spikeIndexes[0] as number] as number) - (start ?? (t[0] as number));
}

/** `average_rate`: spikes with `start ≤ t ≤ end` per second of `[start, end]`. */
export function averageRate(
  t: Samples,
  spikeIndexes: readonly number[],
  start?: number | null,
  end?: number | null,
): number {
  const s = start ?? (t[0] as number);
  const e = end ?? (t[t.length - 1] as number);
  let n = 0;
  for (const k of spikeIndexes) {
    const ts = t[k] as number;
    if (ts >= s && ts <= e) n++;
  }
  return n / (e - s);
}
