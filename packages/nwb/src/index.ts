// @sdk/nwb: NWB 2.x read and write (base, ophys, ecephys, icephys, behavior) and NWB 1.x read.

export * from './base.js';
export * from './behavior.js';
export * from './dataset.js';
export * from './ecephys.js';
export * from './file.js';
export * from './icephys.js';
export * from './info.js';
export * from './nwb1.js';
export * from './object.js';
export * from './ophys.js';
export * from './registry.js';
export * from './spec/catalog.js';
export * from './table.js';
// Writer (src/write). Its classes share names with the read-side types above, so they are
// reached as `write.TimeSeries`, `write.Units`, ...; the entry points are also exported directly.
export * as write from './write/index.js';
export {
  createNwbFile,
  type DataIO,
  type DataStream,
  dataIO,
  dataStream,
  type IdGenerator,
  NwbFileBuilder,
  type NwbFileOptions,
  randomIdGenerator,
  seededIdGenerator,
  type WriteNwbOptions,
  type WriteNwbResult,
  writeNwb,
  writeNwbBytes,
} from './write/index.js';
