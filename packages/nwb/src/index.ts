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
