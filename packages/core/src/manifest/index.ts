export * from './description.js';
export * from './manifest.js';
export * from './manifest-builder.js';
export * from './percent-format.js';
export * from './version-error.js';
