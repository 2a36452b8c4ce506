export * from './file-lock.js';
export * from './fs-store.js';
