// Shipping bundles to regions blue/green: stores, smoke and drift checks,
// promotion, rollback, status, GC, and the wrangler commands of the ops path.
export * from './drift-check.js';
export * from './gc.js';
export * from './promote.js';
export * from './r2-store.js';
export * from './region-stores.js';
export * from './ship.js';
export * from './smoke.js';
export { listVersions, readManifest, readPointer, type StoredVersion } from './versions.js';
export * from './wrangler-commands.js';
