// The ranking score (R11): Σ over heads of a tunable weight × that head's
// probability. Weights are configuration (per surface or experiment arm),
// not part of the model, so product can retune them without retraining.
import type { RankerModel } from './model.js';

export type HeadWeights = Readonly<Record<string, number>>;

/** Completion ("long watch") counts most, as the strongest positive signal (R1); clicks alone least. */
export const DEFAULT_HEAD_WEIGHTS: HeadWeights = { click: 0.3, completion: 0.5, like: 0.2 };

/** The weight per output column; throws a RangeError naming the problem for unusable weights. */
export function headWeightVector(heads: readonly string[], weights: HeadWeights): Float64Array {
  for (const [name, w] of Object.entries(weights)) {
    if (!heads.includes(name)) throw new RangeError(`weight for unknown head "${name}" (heads: ${heads.join(', ')})`);
    if (!Number.isFinite(w)) throw new RangeError(`weight for head "${name}" must be a finite number (got ${w})`);
  }
  return Float64Array.from(heads, (h) => weights[h] ?? 0);
}

/** Scores for `rows` rows of head probabilities ([rows × heads]); heads without a weight count 0. */
export function combinedScores(model: Pick<RankerModel, 'heads'>, probabilities: Float32Array, rows: number, weights: HeadWeights = DEFAULT_HEAD_WEIGHTS): Float64Array {
  const k = model.heads.length;
  if (probabilities.length < rows * k) throw new RangeError(`probabilities hold ${probabilities.length} values, ${rows} rows need ${rows * k}`);
  const w = headWeightVector(model.heads, weights);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let score = 0;
    for (let h = 0; h < k; h++) score += w[h]! * probabilities[r * k + h]!;
    out[r] = score;
  }
  return out;
}

/**
 * The item-kNN evidence added to the ranking score: the candidate's summed co-visitation score
 * over the user's recent items' lists (cf_co_visitation's raw value), as log1p(sum) squashed to
 * [0, 1). 0 for an item in no list, or when the bundle has no lists (null).
 */
export function coVisitationPrior(sum: number | null | undefined): number {
  if (sum === null || sum === undefined || !(sum > 0) || !Number.isFinite(sum)) return 0;
  const x = Math.log1p(sum);
  return x / (1 + x);
}

/**
 * Weight of coVisitationPrior next to the head weights (which sum to 1): the score is
 * Σ weight × probability + this × prior; 0 turns it off. The ranker sees the same sums as a
 * feature, but trained on sampled negatives (MovieLens has no impressions) it orders the user's
 * co-visited candidates less well than the sums themselves do, and adding the prior back ranked the
 * served lists better on every MovieLens set. Weights 1, 2.33 and 4 were measured with bench:quality
 * (NDCG@10 of ours against ours_ranker_only, docs/quality.md): 1 was best on latest-small, 2.33 on
 * 100K, 4 on the 1M sample, all within a few percent of each other; 2 sits between them.
 */
export const DEFAULT_CO_VISITATION_WEIGHT = 2;

/** How many listed rows of nearest score give an unlisted row its prior. */
export const NEUTRAL_PRIOR_NEIGHBOURS = 10;

/**
 * `scores` plus `weight` × each row's coVisitationPrior, in place; returns `scores`. A row whose item
 * the lists cannot know (`listed[i]` false: published after the build, so in no list yet) gets the
 * mean prior of the NEUTRAL_PRIOR_NEIGHBOURS listed rows whose scores are nearest its own: its
 * absence from the lists is no evidence for or against it, so it keeps its place among the
 * candidates the ranker scored alike. A prior of 0 — or the mean of all rows — buried the fresh
 * items under the co-visited ones (R12; bench:quality's cold-items slice).
 */
export function addCoVisitationPrior(scores: Float64Array, sums: readonly (number | null | undefined)[], weight: number, listed?: readonly boolean[]): Float64Array {
  if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`the co-visitation weight must be a finite number ≥ 0 (got ${weight})`);
  if (sums.length !== scores.length) throw new RangeError(`${sums.length} co-visitation sums for ${scores.length} scores`);
  if (listed !== undefined && listed.length !== scores.length) throw new RangeError(`${listed.length} listed flags for ${scores.length} scores`);
  if (weight === 0) return scores;
  const priors = sums.map(coVisitationPrior);
  if (listed === undefined || listed.every(Boolean)) {
    for (let i = 0; i < scores.length; i++) scores[i]! += weight * priors[i]!;
    return scores;
  }
  // Listed rows by score, read before any score changes (an unlisted row is matched on its ranker score).
  const known = Array.from(scores.keys()).filter((i) => listed[i]);
  known.sort((a, b) => scores[a]! - scores[b]!);
  const knownScores = known.map((i) => scores[i]!);
  const window = Math.min(NEUTRAL_PRIOR_NEIGHBOURS, known.length);
  for (let i = 0; i < scores.length; i++) {
    if (listed[i]) {
      scores[i]! += weight * priors[i]!;
      continue;
    }
    if (window === 0) continue;
    // The listed rows nearest in score: start at the insertion point, widen to the closer side.
    const score = scores[i]!;
    let lo = lowerBound(knownScores, score);
    let hi = lo;
    while (hi - lo < window) {
      if (lo > 0 && (hi >= known.length || score - knownScores[lo - 1]! <= knownScores[hi]! - score)) lo--;
      else hi++;
    }
    let total = 0;
    for (let k = lo; k < hi; k++) total += priors[known[k]!]!;
    scores[i]! += (weight * total) / window;
  }
  return scores;
}

/** First index of sorted `values` whose value is ≥ x. */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
