// Embeddings: the version contract, content features and projection, and the
// query vectors the edge computes. Import as `@freshet/shared/embeddings/index`.
export * from './content-features.js';
export * from './content-projection.js';
export * from './feature-hash.js';
export * from './projection-codec.js';
export * from './space.js';
export * from './user-vector.js';
