/**
 * The writes of allensdk's `NwbDataSet` (`set_sweep`, `set_spike_times`, `fill_sweep_responses`)
 * on an NWB 1 file opened read-write through core's HDF5 wrapper. NwbDataSet runs them on a temp
 * copy that replaces the file only when every edit succeeded.
 */
import { type H5Dataset, type H5File, SdkError } from '@sdk/core';
import { toNumber } from '@sdk/nwb';
import { SPIKE_TIMES_KEY } from './nwb1-reader.js';

function scalar(h5: H5File, path: string): number {
  if (!h5.has(path))
    throw new SdkError('E_NOT_FOUND', 'missing dataset', { file: h5.filename, path });
  const v = h5.dataset(path).read();
  return toNumber(v, { file: h5.filename, path });
}

function sweepEpoch(h5: H5File, sweepNumber: number): string {
  const swp = `/epochs/Sweep_${sweepNumber}`;
  if (!h5.has(swp))
    throw new SdkError('E_NOT_FOUND', `no sweep ${sweepNumber}`, { file: h5.filename, path: swp });
  return swp;
}

/** Writes an integer into a scalar integer dataset, keeping the dataset's own integer type. */
function writeIntegerScalar(ds: H5Dataset, value: number): void {
  const t = ds.dtype;
  if ((t.class !== 'int' && t.class !== 'uint') || (ds.shape?.length ?? -1) !== 0) {
    throw new SdkError('E_FORMAT', `expected a scalar integer dataset, found ${ds.dtypeName}`, {
      file: ds.file.filename,
      path: ds.path,
    });
  }
  ds.write(value);
}

/** Writes `values` over the whole 1-D dataset, zero-padded to `length` first (as allensdk pads). */
function overwrite(ds: H5Dataset, values: ArrayLike<number>, length: number, what: string): void {
  const shape = ds.shape;
  if (shape?.length !== 1) {
    throw new SdkError('E_FORMAT', `${what} is not a 1-D dataset`, {
      file: ds.file.filename,
      path: ds.path,
    });
  }
  const padded = new Float64Array(Math.max(length, values.length));
  for (let k = 0; k < values.length; k++) padded[k] = values[k] as number;
  if (padded.length !== shape[0]) {
    throw new SdkError(
      'E_VALIDATION',
      `cannot write ${padded.length} samples over the ${shape[0]} stored in ${what}`,
      { file: ds.file.filename, path: ds.path },
    );
  }
  ds.write(padded);
}

/** `set_sweep(n, stimulus, response)`: overwrite in place, zero-padded to the sweep length. */
export function setSweepIn(
  h5: H5File,
  sweepNumber: number,
  stimulus: ArrayLike<number> | null | undefined,
  response: ArrayLike<number> | null | undefined,
): void {
  const swp = sweepEpoch(h5, sweepNumber);
  // the whole sweep, test pulse included; `idx_stop` is the deprecated spelling
  const length = h5.has(`${swp}/stimulus/idx_stop`)
    ? scalar(h5, `${swp}/stimulus/idx_stop`) + 1
    : scalar(h5, `${swp}/stimulus/count`);
  if (stimulus) {
    overwrite(
      h5.dataset(`${swp}/stimulus/timeseries/data`),
      stimulus,
      length,
      `sweep ${sweepNumber} stimulus`,
    );
  }
  if (response) {
    overwrite(
      h5.dataset(`${swp}/response/timeseries/data`),
      response,
      length,
      `sweep ${sweepNumber} response`,
    );
  }
}

/**
 * `set_spike_times(n, times)`: always under `analysis/spike_times` (created with
 * `neurodata_type = 'Custom'`), `Sweep_n` as float64 with an unlimited maxshape. An existing
 * dataset is replaced by resizing it (h5wasm cannot delete links, which allensdk does instead);
 * one that cannot take the new length is an E_UNSUPPORTED error.
 */
export function setSpikeTimesIn(
  h5: H5File,
  sweepNumber: number,
  spikeTimes: ArrayLike<number>,
): void {
  const dir = `/analysis/${SPIKE_TIMES_KEY}`;
  if (!h5.has(dir)) {
    h5.createGroup(dir).setAttr('neurodata_type', 'Custom');
  }
  const times = Float64Array.from(spikeTimes);
  const path = `${dir}/Sweep_${sweepNumber}`;
  if (!h5.has(path)) {
    h5.createDataset(path, { data: times, dtype: 'float64', maxshape: [null] });
    return;
  }
  const ds = h5.dataset(path);
  const shape = ds.shape;
  const max = ds.maxshape;
  const dtype = ds.dtype;
  const isF64 = dtype.class === 'float' && dtype.size === 8;
  if (shape?.length !== 1 || !isF64) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `cannot replace ${ds.dtypeName} spike times of shape [${shape ?? ''}]: deleting an HDF5 link is not available`,
      { file: h5.filename, path },
    );
  }
  if (shape[0] !== times.length) {
    // only chunked datasets can change their extent, within their maxshape
    const limit = max?.[0];
    const resizable =
      ds.chunks !== null && (limit === null || (limit !== undefined && limit >= times.length));
    if (!resizable) {
      throw new SdkError(
        'E_UNSUPPORTED',
        `cannot replace ${shape[0]} spike times by ${times.length}: the dataset is not resizable and deleting an HDF5 link is not available`,
        { file: h5.filename, path },
      );
    }
    ds.resize([times.length]);
  }
  if (times.length > 0) ds.write(times);
}

/** `fill_sweep_responses(fill, sweeps, extend_experiment)`. */
export function fillSweepResponsesIn(
  h5: H5File,
  sweepNumbers: readonly number[],
  fillValue: number,
  extendExperiment: boolean,
): void {
  for (const n of sweepNumbers) {
    const swp = `/epochs/Sweep_${n}`;
    if (h5.has(swp)) {
      const ds = h5.dataset(`${swp}/response/timeseries/data`);
      ds.write(new Float64Array(ds.size).fill(fillValue));
    }
    const exp = `/epochs/Experiment_${n}`;
    if (extendExperiment && h5.has(exp)) {
      const idxStart = scalar(h5, `${exp}/stimulus/idx_start`);
      const data = h5.dataset(`${exp}/stimulus/timeseries/data`);
      const count = (data.shape?.[0] ?? 0) - idxStart;
      // allensdk deletes and recreates `count`; writing the scalar in place stores the same value
      writeIntegerScalar(h5.dataset(`${exp}/stimulus/count`), count);
    }
  }
}
