export * from './errors.js';
export * from './progress.js';
export * from './formats/python-literal.js';
export * from './table/index.js';
export * from './schema/index.js';
