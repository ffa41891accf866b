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
import type { CoVisitation } from '@freshet/shared/ranking/collaborative';

/** Neighbours per item in co-visitation.bin. */
export const CO_VISITATION_K = 50;
/**
 * Pairs need this many users in common: one shared user is mostly chance in a large sparse
 * catalog, and keeping such pairs made the file ~120 MB for a synthetic 1M-item catalog.
 */
export const CO_VISITATION_MIN_USERS = 2;

/** Each user's indexed items with a positive net signal, as index rows. */
export function positiveRowsByUser(interactions: readonly Interaction[], rowOf: ReadonlyMap<string, number>): Map<string, number[]> {
  const net = new Map<string, Map<number, number>>();
  for (const x of interactions) {
    const row = rowOf.get(x.itemId);
    if (row === undefined) continue;
    let items = net.get(x.userId);
    if (!items) net.set(x.userId, (items = new Map()));
    items.set(row, (items.get(row) ?? 0) + SIGNALS[x.type].weight);
  }
  return new Map([...net].map(([user, items]) => [user, [...items].filter(([, signal]) => signal > 0).map(([row]) => row)]));
}

/** `positives`: positiveRowsByUser of the build's interactions. */
export function coVisitationLists(positives: ReadonlyMap<string, readonly number[]>, count: number, k = CO_VISITATION_K): CoVisitationLists {
  const knn = buildItemNeighbours([...positives.values()], count, k, CO_VISITATION_MIN_USERS);
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

/**
 * The lists by item id as one user's training examples must see them: without that user.
 * A training positive (u, i) is in the data the lists were built from, so every pair of i with
 * one of u's other items counts u among its common users; at serving, the interaction being
 * predicted is not in the lists yet. Without this correction the ranker learned to trust the
 * slot more than it deserves (most on small catalogs, where one user is a large share of a pair).
 */
export function leaveUserOut(lists: CoVisitationLists, rowOf: ReadonlyMap<string, number>, positives: ReadonlyMap<string, readonly number[]>): (userId: string) => CoVisitation {
  const idAt: string[] = [];
  for (const [id, row] of rowOf) idAt[row] = id;
  const users = new Int32Array(lists.count);
  for (const rows of positives.values()) for (const r of new Set(rows)) users[r]!++;
  return (userId) => {
    const own = new Set(positives.get(userId) ?? []);
    return {
      *neighbours(itemId) {
        const j = rowOf.get(itemId);
        if (j === undefined) return;
        for (let e = lists.offsets[j]!; e < lists.offsets[j + 1]!; e++) {
          const i = lists.rows[e]!;
          const score = lists.scores[e]!;
          if (!(own.has(i) && own.has(j))) {
            yield [idAt[i]!, score] as const;
            continue;
          }
          const common = Math.round(score * Math.sqrt(users[i]! * users[j]!)) - 1;
          if (common < CO_VISITATION_MIN_USERS) continue;
          yield [idAt[i]!, common / Math.sqrt((users[i]! - 1) * (users[j]! - 1))] as const;
        }
      },
    };
  };
}
