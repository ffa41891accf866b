// Engagement events → the user × item matrix implicit ALS trains on.
//
// Each (user, item) pair gets its net signal s = Σ SIGNALS[type].weight over
// the pair's events (R1 weights; MovieLens "loved it" = started + completed +
// liked = 2.0, "hated it" = started + paused early + disliked = −1.1).
// Following Hu, Koren & Volinsky, a pair becomes a preference p ∈ {0, 1} and a
// confidence c ≥ 1:
//   s > 0  → p = 1, c = 1 + α·s                    (the user wants this)
//   s < 0  → p = 0, c = 1 + α·negativeBoost·|s|    (a confident "no", stronger than silence)
//   s = 0  → p = 0, c = 1 + α·exposureWeight       (shown, nothing followed: a faint "no")
// Every other pair is p = 0, c = 1, which ALS accounts for without storing it.
import { SIGNALS, type EventType } from '@freshet/shared';

/** One engagement event, as the offline store or a dataset loader yields it. */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  readonly type: EventType;
  /** Event time, epoch ms (used by hold-out splits, not by training). */
  readonly time: number;
}

export interface ConfidenceOptions {
  /** α: how much one unit of signal raises confidence. */
  readonly alpha: number;
  /** Confidence of a negative pair relative to a positive one of the same magnitude. */
  readonly negativeBoost: number;
  /** Signal magnitude given to pairs with only exposure (impressions). */
  readonly exposureWeight: number;
}

/** Compressed sparse rows: row r's entries are cols/pref/conf[start[r] .. start[r+1]). */
export interface SparseRows {
  readonly start: Int32Array;
  readonly cols: Int32Array;
  readonly pref: Float32Array;
  readonly conf: Float32Array;
}

export interface InteractionMatrix {
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly byUser: SparseRows;
  readonly byItem: SparseRows;
  /** Users with a positive net signal on each item. */
  readonly positiveUsers: Int32Array;
  readonly pairs: number;
}

function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function csr(rows: number, pairs: number, rowOf: Int32Array, colOf: Int32Array, pref: Float32Array, conf: Float32Array): SparseRows {
  const start = new Int32Array(rows + 1);
  for (let k = 0; k < pairs; k++) start[rowOf[k]! + 1]!++;
  for (let r = 0; r < rows; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, rows);
  const cols = new Int32Array(pairs);
  const p = new Float32Array(pairs);
  const c = new Float32Array(pairs);
  for (let k = 0; k < pairs; k++) {
    const at = fill[rowOf[k]!]!++;
    cols[at] = colOf[k]!;
    p[at] = pref[k]!;
    c[at] = conf[k]!;
  }
  return { start, cols, pref: p, conf: c };
}

/** Ids are sorted, so the matrix (and everything trained from it) does not depend on event order. */
export function buildInteractionMatrix(interactions: Iterable<Interaction>, options: ConfidenceOptions): InteractionMatrix {
  const byPair = new Map<string, Map<string, number>>();
  for (const e of interactions) {
    const signal = SIGNALS[e.type];
    if (signal === undefined) throw new RangeError(`unknown event type ${String(e.type)} (user ${e.userId}, item ${e.itemId})`);
    let items = byPair.get(e.userId);
    if (!items) byPair.set(e.userId, (items = new Map()));
    items.set(e.itemId, (items.get(e.itemId) ?? 0) + signal.weight);
  }
  const userIds = sortedIds(byPair.keys());
  const itemIds = sortedIds([...byPair.values()].flatMap((m) => [...m.keys()]));
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  let pairs = 0;
  for (const m of byPair.values()) pairs += m.size;
  const rowOf = new Int32Array(pairs);
  const colOf = new Int32Array(pairs);
  const pref = new Float32Array(pairs);
  const conf = new Float32Array(pairs);
  const positiveUsers = new Int32Array(itemIds.length);
  let k = 0;
  userIds.forEach((userId, u) => {
    // Items in index order: float sums in training then do not depend on event order.
    const row = [...byPair.get(userId)!].map(([itemId, raw]) => [itemIndex.get(itemId)!, raw] as const).sort((a, b) => a[0] - b[0]);
    for (const [i, raw] of row) {
      // Sums of float weights: round away the 1e-16 noise so a net zero is zero.
      const s = Math.round(raw * 1e6) / 1e6;
      rowOf[k] = u;
      colOf[k] = i;
      if (s > 0) {
        pref[k] = 1;
        conf[k] = 1 + options.alpha * s;
        positiveUsers[i]!++;
      } else {
        pref[k] = 0;
        conf[k] = 1 + options.alpha * (s < 0 ? options.negativeBoost * -s : options.exposureWeight);
      }
      k++;
    }
  });
  return {
    userIds,
    itemIds,
    byUser: csr(userIds.length, pairs, rowOf, colOf, pref, conf),
    byItem: csr(itemIds.length, pairs, colOf, rowOf, pref, conf),
    positiveUsers,
    pairs,
  };
}
