export * from './errors.js';
export type * from './ndarray.js';
