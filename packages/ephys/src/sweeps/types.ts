// Shapes shared by the NWB 1 and NWB 2 sweep readers of NwbDataSet.
import type { SweepData } from '../features/cell-extractor.js';

/** Sweep samples as stored: float32 data stays a Float32Array (as numpy keeps it float32). */
export type SweepSamples =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** `get_sweep(n)`: SI units (stimulus A or V, response V or A), sample indexes, Hz. */
export interface NwbSweep extends SweepData {
  stimulus: SweepSamples;
  response: SweepSamples;
  /** `'Amps'` (current clamp), `'Volts'` (voltage clamp) or `'Unknown'` (no unit stored). */
  stimulus_unit: 'Amps' | 'Volts' | 'Unknown';
  /** `[first index after the test pulse, last valid sample]` (inclusive). */
  index_range: [number, number];
  sampling_rate: number;
}

/** A metadata value as stored: a number, a string, or an array of either. */
export type SweepMetadataValue = number | string | number[] | string[];

/** `get_sweep_metadata(n)`: only the keys present in the file. */
export type SweepMetadata = Record<string, SweepMetadataValue>;

export interface GetSweepOptions {
  /**
   * Multiply the data by its `conversion` attribute. allensdk 2.16.2 never does for published
   * files (its pipeline-version check fails under Python 3), so the default `false` is its actual
   * behaviour. NWB 2 data are always scaled.
   */
  applyConversion?: boolean;
}

export interface FillSweepResponsesOptions {
  /** Default 0. */
  fillValue?: number;
  /** Default: every sweep (`getSweepNumbers()`). */
  sweepNumbers?: readonly number[];
  /** Rewrite `Experiment_n/stimulus/count` to run to the end of the data (undo truncation). */
  extendExperiment?: boolean;
}

export interface SetSweepData {
  /** Replaces the stimulus (zero-padded to the sweep length). */
  stimulus?: ArrayLike<number> | null;
  /** Replaces the response (zero-padded to the sweep length). */
  response?: ArrayLike<number> | null;
}
