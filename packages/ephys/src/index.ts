// @sdk/ephys: Cell Types intracellular sweeps, feature extraction, GLIF and biophysical models.
// Nothing is exported until the package's issue (#7) lands; see README.md.
export * from './glif/index.js';
