/**
 * Sweeps of an NWB 2 icephys file (reference/ephys.md §1, ipfx-style; allensdk 2.16.2 cannot read
 * NWB 2): a sweep is the PatchClampSeries carrying one `sweep_number`, one response
 * (Current/Voltage/IZeroClampSeries) and one stimulus (*ClampStimulusSeries).
 */
import { SdkError } from '@sdk/core';
import { type NwbFile, type NwbObject, type PatchClampSeries, toNumber } from '@sdk/nwb';
import type { NwbSweep, SweepMetadata } from './types.js';

const RESPONSE_TYPES = ['CurrentClampSeries', 'VoltageClampSeries', 'IZeroClampSeries'];
const STIMULUS_TYPES = ['CurrentClampStimulusSeries', 'VoltageClampStimulusSeries'];

export interface IcephysSweepSeries {
  sweep_number: number;
  response: PatchClampSeries | undefined;
  stimulus: PatchClampSeries | undefined;
}

function isOneOf(o: NwbObject, types: readonly string[]): boolean {
  return types.some((t) => o.isA(t));
}

/** The response and stimulus series of every sweep, by sweep number (ascending). */
export function icephysSweepSeries(f: NwbFile): Map<number, IcephysSweepSeries> {
  const by = new Map<number, IcephysSweepSeries>();
  for (const o of f.objectsOfType('PatchClampSeries')) {
    const raw = o.attr('sweep_number');
    if (raw === undefined) continue;
    const n = toNumber(raw, { file: f.filename, path: o.path });
    const e = by.get(n) ?? { sweep_number: n, response: undefined, stimulus: undefined };
    const kind = isOneOf(o, RESPONSE_TYPES)
      ? 'response'
      : isOneOf(o, STIMULUS_TYPES)
        ? 'stimulus'
        : null;
    if (kind === null) continue;
    const previous = e[kind];
    if (previous) {
      throw new SdkError(
        'E_FORMAT',
        `sweep ${n} has more than one ${kind} series (${previous.path}, ${o.path})`,
        { file: f.filename, path: o.path },
      );
    }
    e[kind] = o as PatchClampSeries;
    by.set(n, e);
  }
  return new Map([...by.entries()].sort((a, b) => a[0] - b[0]));
}

function series(
  f: NwbFile,
  sweepNumber: number,
): { response: PatchClampSeries; stimulus: PatchClampSeries } {
  const s = icephysSweepSeries(f).get(sweepNumber);
  if (!s) throw new SdkError('E_NOT_FOUND', `no sweep ${sweepNumber}`, { file: f.filename });
  if (!s.response || !s.stimulus) {
    throw new SdkError(
      'E_FORMAT',
      `sweep ${sweepNumber} has no ${s.response ? 'stimulus' : 'response'} series`,
      { file: f.filename, path: (s.response ?? s.stimulus)?.path },
    );
  }
  return { response: s.response, stimulus: s.stimulus };
}

/** `data · conversion` as float64. */
function scaledData(f: NwbFile, s: PatchClampSeries): Float64Array {
  const data = s.data;
  if (!data)
    throw new SdkError('E_FORMAT', 'the series has no data', { file: f.filename, path: s.path });
  const values = data.readFloat64().data;
  const c = s.conversion;
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = (values[k] as number) * c;
  return out;
}

function unitName(f: NwbFile, s: PatchClampSeries): 'Amps' | 'Volts' {
  const u = s.unit;
  if (['amperes', 'A', 'Amps', 'amps'].includes(u)) return 'Amps';
  if (['volts', 'V', 'Volts'].includes(u)) return 'Volts';
  throw new SdkError('E_FORMAT', `stimulus unit "${u}" not recognized`, {
    file: f.filename,
    path: `${s.path}/data`,
  });
}

/**
 * Start of the experiment: the first index after the test pulse, i.e. one past the second index
 * where the stimulus changes (`diff != 0`); 0 with fewer than two changes.
 */
export function testPulseEnd(stimulus: ArrayLike<number>): number {
  let seen = 0;
  for (let k = 0; k + 1 < stimulus.length; k++) {
    if ((stimulus[k + 1] as number) - (stimulus[k] as number) !== 0) {
      seen++;
      if (seen === 2) return k + 1;
    }
  }
  return 0;
}

/** The last index where the response is finite (MIES pads with NaN); −1 if none. */
export function lastFiniteIndex(response: ArrayLike<number>): number {
  for (let k = response.length - 1; k >= 0; k--) if (Number.isFinite(response[k])) return k;
  return -1;
}

export function icephysSweep(f: NwbFile, sweepNumber: number): NwbSweep {
  const { response, stimulus } = series(f, sweepNumber);
  const stim = scaledData(f, stimulus);
  const resp = scaledData(f, response);
  const rate = stimulus.rate;
  if (rate === undefined) {
    throw new SdkError('E_FORMAT', 'the stimulus series has no starting_time rate', {
      file: f.filename,
      path: stimulus.path,
    });
  }
  return {
    stimulus: stim,
    response: resp,
    stimulus_unit: unitName(f, stimulus),
    index_range: [testPulseEnd(stim), lastFiniteIndex(resp)],
    sampling_rate: rate,
  };
}

export function icephysSweepMetadata(f: NwbFile, sweepNumber: number): SweepMetadata {
  const { response } = series(f, sweepNumber);
  const out: SweepMetadata = {};
  const desc = response.stimulus_description;
  if (desc !== undefined) out.stimulus_description = desc;
  out.sweep_number = sweepNumber;
  const gain = response.gain;
  if (gain !== undefined) out.gain = gain;
  if (response.isA('CurrentClampSeries') && !response.isA('IZeroClampSeries')) {
    for (const k of ['bias_current', 'bridge_balance']) {
      const v = response.field(k);
      if (typeof v === 'number') out[k] = v;
    }
  }
  out.clamp_mode = response.isA('VoltageClampSeries') ? 'VoltageClamp' : 'CurrentClamp';
  return out;
}
