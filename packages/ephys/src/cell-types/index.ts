export * from './cache.js';
export * from './merge.js';
export * from './swc.js';
