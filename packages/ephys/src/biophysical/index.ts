export * from './description.js';
export * from './hoc.js';
export * from './nwb-output.js';
export * from './runner.js';
export * from './stimulus.js';
