// How a user's query vector is computed for one index version (issue 4 item 2).
//
// Warm users: weighted pooling of the index's own item vectors over the
// `user_recent_items` feature value. Each recent item's weight is its score
// (Σ signal weight × e^(−age/3d), so strong and recent engagement counts
// most). Items the index does not hold (unlisted since, newer than the
// version) are skipped. Items with a negative score (skips, early pauses,
// dislikes) are ignored by default: measured on MovieLens (evaluate.ts),
// pushing the query away from them with weight 0.25 changed nothing and 1.0
// lost 2–3% recall@10 (a disliked item's neighbours are often still the
// user's genre). `negativeWeight` > 0 turns the push on. Negatives never make
// a query on their own: "away from what I disliked" points at the antipodes
// of the disliked items, which are no taste at all. No positively scored known item → null, and the caller falls back
// (content-based cold path, trending).
//
// Cold users: the content projection applied to the onboarding choices
// (categories, languages, content type) as if they were an item's facts,
// with nothing in the confidence slack (see content-projection.ts), so that
// uncertain items get no bonus from it.
//
// Warm queries keep the slack their items carry: a user who engages with
// new, content-placed items leans a little towards other such items.
//
// Both return a QueryVector of the index's space, so a vector computed with
// one version can never be searched in another (R8).
import type { RecentItem } from '../features/user-features.js';
import { featuresOfFacts, type ContentFacts } from './content-features.js';
import { projectFeatures, projectionSpace, type ContentProjection } from './content-projection.js';
import { normalize, queryVector, type EmbeddingSpace, type QueryVector } from './space.js';

/** The item vectors of one index version, however the caller holds them (float, dequantized int8). */
export interface ItemVectors {
  readonly space: EmbeddingSpace;
  /** The item's vector (length space.dim), or undefined when the version does not hold the item. */
  vectorOf(itemId: string): Float32Array | undefined;
}

export interface PoolingOptions {
  /** Factor on the magnitude of negatively scored items; 0 (the default) ignores them. */
  readonly negativeWeight?: number;
  /** Pool at most this many items, the first ones of `recent` (the feature orders them by score). Default 20. */
  readonly maxItems?: number;
}

export const DEFAULT_NEGATIVE_WEIGHT = 0;
export const DEFAULT_MAX_POOLED_ITEMS = 20;

/** A warm user's query vector, or null when none of their positively scored recent items is in the index. */
export function userQueryVector(items: ItemVectors, recent: readonly RecentItem[], options: PoolingOptions = {}): QueryVector | null {
  const negativeWeight = options.negativeWeight ?? DEFAULT_NEGATIVE_WEIGHT;
  const maxItems = options.maxItems ?? DEFAULT_MAX_POOLED_ITEMS;
  if (!(negativeWeight >= 0)) throw new RangeError(`negativeWeight must be >= 0, got ${negativeWeight}`);
  const { dim } = items.space;
  const sum = new Float64Array(dim);
  let positives = 0;
  for (const { item_id, score } of recent.slice(0, maxItems)) {
    if (!Number.isFinite(score) || score === 0) continue;
    const weight = score > 0 ? score : negativeWeight * score;
    if (weight === 0) continue;
    const v = items.vectorOf(item_id);
    if (v === undefined) continue;
    if (v.length !== dim) throw new RangeError(`item ${item_id} has ${v.length} dimensions, space ${items.space.version} has ${dim}`);
    if (score > 0) positives++;
    for (let d = 0; d < dim; d++) sum[d]! += weight * v[d]!;
  }
  if (positives === 0) return null;
  const values = normalize(Float32Array.from(sum));
  // Negatives can cancel the positives exactly; a zero query ranks nothing.
  if (values.every((x) => x === 0)) return null;
  return queryVector(items.space, values);
}

export interface OnboardingChoices {
  readonly categories?: readonly string[];
  readonly languages?: readonly string[];
  readonly contentType?: 'VIDEO' | 'AUDIO';
}

/** A cold user's query vector from onboarding choices, or null when they chose nothing. */
export function coldUserQueryVector(projection: ContentProjection, choices: OnboardingChoices): QueryVector | null {
  const facts: ContentFacts = {
    categories: choices.categories ?? [],
    languages: choices.languages ?? [],
    ...(choices.contentType !== undefined ? { contentType: choices.contentType } : {}),
  };
  if (facts.categories!.length === 0 && facts.languages!.length === 0 && facts.contentType === undefined) return null;
  const taste = normalize(projectFeatures(projection, featuresOfFacts(facts, projection.featureBits)));
  if (taste.every((x) => x === 0)) return null;
  const values = new Float32Array(projection.dim);
  values.set(taste);
  return queryVector(projectionSpace(projection), values);
}
