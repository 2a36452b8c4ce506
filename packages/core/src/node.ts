// Node-only entry point (file system, processes): to be exported as "@sdk/core/node".
// Browser-safe code is in index.ts. Helpers: only append `export ... from` lines.

export * from './cache/node/index.js';
export * from './formats/csv-node.js';
export * from './formats/npy-node.js';
export * from './formats/nrrd-node.js';
export * from './h5/plugins-node.js';
export * from './json/node.js';
export * from './manifest/description-node.js';
export * from './manifest/node.js';
