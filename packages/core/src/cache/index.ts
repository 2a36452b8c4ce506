export * from './allen-cache.js';
export * from './cacher.js';
export * from './call-caching.js';
export * from './get-or-fetch.js';
export * from './presets.js';
export * from './store.js';
