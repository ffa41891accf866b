// The content query of a user known only by category affinity (warm users
// without an ANN vector, cold users who made no onboarding choice): each
// category placed by the content projection, weighted by the user's
// affinity. Onboarding choices go through coldUserQueryVector instead, which
// weighs the chosen categories equally (nothing ranks them).
//
// Built like coldUserQueryVector: taste coordinates only, normalised, nothing
// in the confidence slack, in the projection's space.
import { featuresOfFacts } from '../embeddings/content-features.js';
import { projectFeatures, projectionSpace, type ContentProjection } from '../embeddings/content-projection.js';
import { normalize, queryVector, type QueryVector } from '../embeddings/space.js';
import type { TasteCategory } from './user-signals.js';

/** Σ weight × (category's unit taste direction), normalised; null when no category is known to the projection. */
export function affinityQueryVector(projection: ContentProjection, taste: readonly TasteCategory[]): QueryVector | null {
  const sum = new Float64Array(projection.dim - 1);
  for (const { category, weight } of taste) {
    if (!(weight > 0) || !Number.isFinite(weight)) continue;
    const direction = normalize(projectFeatures(projection, featuresOfFacts({ categories: [category] }, projection.featureBits)));
    for (let d = 0; d < sum.length; d++) sum[d]! += weight * direction[d]!;
  }
  const values = new Float32Array(projection.dim);
  values.set(normalize(Float32Array.from(sum)));
  return values.some((x) => x !== 0) ? queryVector(projectionSpace(projection), values) : null;
}
