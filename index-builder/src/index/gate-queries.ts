// Default queries for the recall gate when the caller has none (real user
// vectors are better: pass them as `queries`). Half are catalog items as they
// are (the item-to-item "because you watched" query), half are items jittered
// by noise of norm ≈ 0.5 and renormalised (cos ≈ 0.9 to their item): held-out
// points of the catalog's own distribution, for either layout alike.
import { Rng } from '@freshet/shared/synthetic';

export function defaultGateQueries(vectors: Float32Array, dim: number, count: number, seed: number): Float32Array {
  const n = vectors.length / dim;
  const rng = Rng.for(seed, 'recall-gate-queries');
  const out = new Float32Array(count * dim);
  for (let q = 0; q < count; q++) {
    const item = rng.int(n);
    const jitter = q % 2 === 1 ? 0.5 / Math.sqrt(dim) : 0;
    let sum = 0;
    for (let d = 0; d < dim; d++) {
      const v = vectors[item * dim + d]! + jitter * rng.normal();
      out[q * dim + d] = v;
      sum += v * v;
    }
    const inv = 1 / Math.sqrt(sum);
    for (let d = 0; d < dim; d++) out[q * dim + d] = out[q * dim + d]! * inv;
  }
  return out;
}
