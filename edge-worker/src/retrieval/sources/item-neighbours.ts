// An item's neighbours: its precomputed similar list, or a search of the
// index with the item's own vector. Large catalogs get lists only for items
// with behaviour at build time (the seeds "because you watched" starts from,
// index-builder/src/index/similar-items.ts); any other item — one first
// engaged with after the build, or every item of a bundle without lists — is
// one index search away (p50 ≈ 0.1 ms at 1M items with IVF, ≈ 0.4 ms at 100k
// flat: BENCHMARKS.md, bench:retrieval).
import { queryVector } from '@freshet/shared/embeddings/space';
import { neighboursOf } from '@freshet/shared/retrieval/similar-lists';
import { MAX_K } from '../kernel-index.js';
import type { RetrievalBundle } from './bundle.js';

export interface ItemNeighbours {
  /** Index rows, best first; never the item itself. */
  readonly rows: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
}

/** Neighbours of index row `row`: its list when it has one, else up to `k` found by searching with its vector. */
export function itemNeighbours(bundle: Pick<RetrievalBundle, 'index' | 'similar'>, row: number, k: number): ItemNeighbours {
  if (bundle.similar) {
    const listed = neighboursOf(bundle.similar, row);
    if (listed.rows.length > 0) return listed;
  }
  const { index } = bundle;
  const hits = index.search(queryVector(index.space, index.vector(row)), Math.min(k + 1, MAX_K, index.count));
  const rows: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < hits.rows.length && rows.length < k; i++) {
    if (hits.rows[i] === row) continue;
    rows.push(hits.rows[i]!);
    scores.push(hits.scores[i]!);
  }
  return { rows, scores };
}
