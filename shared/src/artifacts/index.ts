// Index bundle artifacts: the manifest, version ids, checksums, the store
// layout and pointer the edge reads, compatibility and drift checks. Pure:
// I/O lives in the index builder (bundle/, ship/) and the edge adapters.
export * from './compatibility.js';
export * from './digest.js';
export * from './drift.js';
export * from './keys.js';
export * from './manifest.js';
export * from './memory-store.js';
export * from './pointer.js';
export * from './store.js';
export * from './version-id.js';
