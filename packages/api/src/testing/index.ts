// @sdk/api/testing: test utilities (Node-only).
export * from './replayServer.js';
