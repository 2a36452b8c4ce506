// The NWB 2.x writer (target schema core 2.7.0, as pynwb 2.7-2.8 writes).
export * from './base.js';
export * from './behavior.js';
export { checkName, NwbContainer } from './container.js';
export * from './data.js';
export * from './ecephys.js';
export * from './epoch.js';
export * from './extension.js';
export * from './file.js';
export * from './icephys.js';
export * from './ids.js';
export * from './image.js';
export * from './ophys.js';
export {
  Column,
  type ColumnOptions,
  DynamicTable,
  type DynamicTableOptions,
  DynamicTableRegion,
  type DynamicTableRegionOptions,
  type TimeSeriesReference,
} from './table.js';
export { type DateInput, formatIsoDatetime } from './time.js';
export * from './writer.js';
