// The collaborative slots of a ranking row (cf_score, cf_nearest_recent,
// cf_co_visitation): how a candidate relates to the user's recent items — by
// their vectors in one embedding space, and by the co-visitation lists. The
// ranker is trained with them from the build's own item vectors and lists and
// served with them from the index's (dequantized int8) vectors and the
// bundle's lists of the same version, through these functions, so both sides
// pool the query exactly as the ann source does (user-vector.ts).
//
// Without them the ranker sees the user only through category and creator
// affinities, and cannot tell two dramas apart: on MovieLens it ranked below
// popularity (bench:quality).
import type { RecentItem } from '../features/user-features.js';
import { userQueryVector, DEFAULT_MAX_POOLED_ITEMS, type ItemVectors, type PoolingOptions } from '../embeddings/user-vector.js';

export interface CollaborativeSignals {
  /** Cosine of the user's pooled query and the item's vector. */
  readonly score: number;
  /** Largest cosine of the item's vector and one of the user's positively scored recent items. */
  readonly nearest: number;
  /** Sum of the item's co-visitation scores in the lists of those recent items; null when the bundle has no lists. */
  readonly coVisitation: number | null;
}

/** Item-to-item co-visitation lists by item id (the bundle's co-visitation.bin), best first. */
export interface CoVisitation {
  neighbours(itemId: string): Iterable<readonly [neighbourId: string, score: number]>;
}

/** One user's side, computed once per request (or training example). */
export interface UserCollaborative {
  /** The pooled query (unit length), or null when no positively scored recent item has a vector. */
  readonly query: Float32Array | null;
  /** Vectors of the positively scored recent items that have one (the pooled ones). */
  readonly recent: readonly Float32Array[];
  /** Candidate id → its co-visitation from those items' lists; null without lists. */
  readonly coVisited: ReadonlyMap<string, CoVisited> | null;
}

/** One candidate's co-visitation with the user's recent items. */
export interface CoVisited {
  /** Its scores summed over the lists (cf_co_visitation). */
  readonly sum: number;
  /** The recent item whose list gave it the largest score (its "because"), and that score. */
  readonly because: string;
  readonly best: number;
}

export const NO_COLLABORATIVE: UserCollaborative = { query: null, recent: [], coVisited: null };

export function prepareCollaborative(source: ItemVectors, recent: readonly RecentItem[], options: PoolingOptions = {}, coVisitation?: CoVisitation): UserCollaborative {
  // The query and the nearest-item slot read the same recent vectors: look each up (dequantize) once.
  const seen = new Map<string, Float32Array | undefined>();
  const items: ItemVectors = {
    space: source.space,
    vectorOf: (id) => (seen.has(id) ? seen.get(id) : seen.set(id, source.vectorOf(id)).get(id)),
  };
  const query = userQueryVector(items, recent, options);
  if (query === null) return NO_COLLABORATIVE;
  const vectors: Float32Array[] = [];
  const coVisited = coVisitation === undefined ? null : new Map<string, { sum: number; because: string; best: number }>();
  for (const { item_id, score } of recent.slice(0, options.maxItems ?? DEFAULT_MAX_POOLED_ITEMS)) {
    if (!(score > 0)) continue;
    const v = items.vectorOf(item_id);
    if (v === undefined || v.length !== query.values.length) continue;
    vectors.push(v);
    if (coVisited === null) continue;
    for (const [neighbour, s] of coVisitation!.neighbours(item_id)) {
      const entry = coVisited.get(neighbour);
      if (entry === undefined) coVisited.set(neighbour, { sum: s, because: item_id, best: s });
      else {
        entry.sum += s;
        if (s > entry.best) {
          entry.because = item_id;
          entry.best = s;
        }
      }
    }
  }
  return { query: query.values, recent: vectors, coVisited };
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
};

/** The item's signals for this user, or undefined when either side has no vector (the slots then say missing). */
export function collaborativeSignals(user: UserCollaborative, item: Float32Array | undefined, itemId?: string): CollaborativeSignals | undefined {
  if (user.query === null || item === undefined || item.length !== user.query.length) return undefined;
  let nearest = -1;
  for (const v of user.recent) {
    const c = dot(v, item);
    if (c > nearest) nearest = c;
  }
  const coVisitation = user.coVisited === null || itemId === undefined ? null : (user.coVisited.get(itemId)?.sum ?? 0);
  return { score: dot(user.query, item), nearest, coVisitation };
}
