// Item-to-item lists: each item's top-k neighbours by float32 dot product,
// itself excluded. Exact (usearch exact search) up to EXACT_SIMILAR_MAX items;
// beyond, a usearch HNSW graph (float32, generous expansion) — whose recall
// against exact search the build reports alongside the int8 index's.
import { NO_NEIGHBOUR, type SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { buildHnsw, exactTopK, type HnswIndex, type Neighbours } from './usearch-reference.js';

export const EXACT_SIMILAR_MAX = 20_000;

export interface SimilarItemsResult {
  /** In the input order of `vectors` (positions, not index rows). */
  readonly lists: SimilarLists;
  readonly method: 'exact' | 'usearch-hnsw-f32';
  /** The HNSW graph when one was built (reused to measure its recall). */
  readonly hnsw?: HnswIndex;
}

export function similarItems(vectors: Float32Array, dim: number, k: number): SimilarItemsResult {
  const n = vectors.length / dim;
  const want = Math.min(k + 1, n);
  let found: Neighbours;
  let hnsw: HnswIndex | undefined;
  if (n <= EXACT_SIMILAR_MAX) found = exactTopK(vectors, vectors, dim, want);
  else {
    // Lighter graph parameters than the reference measurements use: the lists are a cache (the
    // edge can search any item's own vector), and at 1M items the default build takes ~10 min here.
    hnsw = buildHnsw(vectors, dim, { quantization: 'f32', connectivity: 12, expansionAdd: 64, expansionSearch: 128 });
    found = hnsw.search(vectors, want);
  }
  const rows = new Uint32Array(n * k).fill(NO_NEIGHBOUR);
  const scores = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let j = 0;
    for (let m = 0; m < found.k && j < k; m++) {
      const r = found.ids[i * found.k + m]!;
      if (r === i || r === NO_NEIGHBOUR) continue;
      rows[i * k + j] = r;
      scores[i * k + j] = found.scores[i * found.k + m]!;
      j++;
    }
  }
  return { lists: { count: n, k, rows, scores }, method: hnsw ? 'usearch-hnsw-f32' : 'exact', ...(hnsw ? { hnsw } : {}) };
}

/** Re-expresses lists in input order as lists in index-row order (`order[row]` = input position). */
export function toRowOrder(lists: SimilarLists, order: Uint32Array): SimilarLists {
  const { count, k } = lists;
  const rowOf = new Uint32Array(count);
  order.forEach((position, row) => (rowOf[position] = row));
  const rows = new Uint32Array(count * k);
  const scores = new Float32Array(count * k);
  for (let row = 0; row < count; row++) {
    const from = order[row]! * k;
    for (let j = 0; j < k; j++) {
      const r = lists.rows[from + j]!;
      rows[row * k + j] = r === NO_NEIGHBOUR ? NO_NEIGHBOUR : rowOf[r]!;
      scores[row * k + j] = lists.scores[from + j]!;
    }
  }
  return { count, k, rows, scores };
}
