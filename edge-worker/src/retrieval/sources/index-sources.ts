// The sources that search the bundle's index: ANN over the user's vector,
// content-based (cold users, or warm users without an ANN vector), and
// item-to-item from the top recent items ("because you watched X").
import type { Proposal } from '@freshet/shared/candidates/merge';
import type { QueryVector } from '@freshet/shared/embeddings/space';
import { MAX_K } from '../kernel-index.js';
import type { RetrievalBundle } from './bundle.js';
import type { Source } from './context.js';
import { itemNeighbours, type ItemNeighbours } from './item-neighbours.js';

function searchIndex(bundle: RetrievalBundle, query: QueryVector, k: number): Proposal[] {
  const hits = bundle.index.search(query, Math.min(k, MAX_K));
  const out = new Array<Proposal>(hits.rows.length);
  for (let i = 0; i < hits.rows.length; i++) out[i] = { itemId: bundle.items.idAt(hits.rows[i]!), score: hits.scores[i]! };
  return out;
}

export const annSource: Source = (context, quota) =>
  context.userQuery ? searchIndex(context.input.bundle, context.userQuery, quota + context.excludable) : { skipped: 'no query vector: no positively scored recent item is in the index' };

export const contentSource: Source = (context, quota) => {
  if (context.userClass === 'warm' && context.userQuery) return { skipped: 'warm user with an ANN vector' };
  if (!context.input.bundle.projection) return { skipped: 'the bundle has no content projection' };
  const query = context.contentQuery();
  return query ? searchIndex(context.input.bundle, query, quota + context.excludable) : { skipped: 'no onboarding choices and no category affinity' };
};

/** Neighbours searched for a seed without a precomputed list (a list's length). */
export const SEARCHED_NEIGHBOURS = 20;

/**
 * Neighbours of the top `similarSeeds` positively scored recent items that the
 * index holds (their similar lists, or a search with their own vector when the
 * build gave them none), taken round-robin by neighbour rank so every seed
 * contributes; the seeds themselves and repeats are skipped. `because` is the seed.
 */
export const similarSource: Source = (context, quota) => {
  const { bundle } = context.input;
  const table = bundle.items;
  const seeds: { itemId: string; neighbours: ItemNeighbours }[] = [];
  for (const r of context.recent) {
    if (seeds.length >= context.input.config.similarSeeds) break;
    const row = r.score > 0 ? table.rowOf(r.item_id) : undefined;
    if (row !== undefined) seeds.push({ itemId: r.item_id, neighbours: itemNeighbours(bundle, row, bundle.similar?.k ?? SEARCHED_NEIGHBOURS) });
  }
  if (seeds.length === 0) return { skipped: 'no positively scored recent item is in the index' };
  const taken = new Set(seeds.map((s) => s.itemId));
  const out: Proposal[] = [];
  const wanted = quota + context.excludable;
  for (let rank = 0; out.length < wanted; rank++) {
    let more = false;
    for (const seed of seeds) {
      if (rank >= seed.neighbours.rows.length) continue;
      more = true;
      const itemId = table.idAt(seed.neighbours.rows[rank]!);
      if (taken.has(itemId)) continue;
      taken.add(itemId);
      out.push({ itemId, score: seed.neighbours.scores[rank]!, because: seed.itemId });
      if (out.length >= wanted) break;
    }
    if (!more) break;
  }
  return out;
};
