export * from './json-comments.js';
export * from './python-json.js';
