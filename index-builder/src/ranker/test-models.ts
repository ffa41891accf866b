// Test support: small seeded ranker models and inputs.
import { RANKER_HEADS, type RankerModel } from '@freshet/shared/ranking/index';
import { Rng } from '@freshet/shared/synthetic';

export function randomModel(features: number, hidden: readonly number[], seed = 1): RankerModel {
  const rng = Rng.for(seed, 'test-models');
  const layer = (inputs: number, outputs: number) => ({
    inputs, outputs,
    weights: Float32Array.from({ length: inputs * outputs }, () => rng.normal() / Math.sqrt(inputs)),
    bias: Float32Array.from({ length: outputs }, () => rng.normal() * 0.1),
  });
  const sizes = [features, ...hidden];
  return {
    schemaHash: 'fs1-test', featureCount: features, heads: [...RANKER_HEADS],
    trunk: hidden.map((h, i) => layer(sizes[i]!, h)), output: layer(sizes.at(-1)!, RANKER_HEADS.length),
  };
}

export function randomInputs(rows: number, features: number, seed = 2): Float32Array {
  const rng = Rng.for(seed, 'test-models');
  // A mix of one-hot-like zeros and wide values, as assembled rows have.
  return Float32Array.from({ length: rows * features }, () => (rng.next() < 0.3 ? 0 : rng.normal() * 3));
}
