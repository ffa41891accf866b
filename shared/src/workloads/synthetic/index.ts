// A seeded, deterministic, streaming synthetic workload for scale tests:
// catalogs of millions of items and streams of tens of millions of events.
export * from './catalog.js';
export * from './config.js';
export * from './faults.js';
export * from './rng.js';
export * from './stream.js';
export * from './users.js';
export * from './vocabulary.js';
export * from './zipf.js';
