// Node-only entry points: streaming downloads and the zip reader.

export * from './download/cached.js';
export * from './download/file.js';
export * from './download/zip.js';
