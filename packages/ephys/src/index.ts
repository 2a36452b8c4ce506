// @sdk/ephys: Cell Types intracellular sweeps, feature extraction, GLIF and biophysical models.

export * from './biophysical/index.js';
export * from './cell-types/index.js';
export * from './features/index.js';
export * from './glif/index.js';
export * from './sweeps/index.js';
