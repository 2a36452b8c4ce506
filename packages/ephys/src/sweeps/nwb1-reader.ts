/**
 * Sweep reads of an Allen Cell Types NWB 1 file, as allensdk 2.16.2's `NwbDataSet` does them
 * (reference/ephys.md §1), on top of @sdk/nwb's `Nwb1File`.
 */
import type { NumericArray } from '@sdk/core';
import { SdkError } from '@sdk/core';
import { type Nwb1File, toNumber } from '@sdk/nwb';
import type { GetSweepOptions, NwbSweep, SweepMetadata, SweepSamples } from './types.js';

/** allensdk's spike-time keys. */
export const SPIKE_TIMES_KEY = 'spike_times';
export const DEPRECATED_SPIKE_TIMES_KEY = 'aibs_spike_times';

/** The metadata fields `get_sweep_metadata` returns when present. */
export const NWB1_METADATA_FIELDS = [
  'aibs_stimulus_amplitude_pa',
  'aibs_stimulus_name',
  'gain',
  'initial_access_resistance',
  'seal',
] as const;

function fail(f: Nwb1File, code: 'E_NOT_FOUND' | 'E_FORMAT', message: string, path: string): never {
  throw new SdkError(code, message, { file: f.filename, path });
}

/** Sweep numbers of the epochs named `<prefix>N`, in HDF5 name order (`Sweep_10` before `Sweep_2`). */
export function epochNumbers(f: Nwb1File, prefix: 'Sweep_' | 'Experiment_'): number[] {
  if (!f.has('/epochs')) fail(f, 'E_FORMAT', 'the file has no epochs group', '/epochs');
  const out: number[] = [];
  for (const e of f.list('/epochs')) {
    if (!e.name.startsWith(prefix)) continue;
    const digits = e.name.split('_')[1] ?? '';
    if (!/^[+-]?\d+$/.test(digits.trim())) {
      fail(
        f,
        'E_FORMAT',
        `epoch name "${e.name}" does not end in a sweep number`,
        `/epochs/${e.name}`,
      );
    }
    out.push(Number.parseInt(digits, 10));
  }
  return out;
}

function scalarNumber(f: Nwb1File, path: string): number {
  if (!f.has(path)) fail(f, 'E_NOT_FOUND', 'missing dataset', path);
  return toNumber(f.dataset(path).readScalar(), { file: f.filename, path });
}

/** `[start, stop]` of an epoch member: `[idx_start, idx_start + count − 1]`. */
function epochRange(f: Nwb1File, epoch: string): [number, number] {
  const start = scalarNumber(f, `${epoch}/stimulus/idx_start`);
  const count = scalarNumber(f, `${epoch}/stimulus/count`);
  return [start, start + count - 1];
}

function asSamples(data: NumericArray, f: Nwb1File, path: string): SweepSamples {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    return Float64Array.from(data, Number);
  }
  if (
    data instanceof Float32Array ||
    data instanceof Float64Array ||
    data instanceof Int8Array ||
    data instanceof Uint8Array ||
    data instanceof Int16Array ||
    data instanceof Uint16Array ||
    data instanceof Int32Array ||
    data instanceof Uint32Array
  ) {
    return data;
  }
  return fail(f, 'E_FORMAT', 'sweep data is not numeric', path);
}

/**
 * numpy's `data * float(conversion)`: a float32 array stays float32 (the factor is rounded to
 * float32 first), float64 stays float64, integers become float64.
 */
function scale(data: SweepSamples, conversion: number): SweepSamples {
  if (data instanceof Float32Array) {
    const c = Math.fround(conversion);
    const out = new Float32Array(data.length);
    for (let k = 0; k < data.length; k++) out[k] = (data[k] as number) * c;
    return out;
  }
  const out = new Float64Array(data.length);
  for (let k = 0; k < data.length; k++) out[k] = (data[k] as number) * conversion;
  return out;
}

function readSeriesData(
  f: Nwb1File,
  path: string,
  applyConversion: boolean,
): { data: SweepSamples; attrs: Record<string, unknown> } {
  if (!f.has(path)) fail(f, 'E_NOT_FOUND', 'missing sweep data', path);
  const handle = f.dataset(path);
  const attrs = f.attrs(path);
  let data = asSamples(handle.readNumeric().data, f, path);
  if (applyConversion) {
    if (attrs.conversion === undefined)
      fail(f, 'E_FORMAT', 'data has no conversion attribute', path);
    data = scale(data, toNumber(attrs.conversion, { file: f.filename, path }));
  }
  return { data, attrs };
}

