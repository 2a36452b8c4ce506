/**
 * allensdk.model.glif.simulate_neuron over an abstract sweep source. The NWB binding (read the
 * stimulus of each sweep from an NWB file, write the response and spike times back through
 * `NwbDataSet`) is `simulateNeuronNwb` in src/sweeps/simulate-nwb.ts.
 */
import { type LongOperationOptions, SdkError } from '@sdk/core';
import type { GlifNeuron, GlifRunResult } from './neuron.js';

/** allensdk's default value written over spike cuts: 50 mV. */
export const DEFAULT_SPIKE_CUT_VALUE = 0.05;

/** One sweep's stimulus (A) and its sampling rate (Hz); `sampling_rate` as NwbDataSet spells it. */
export type GlifSweep =
  | { stimulus: ArrayLike<number>; sampling_rate: number }
  | { stimulus: ArrayLike<number>; samplingRate: number };

/** Where the stimuli come from (an NWB file's sweeps, in the NWB binding). */
export interface GlifSweepSource {
  sweepNumbers?: readonly number[];
  getSweep(sweepNumber: number): GlifSweep | Promise<GlifSweep>;
}

/** Where the simulated responses go (`NwbDataSet.setSweep` / `setSpikeTimes` in the NWB binding). */
export interface GlifSweepSink {
  setSweep(sweepNumber: number, data: { response: Float64Array }): void | Promise<void>;
  setSpikeTimes(sweepNumber: number, spikeTimes: Float64Array): void | Promise<void>;
}

export interface SimulateNeuronOptions extends LongOperationOptions {
  /** Sweeps to simulate; default `source.sweepNumbers`. */
  sweepNumbers?: readonly number[];
  /** Written over the NaN samples of spike cuts (V); default 0.05. */
  spikeCutValue?: number;
  /** Receives each sweep's response and interpolated spike times. */
  sink?: GlifSweepSink;
}

/** A row of a cell's sweep table (`ephys_sweeps.json`), as far as sweep selection needs it. */
export interface GlifEphysSweep {
  sweep_number: number;
  stimulus_name: string;
}

/**
 * The sweeps allensdk's `simulate_neuron` command simulates: every sweep of the cell's sweep
 * table except the test-pulse sweeps (`stimulus_name == 'Test'`), in table order.
 */
export function glifSimulationSweepNumbers(sweeps: readonly GlifEphysSweep[]): number[] {
  return sweeps.filter((s) => s.stimulus_name !== 'Test').map((s) => s.sweep_number);
}

/** Runs the neuron and replaces the voltage's NaNs (spike cuts) with `spikeCutValue`, in place. */
export function simulateSweep(
  neuron: GlifNeuron,
  stimulus: ArrayLike<number>,
  spikeCutValue: number = DEFAULT_SPIKE_CUT_VALUE,
): GlifRunResult {
  const data = neuron.run(stimulus);
  const v = data.voltage;
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) v[i] = spikeCutValue;
  return data;
}

function samplingRateOf(sweep: GlifSweep, sweepNumber: number): number {
  const rate = 'sampling_rate' in sweep ? sweep.sampling_rate : sweep.samplingRate;
  if (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate)) {
    throw new SdkError(
      'E_VALIDATION',
      `sweep ${sweepNumber}: sampling rate must be a positive number, got ${String(rate)}`,
      {
        path: `sweep ${sweepNumber}`,
      },
    );
  }
  return rate;
}

/**
 * Simulates every sweep: per sweep the neuron's `dt` becomes `1 / sampling_rate`, the stimulus
 * is run through {@link simulateSweep}, and the sink (if any) gets the voltage as the response and
 * the interpolated spike times. Returns the run results by sweep number.
 */
export async function simulateNeuron(
  neuron: GlifNeuron,
  source: GlifSweepSource,
  options: SimulateNeuronOptions = {},
): Promise<Map<number, GlifRunResult>> {
  const sweepNumbers = options.sweepNumbers ?? source.sweepNumbers;
  if (sweepNumbers === undefined) {
    throw new SdkError(
      'E_VALIDATION',
      'simulateNeuron: no sweep numbers given (options.sweepNumbers or source.sweepNumbers)',
    );
  }
  const spikeCutValue = options.spikeCutValue ?? DEFAULT_SPIKE_CUT_VALUE;
  const results = new Map<number, GlifRunResult>();
  let done = 0;
  for (const sweepNumber of sweepNumbers) {
    options.signal?.throwIfAborted();
    const sweep = await source.getSweep(sweepNumber);
    neuron.dt = 1.0 / samplingRateOf(sweep, sweepNumber);
    const data = simulateSweep(neuron, sweep.stimulus, spikeCutValue);
    if (options.sink) {
      await options.sink.setSweep(sweepNumber, { response: data.voltage });
      await options.sink.setSpikeTimes(sweepNumber, data.interpolated_spike_times);
    }
    results.set(sweepNumber, data);
    done++;
    options.onProgress?.({ label: `sweep ${sweepNumber}`, done, total: sweepNumbers.length });
  }
  return results;
}
