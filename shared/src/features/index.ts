// Feature definitions and their state: declared once, used by the stream
// path, the training path and the serving path.
export * from './catalog.js';
export * from './catalog-record.js';
export * from './cohorts.js';
export * from './define.js';
export * from './enrich.js';
export * from './item-features.js';
export * from './memory-store.js';
export * from './state/counter.js';
export * from './state/entity-state.js';
export * from './state/event-log.js';
export * from './state/specs.js';
export * from './time.js';
export * from './user-features.js';
export * from './writes.js';
export * from './admission.js';
export * from './item-snapshot.js';
export * from './reference.js';
