// GET /v1/items/:id/similar: the bundle's item-to-item list for the item
// (built offline with usearch), through the same hard rules as every list
// (availability, licensing, maturity, policy). A bundle without similar lists
// answers from the index itself: an ANN search with the item's own vector.
import { queryVector } from '@freshet/shared/embeddings/space';
import { NO_NEIGHBOUR, neighboursOf } from '@freshet/shared/retrieval/similar-lists';
import { rerank } from '@freshet/shared/reranking/rerank';
import type { RerankCandidate } from '@freshet/shared/reranking/types';
import { explanationOf } from './explanations.js';
import type { ServingDeps } from './recommend.js';

export type SimilarOutcome =
  | { readonly status: 'ok'; readonly indexVersion: string | null; readonly items: { item_id: string; score: number; explanation: string }[]; readonly degraded: string[] }
  | { readonly status: 'unknown_item'; readonly indexVersion: string };

export async function similarItems(itemId: string, limit: number, country: string | undefined, deps: ServingDeps, waitUntil: (p: Promise<unknown>) => void): Promise<SimilarOutcome> {
  const state = await deps.bundles.get(deps.artifacts, deps.pinnedVersion, waitUntil);
  const bundle = state.bundle;
  if (bundle === null) {
    // No index: the last resort, minus the item itself.
    const items = deps.lastResort.filter((id) => id !== itemId).slice(0, limit).map((id) => ({ item_id: id, score: 0, explanation: explanationOf(['fallback'], undefined, false) }));
    return { status: 'ok', indexVersion: null, items, degraded: ['index_unavailable'] };
  }
  const row = bundle.items.rowOf(itemId);
  if (row === undefined) return { status: 'unknown_item', indexVersion: bundle.version };
  const degraded: string[] = [];
  let rows: ArrayLike<number>;
  let scores: ArrayLike<number>;
  if (bundle.similar !== null) {
    ({ rows, scores } = neighboursOf(bundle.similar, row));
  } else {
    degraded.push('similar_lists_missing_ann');
    const hits = bundle.index.search(queryVector(bundle.index.space, bundle.index.vector(row)), Math.min(200, bundle.index.count));
    ({ rows, scores } = hits);
  }
  const candidates: RerankCandidate[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r === NO_NEIGHBOUR || r === row) continue;
    const f = bundle.items.facts(r);
    candidates.push({ itemId: f.itemId, score: scores[i]!, sources: ['similar'], facts: f });
  }
  const config = deps.rerankConfig({ name: 'similar', share: 0 });
  // The hard rules only: a list of neighbours is not reordered, diversified or explored.
  const rules = {
    ...config,
    exploration: { ...config.exploration, enabled: false },
    discovery: { ...config.discovery, targetShare: 0 },
    freshness: { ...config.freshness, weight: 0 },
    diversity: { maxConsecutiveCreator: 0, maxConsecutiveCategory: 0 },
  };
  const kept = candidates.length === 0 ? [] : rerank(candidates, { now: deps.now(), limit, isCold: false, random: deps.random, ...(country !== undefined && { country }) }, rules).items;
  return {
    status: 'ok',
    indexVersion: bundle.version,
    items: kept.map((k) => ({ item_id: k.itemId, score: Math.round(k.score * 1e6) / 1e6, explanation: `Because you looked at ${itemId}` })),
    degraded,
  };
}
