// From head probabilities to one ranking score per candidate (R11): the
// weights come from the user's experiment variant when it sets them, else from
// the worker's configuration, else DEFAULT_HEAD_WEIGHTS. Pure: the arithmetic
// is shared/src/ranking/combined-score.ts, the same the offline evaluation uses.
import { combinedScores, DEFAULT_HEAD_WEIGHTS, headWeightVector, type HeadWeights } from '@freshet/shared/ranking/combined-score';
import type { Variant } from '@freshet/shared/experiments/assign';

/** The weights a request ranks with: the variant's, else the configured, else the defaults. */
export function headWeightsFor(variant: Pick<Variant, 'head_weights'> | undefined, configured: HeadWeights = DEFAULT_HEAD_WEIGHTS): HeadWeights {
  return variant?.head_weights ?? configured;
}

/**
 * Problems with `weights` for a model's heads (an unknown head, a non-finite weight, all weights
 * zero), or [] when usable. Run it when configuration or an experiment is loaded, not per request.
 */
export function headWeightProblems(heads: readonly string[], weights: HeadWeights): string[] {
  let vector: Float64Array;
  try {
    vector = headWeightVector(heads, weights);
  } catch (error) {
    return [(error as Error).message];
  }
  return vector.some((w) => w !== 0) ? [] : [`every weight is zero for heads ${heads.join(', ')}: all candidates would tie`];
}

/**
 * One score per row of `probabilities` ([rows × heads.length]): Σ weight × probability. Throws a
 * RangeError naming the problem for unknown heads, non-finite weights or too few probabilities.
 */
export function combineHeads(heads: readonly string[], probabilities: Float32Array, rows: number, weights: HeadWeights): Float64Array {
  return combinedScores({ heads }, probabilities, rows, weights);
}

/** Row indices by descending score; equal scores keep their input (retrieval) order. */
export function orderByScore(scores: Float64Array): Uint32Array {
  const order = Uint32Array.from(scores.keys());
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}
