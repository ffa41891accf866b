// Co-visitation lists (`co-visitation.bin`, shared/src/retrieval/co-visitation-lists.ts,
// in index-row order): for every indexed item, its k items most often liked by
// the same users — cosine of the items' sets of users with a positive net
// signal (item-to-item collaborative filtering, shared/src/evaluation/item-knn.ts).
// The ranker's `cf_co_visitation` slot sums a candidate's scores in the lists
// of the user's recent items. Embedding neighbours are smooth (63 dimensions
// for the whole catalog); co-visitation keeps the specific pairs (sequels,
// one director's films) that made item-kNN beat matrix factorisation on the
// MovieLens 1M sample in bench:quality.
import { SIGNALS } from '@freshet/shared/events/event-types';
import { buildItemNeighbours } from '@freshet/shared/evaluation/item-knn';
import { coVisitationListsOf, type CoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import type { Interaction } from '../embeddings/interaction-matrix.js';

/** Neighbours per item in co-visitation.bin. */
export const CO_VISITATION_K = 50;
/**
 * Pairs need this many users in common: one shared user is mostly chance in a large sparse
 * catalog, and keeping such pairs made the file ~120 MB for a synthetic 1M-item catalog.
 */
export const CO_VISITATION_MIN_USERS = 2;

/** `rowOf`: the index row of an item id (undefined: not indexed, its events are left out). */
export function coVisitationLists(interactions: readonly Interaction[], rowOf: ReadonlyMap<string, number>, count: number, k = CO_VISITATION_K): CoVisitationLists {
  const net = new Map<string, Map<number, number>>();
  for (const x of interactions) {
    const row = rowOf.get(x.itemId);
    if (row === undefined) continue;
    let items = net.get(x.userId);
    if (!items) net.set(x.userId, (items = new Map()));
    items.set(row, (items.get(row) ?? 0) + SIGNALS[x.type].weight);
  }
  const userItems = [...net.values()].map((items) => [...items].filter(([, signal]) => signal > 0).map(([row]) => row));
  const knn = buildItemNeighbours(userItems, count, k, CO_VISITATION_MIN_USERS);
  const lists = Array.from({ length: count }, (_, i) => {
    const out: [number, number][] = [];
    for (let n = 0; n < k; n++) {
      const j = knn.neighbours[i * k + n]!;
      if (j < 0) break;
      out.push([j, knn.similarities[i * k + n]!]);
    }
    return out;
  });
  return coVisitationListsOf(lists);
}
