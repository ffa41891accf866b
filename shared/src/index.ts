// @freshet/shared — the pure domain core used by the stream jobs, the index
// builder and the edge worker alike. Nothing in here does I/O.
export * from './events/index.js';
export * from './features/index.js';
export * from './keys.js';
export * from './result.js';
export * from './topics.js';
