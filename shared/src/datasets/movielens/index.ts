// MovieLens → catalog, profiles and a time-ordered event stream (pure part).
export * from './assemble.js';
export * from './descriptors.js';
export * from './rating-bands.js';
export * from './rows.js';
export * from './to-domain.js';
