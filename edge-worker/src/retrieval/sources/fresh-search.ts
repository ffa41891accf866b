// The fresh delta, prepared for search once per delta rather than per
// request: its vectors packed into one Float32Array and its ids in a map.
// searchFresh (shared/fresh) allocates a hit per item and sorts them all —
// fine for the fresh-item job, ~1 ms per request at 5,000 items at the edge;
// here a bounded heap keeps the k best.
//
// The cache is keyed by the delta object: the refreshing cache hands out a new
// object per refresh, which is prepared once, and an old one is collected
// together with its delta (a WeakMap holds nothing alive).
import { assertSameSpace, type QueryVector } from '@freshet/shared/embeddings/space';
import type { FreshDelta, FreshItem } from '@freshet/shared/fresh/fresh-items';
import { TopK } from '@freshet/shared/retrieval/top-k';

export interface PreparedFresh {
  readonly delta: FreshDelta;
  /** `items × dim`, row i = delta.items[i]. */
  readonly vectors: Float32Array;
  readonly byId: ReadonlyMap<string, FreshItem>;
}

const prepared = new WeakMap<FreshDelta, PreparedFresh>();

export function prepareFresh(delta: FreshDelta): PreparedFresh {
  let p = prepared.get(delta);
  if (!p) {
    const { dim } = delta.space;
    const vectors = new Float32Array(delta.items.length * dim);
    const byId = new Map<string, FreshItem>();
    delta.items.forEach((item, i) => {
      if (item.vector.length !== dim) throw new RangeError(`fresh item ${item.itemId} has ${item.vector.length} dimensions, the delta's space ${dim}`);
      vectors.set(item.vector, i * dim);
      byId.set(item.itemId, item);
    });
    prepared.set(delta, (p = { delta, vectors, byId }));
  }
  return p;
}

/** The k best fresh items for a query of the delta's embedding space (throws EmbeddingVersionMismatch otherwise), ties by position in the delta. */
export function searchPreparedFresh(fresh: PreparedFresh, query: QueryVector, k: number): { itemId: string; score: number }[] {
  assertSameSpace(fresh.delta.space, query);
  const n = fresh.delta.items.length;
  if (n === 0 || k < 1) return [];
  const { dim } = fresh.delta.space;
  const q = query.values;
  const v = fresh.vectors;
  const top = new TopK(Math.min(k, n));
  for (let i = 0, base = 0; i < n; i++, base += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += q[d]! * v[base + d]!;
    top.push(s, i);
  }
  const best = top.result();
  return Array.from(best.ids, (i, j) => ({ itemId: fresh.delta.items[i]!.itemId, score: best.scores[j]! }));
}