function stimulusUnit(
  f: Nwb1File,
  attrs: Record<string, unknown>,
  path: string,
): NwbSweep['stimulus_unit'] {
  const unit = attrs.unit;
  if (unit === undefined) return 'Unknown';
  const text = Array.isArray(unit) ? String(unit[0]) : String(unit);
  if (text.startsWith('A')) return 'Amps';
  if (text.startsWith('V')) return 'Volts';
  return fail(f, 'E_FORMAT', `stimulus time series unit "${text}" not recognized`, path);
}

/** `get_sweep(n)` of an NWB 1 file. */
export function nwb1Sweep(
  f: Nwb1File,
  sweepNumber: number,
  options: GetSweepOptions = {},
): NwbSweep {
  const swp = `/epochs/Sweep_${sweepNumber}`;
  if (!f.has(swp)) fail(f, 'E_NOT_FOUND', `no sweep ${sweepNumber}`, swp);
  const apply = options.applyConversion ?? false;
  const stimPath = `${swp}/stimulus/timeseries/data`;
  const stim = readSeriesData(f, stimPath, apply);
  const resp = readSeriesData(f, `${swp}/response/timeseries/data`, apply);
  const unit = stimulusUnit(f, stim.attrs, stimPath);
  const sweepRange = epochRange(f, swp);
  // allensdk falls back to the whole sweep when the experiment epoch (or a part of it) is missing
  const exp = `/epochs/Experiment_${sweepNumber}`;
  const indexRange =
    f.has(`${exp}/stimulus/idx_start`) && f.has(`${exp}/stimulus/count`)
      ? epochRange(f, exp)
      : sweepRange;
  if (sweepRange[0] !== 0) {
    fail(
      f,
      'E_FORMAT',
      'index range of the full sweep does not start at 0',
      `${swp}/stimulus/idx_start`,
    );
  }
  const rateAt = `${swp}/stimulus/timeseries/starting_time`;
  if (!f.has(rateAt)) fail(f, 'E_FORMAT', 'the stimulus has no starting_time', rateAt);
  const rate = f.attrs(rateAt).rate;
  if (rate === undefined) fail(f, 'E_FORMAT', 'starting_time has no rate attribute', rateAt);
  return {
    stimulus: stim.data,
    response: resp.data,
    stimulus_unit: unit,
    index_range: indexRange,
    sampling_rate: 1.0 * toNumber(rate, { file: f.filename, path: rateAt }),
  };
}

/** `get_sweep_metadata(n)`: the present fields of `stimulus/presentation/Sweep_n`, `{}` without it. */
export function nwb1SweepMetadata(f: Nwb1File, sweepNumber: number): SweepMetadata {
  const base = `/stimulus/presentation/Sweep_${sweepNumber}`;
  const out: SweepMetadata = {};
  if (!f.has(base)) return out;
  for (const field of NWB1_METADATA_FIELDS) {
    const p = `${base}/${field}`;
    if (!f.has(p)) continue;
    const v = f.read(p);
    if (typeof v === 'number' || typeof v === 'string') out[field] = v;
    else if (typeof v === 'bigint') out[field] = toNumber(v, { file: f.filename, path: p });
    else if (typeof v === 'boolean') out[field] = v ? 1 : 0;
    else if (Array.isArray(v)) out[field] = v.map(String);
    else if (v !== null && typeof v === 'object' && 'data' in v) {
      out[field] = Array.from(v.data as ArrayLike<number | bigint>, Number);
    }
  }
  return out;
}

/** `get_spike_times(n, key)`: `analysis/<key>/Sweep_n`, else the deprecated key, else empty. */
export function nwb1SpikeTimes(f: Nwb1File, sweepNumber: number, key: string): Float64Array {
  for (const k of [key, DEPRECATED_SPIKE_TIMES_KEY]) {
    const p = `/analysis/${k}/Sweep_${sweepNumber}`;
    if (f.has(p)) return f.dataset(p).readFloat64().data;
  }
  return new Float64Array(0);
}

/**
 * `(major, minor)` from `general/generated_by` (`[k1, v1, k2, v2, …]`), decoded correctly;
 * `[0, 0]` when absent or unparsable. (allensdk 2.16.2 always gets `(0, 0)` under Python 3.)
 */
export function nwb1PipelineVersion(f: Nwb1File): [number, number] {
  const version = f.generatedBy().version;
  if (version === undefined) return [0, 0];
  const toks = version.split('.');
  if (toks.length < 2) return [0, 0];
  const major = Number(toks[0]);
  const minor = Number(toks[1]);
  if (!/^\s*[+-]?\d+\s*$/.test(toks[0] as string) || !/^\s*[+-]?\d+\s*$/.test(toks[1] as string)) {
    return [0, 0];
  }
  return [major, minor];
}
