// GET /v1/items/:id/similar: the bundle's item-to-item list for the item
// (built offline), through the same hard rules as every list (availability,
// licensing, maturity, policy). An item without a list (large catalogs list
// only items with behaviour) or a bundle without lists answers from the index
// itself: a search with the item's own vector.
import { NO_NEIGHBOUR } from '@freshet/shared/retrieval/similar-lists';
import { rerank } from '@freshet/shared/reranking/rerank';
import type { RerankCandidate } from '@freshet/shared/reranking/types';
import { explanationOf } from './explanations.js';
import { itemNeighbours } from '../retrieval/sources/item-neighbours.js';
import type { ServingDeps } from './recommend.js';

/** Neighbours searched for an item without a list: enough to fill a page of 100 past the hard rules. */
const SEARCHED_FOR_ENDPOINT = 200;

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
  // A bundle without lists is degraded; an item the build gave no list (no behaviour yet) is searched by design.
  if (bundle.similar === null) degraded.push('similar_lists_missing_ann');
  const { rows, scores } = itemNeighbours(bundle, row, SEARCHED_FOR_ENDPOINT);
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
