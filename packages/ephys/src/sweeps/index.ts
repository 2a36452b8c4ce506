export {
  type IcephysSweepSeries,
  icephysSweep,
  icephysSweepMetadata,
  icephysSweepSeries,
  lastFiniteIndex,
  testPulseEnd,
} from './icephys-reader.js';
export { NwbDataSet, type NwbDataSetOptions, type NwbSweepEditor } from './nwb-data-set.js';
export {
  DEPRECATED_SPIKE_TIMES_KEY,
  NWB1_METADATA_FIELDS,
  SPIKE_TIMES_KEY,
} from './nwb1-reader.js';
export { type SimulateNeuronNwbOptions, simulateNeuronNwb } from './simulate-nwb.js';
export type {
  FillSweepResponsesOptions,
  GetSweepOptions,
  NwbSweep,
  SetSweepData,
  SweepMetadata,
  SweepMetadataValue,
  SweepSamples,
} from './types.js';
