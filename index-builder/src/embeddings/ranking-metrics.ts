// Offline ranking metrics for embedding quality: top-k by dot product,
// recall@k and NDCG@k with binary relevance.

/** Indices of the k highest scores, best first (ties: lower index first); `skip` excluded. */
export function topK(scores: Float64Array | Float32Array, k: number, skip: ReadonlySet<number> = new Set()): number[] {
  // A sorted buffer of size k: k is small (≤ 100) next to the catalog.
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (skip.has(i)) continue;
    const s = scores[i]!;
    if (idx.length === k && s <= scores[idx[k - 1]!]!) continue;
    let at = idx.length;
    while (at > 0 && scores[idx[at - 1]!]! < s) at--;
    idx.splice(at, 0, i);
    if (idx.length > k) idx.pop();
  }
  return idx;
}

/** Share of the relevant items found in the first k of `ranked` (0 when nothing is relevant). */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i]!)) hits++;
  return hits / relevant.size;
}

/** NDCG@k with binary gains: DCG of `ranked` over the DCG of a perfect ranking. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}
