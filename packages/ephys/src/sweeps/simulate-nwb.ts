/**
 * allensdk.model.glif.simulate_neuron.simulate_neuron over NWB files: each sweep's stimulus is read
 * from the input file, simulated, and its voltage (spike cuts set to `spikeCutValue`) and
 * interpolated spike times are written into the output file with setSweep / setSpikeTimes.
 */
import { type LongOperationOptions, SdkError } from '@sdk/core';
import type { GlifNeuron, GlifRunResult } from '../glif/neuron.js';
import { DEFAULT_SPIKE_CUT_VALUE, simulateNeuron } from '../glif/simulate.js';
import { NwbDataSet } from './nwb-data-set.js';

export interface SimulateNeuronNwbOptions extends LongOperationOptions {
  /** Written over the NaN samples of spike cuts (V); default 0.05. */
  spikeCutValue?: number;
  /**
   * Copy the input file to the output first (default true when they differ). allensdk expects the
   * output to exist already; with `false` an existing output file is written into as it is.
   */
  copyInput?: boolean;
}

/**
 * Simulates `sweepNumbers` of `inputFile` and writes them into `outputFile` (which may be the input
 * itself, as the allensdk command's default). Each sweep is committed on its own, so an abort
 * keeps the sweeps done so far. Returns the run results by sweep number.
 */
export async function simulateNeuronNwb(
  neuron: GlifNeuron,
  sweepNumbers: readonly number[],
  inputFile: string,
  outputFile: string,
  options: SimulateNeuronNwbOptions = {},
): Promise<Map<number, GlifRunResult>> {
  const { copyFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const same = resolve(inputFile) === resolve(outputFile);
  if (!same && (options.copyInput ?? true)) {
    try {
      await copyFile(inputFile, outputFile);
    } catch (cause) {
      throw new SdkError('E_IO', `cannot copy ${inputFile} to the output`, {
        file: outputFile,
        cause,
      });
    }
  }
  const output = await NwbDataSet.open(outputFile, { mode: 'r+' });
  const input = same ? output : await NwbDataSet.open(inputFile);
  let pending: Float64Array | null = null;
  try {
    return await simulateNeuron(
      neuron,
      { getSweep: (n) => input.getSweep(n) },
      {
        sweepNumbers,
        spikeCutValue: options.spikeCutValue ?? DEFAULT_SPIKE_CUT_VALUE,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        sink: {
          // simulateNeuron hands over the response, then the spike times: commit both at once
          setSweep: (_n, d) => {
            pending = d.response;
          },
          setSpikeTimes: async (n, times) => {
            const response = pending;
            pending = null;
            await output.update((e) => {
              if (response) e.setSweep(n, { response });
              e.setSpikeTimes(n, times);
            });
          },
        },
      },
    );
  } finally {
    if (!same) input.close();
    output.close();
  }
}
