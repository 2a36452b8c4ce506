/**
 * What the biophysical runner reads of a sweep: its stimulus (A) and sampling rate, as allensdk's
 * `NwbDataSet.get_sweep` returns them for an Allen NWB 1 file (the published files are read
 * unscaled, spec §1), plus the conversion to NEURON's nA that `Utils.read_stimulus` does.
 */
import { SdkError } from '@sdk/core';
import { openNwb1 } from '@sdk/nwb';

export interface BiophysicalSweep {
  /** Stimulus samples in A, in the file's precision (float32 data stays Float32Array). */
  stimulus: Float32Array | Float64Array;
  /** Hz. */
  sampling_rate: number;
  /** First sample of the experiment epoch (after the test pulse); 0 when there is none. */
  experimentStart?: number;
  /**
   * The file stores responses as float32 (Allen files do): the simulated voltage is read back
   * rounded to float32 when allensdk extracts spike times from the output file.
   */
  responseIsFloat32?: boolean;
}

/** Where stimuli come from (an NWB 1 file by default; anything shaped like `NwbDataSet`). */
export interface BiophysicalSweepSource {
  getSweep(sweepNumber: number): BiophysicalSweep | Promise<BiophysicalSweep>;
  /** Stimulus names by sweep (`stimulus/presentation/Sweep_n/aibs_stimulus_name`), if known. */
  getStimulusName?(sweepNumber: number): string | undefined | Promise<string | undefined>;
}

/**
 * `stimulus · 1e9` as numpy computes it: a float32 array times a Python float stays float32
 * (value-based casting), so each product is rounded to float32; float64 data stays float64.
 */
export function stimulusToNanoamps(stimulus: Float32Array | Float64Array): Float64Array {
  const out = new Float64Array(stimulus.length);
  if (stimulus instanceof Float32Array) {
    for (let i = 0; i < stimulus.length; i++) out[i] = Math.fround((stimulus[i] as number) * 1e9);
  } else {
    for (let i = 0; i < stimulus.length; i++) out[i] = (stimulus[i] as number) * 1e9;
  }
  return out;
}

/** Reads sweeps' stimuli from an Allen Cell Types NWB 1 file (`epochs/Sweep_n/stimulus`). */
export async function nwb1SweepSource(
  path: string,
): Promise<BiophysicalSweepSource & { close(): void }> {
  const file = await openNwb1(path);
  return {
    getSweep(n: number): BiophysicalSweep {
      const ts = `/epochs/Sweep_${n}/stimulus/timeseries`;
      if (!file.has(ts)) {
        throw new SdkError('E_NOT_FOUND', `no sweep ${n} in the stimulus file`, {
          file: path,
          path: ts,
        });
      }
      const nd = file.dataset(`${ts}/data`).readNumeric();
      const data = nd.data;
      const stimulus =
        data instanceof Float32Array || data instanceof Float64Array
          ? data
          : Float64Array.from(data as ArrayLike<number | bigint>, Number);
      const rate = Number(file.attrs(`${ts}/starting_time`).rate);
      if (!Number.isFinite(rate) || rate <= 0) {
        throw new SdkError('E_FORMAT', `sweep ${n} has no valid starting_time@rate`, {
          file: path,
          path: `${ts}/starting_time`,
        });
      }
      const exp = `/epochs/Experiment_${n}/stimulus/idx_start`;
      const experimentStart = file.has(exp) ? Number(file.read(exp)) : 0;
      const resp = `/epochs/Sweep_${n}/response/timeseries/data`;
      const responseIsFloat32 = file.has(resp) && file.dataset(resp).dtype.endsWith('float32');
      return { stimulus, sampling_rate: 1.0 * rate, experimentStart, responseIsFloat32 };
    },
    getStimulusName(n: number): string | undefined {
      const p = `/stimulus/presentation/Sweep_${n}/aibs_stimulus_name`;
      if (!file.has(p)) return undefined;
      const v = file.read(p);
      return typeof v === 'string' ? v : undefined;
    },
    close: () => file.close(),
  };
}
