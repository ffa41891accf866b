// The ranker's shared core: the feature schema and its hash, the one
// feature-vector assembly function, the reference forward pass, the combined
// score and the weights codec — used by training and by the edge alike.
export * from './assemble.js';
export * from './collaborative.js';
export * from './combined-score.js';
export * from './feature-schema.js';
export * from './model.js';
export * from './model-codec.js';
