/**
 * The runner's NWB 1 output, as allensdk's `prepare_nwb_output` + `save_nwb` leave it: a copy of
 * the stimulus file whose sweep responses are replaced by the simulated voltage (V, zero-padded to
 * the sweep length, in the file's dtype) and whose `analysis/spike_times/Sweep_n` hold the spike
 * times (s). Experiment epochs are extended to the end of the data (`extend_experiment=True`).
 *
 * Only these writes; the general sweep editor is `NwbDataSet`. HDF5 cannot shrink or unlink
 * datasets through this backend, so a spike-time dataset is created once (float64, unlimited
 * maxshape, as allensdk creates it) and resized in place where allensdk deletes and re-creates it:
 * readers see the same values. Node.
 */
import { type H5Dataset, type H5File, openH5, SdkError } from '@sdk/core';
import type { BiophysicalSweepSink } from './runner.js';

function sweepNumbers(h5: H5File, prefix: string): number[] {
  if (!h5.has('/epochs')) return [];
  return h5
    .group('/epochs')
    .keys()
    .filter((k) => k.startsWith(prefix))
    .map((k) => Number(k.slice(prefix.length)))
    .filter((n) => Number.isInteger(n));
}

function scalar(h5: H5File, path: string): number {
  return Number(h5.dataset(path).read() as number | bigint);
}

function spikeDataset(h5: H5File, sweep: number): H5Dataset {
  if (!h5.has('/analysis')) h5.createGroup('/analysis');
  if (!h5.has('/analysis/spike_times')) {
    h5.createGroup('/analysis/spike_times').setAttr('neurodata_type', 'Custom');
  }
  const path = `/analysis/spike_times/Sweep_${sweep}`;
  if (!h5.has(path)) {
    return h5.createDataset(path, {
      data: new Float64Array(0),
      dtype: 'float64',
      maxshape: [null],
      chunks: [1024],
    });
  }
  return h5.dataset(path);
}

function writeSpikeTimes(h5: H5File, sweep: number, times: ArrayLike<number>): void {
  const ds = spikeDataset(h5, sweep);
  const maxshape = ds.maxshape;
  if (maxshape && maxshape[0] !== null && (maxshape[0] as number) < times.length) {
    throw new SdkError('E_UNSUPPORTED', `analysis/spike_times/Sweep_${sweep} cannot be resized`, {
      file: h5.filename,
    });
  }
  ds.resize([times.length]);
  if (times.length > 0) ds.write(Float64Array.from(times));
}

/** `prepare_nwb_output`: copy, zero every sweep response, extend experiments, empty spike times. */
export async function prepareNwbOutput(stimulusPath: string, outputPath: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  await fs.mkdir(path.dirname(outputPath), { recursive: true });
  await fs.copyFile(stimulusPath, outputPath);
  const h5 = await openH5(outputPath, { mode: 'a' });
  try {
    for (const n of sweepNumbers(h5, 'Sweep_')) {
      const data = h5.dataset(`/epochs/Sweep_${n}/response/timeseries/data`);
      const len = data.shape?.[0] ?? 0;
      data.write(new Float64Array(len));
      const exp = `/epochs/Experiment_${n}/stimulus`;
      if (h5.has(exp)) {
        const total = h5.dataset(`${exp}/timeseries/data`).shape?.[0] ?? 0;
        h5.dataset(`${exp}/count`).write(total - scalar(h5, `${exp}/idx_start`));
      }
    }
    for (const n of sweepNumbers(h5, 'Sweep_')) writeSpikeTimes(h5, n, []);
  } finally {
    h5.close();
  }
}

/** `save_nwb` into a prepared output file (each call opens and closes it). */
export function nwb1OutputSink(outputPath: string): BiophysicalSweepSink {
  return {
    async setSweep(sweep, { response }) {
      const h5 = await openH5(outputPath, { mode: 'a' });
      try {
        const stim = `/epochs/Sweep_${sweep}/stimulus`;
        const length = h5.has(`${stim}/idx_stop`)
          ? scalar(h5, `${stim}/idx_stop`) + 1
          : scalar(h5, `${stim}/count`);
        const data = h5.dataset(`/epochs/Sweep_${sweep}/response/timeseries/data`);
        if (response.length > length || (data.shape?.[0] ?? 0) !== length) {
          throw new SdkError(
            'E_VALIDATION',
            `sweep ${sweep}: ${response.length} samples do not fit its ${length}-sample response`,
            { file: outputPath, path: data.path },
          );
        }
        const padded = new Float64Array(length);
        padded.set(response);
        data.write(padded);
      } finally {
        h5.close();
      }
    },
    async setSpikeTimes(sweep, times) {
      const h5 = await openH5(outputPath, { mode: 'a' });
      try {
        writeSpikeTimes(h5, sweep, times);
      } finally {
        h5.close();
      }
    },
  };
}
