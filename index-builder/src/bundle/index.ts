// Bundles on disk: write one atomically, read and verify one.
export * from './errors.js';
export { nodeDigest, sha256File } from './node-digest.js';
export * from './read-bundle.js';
export * from './write-bundle.js';
