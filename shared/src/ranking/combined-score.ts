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
