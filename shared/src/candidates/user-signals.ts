// What retrieval reads from a user's feature values — the JSON the shared
// `value` functions produce (user-features.ts), as fetched from the KV store.
// Values are read defensively: a malformed value counts as missing, never
// fails a request (the same stance as ranking/assemble.ts).
import type { HistoryItem, RecentItem } from '../features/user-features.js';

/** Feature name → value as JSON. */
export type UserFeatureValues = Readonly<Record<string, unknown>>;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The well-formed entries of an item list (an object with a non-empty string `item_id`, and what
 * `read` needs), first occurrence of an id; anything else is skipped.
 */
function itemEntries<T>(raw: unknown, read: (entry: Record<string, unknown>, itemId: string) => T | null): T[] {
  if (!Array.isArray(raw)) return [];
  const out: T[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    if (!isRecord(entry)) continue;
    const id = entry.item_id;
    if (typeof id !== 'string' || id.length === 0 || seen.has(id)) continue;
    const item = read(entry, id);
    if (item === null) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

/** `user_recent_items`, keeping well-formed entries (non-empty id, finite score and time), first occurrence of an id. */
export function recentItemsOf(values: UserFeatureValues): RecentItem[] {
  return itemEntries(values.user_recent_items, (entry, item_id) => {
    const score = finite(entry.score);
    const last_time = finite(entry.last_time);
    return score === null || last_time === null ? null : { item_id, score, last_time };
  });
}

/** `user_item_history`, newest first, keeping well-formed entries (non-empty id, finite time), first occurrence of an id. */
export function historyItemsOf(values: UserFeatureValues): HistoryItem[] {
  return itemEntries(values.user_item_history, (entry, item_id) => {
    const last_time = finite(entry.last_time);
    return last_time === null ? null : { item_id, last_time };
  });
}

/** A user's items as retrieval and the ranker's collaborative slots read them, each list parsed once per request. */
export interface UserItems {
  readonly recent: readonly RecentItem[];
  readonly history: readonly HistoryItem[];
  /**
   * Whether the collaborative signals start from the history: the week holds no positively scored
   * item, and the history holds some (a user back after the event log's 7 days).
   */
  readonly seedsFromHistory: boolean;
  /**
   * The items the collaborative signals start from (ranking/collaborative.ts: the pooled query, the
   * co-visitation sums): the recent items; when seedsFromHistory, the history's items after them,
   * newest first, each scored 1 (equal weights in the pooled query). Without it a user back after
   * a month was served as if new.
   *
   * Only then: measured with bench:quality, history items added after every week's recent items
   * made the lists worse on MovieLens 100K (NDCG@10 0.238 → 0.222), while standing in for an empty
   * week lifted the 1M sample (0.121 → 0.127).
   */
  readonly seeds: readonly RecentItem[];
}

export function userItemsOf(values: UserFeatureValues): UserItems {
  const recent = recentItemsOf(values);
  const history = historyItemsOf(values);
  const seedsFromHistory = history.length > 0 && !recent.some((r) => r.score > 0);
  if (!seedsFromHistory) return { recent, history, seedsFromHistory, seeds: recent };
  const inRecent = new Set(recent.map((r) => r.item_id));
  const seeds = [...recent];
  for (const { item_id, last_time } of history) if (!inRecent.has(item_id)) seeds.push({ item_id, score: 1, last_time });
  return { recent, history, seedsFromHistory, seeds };
}

/**
 * The co-visitation prior's weight for a request (combined-score.ts): none when its collaborative
 * signals start from the history (UserItems.seedsFromHistory). Lists of items seen months ago still
 * inform the ranker (its collaborative slots), but the prior's flat boost would bury what is new
 * since the user left (bench:quality: MovieLens 100K 0.221 → 0.227, the 1M sample unchanged at 0.127).
 */
export function coVisitationWeightFor(seedsFromHistory: boolean, weight: number): number {
  return seedsFromHistory ? 0 : weight;
}

/** `user_interaction_count`, 0 when missing or malformed. */
export function interactionCountOf(values: UserFeatureValues): number {
  const n = finite(values.user_interaction_count);
  return n !== null && n > 0 ? n : 0;
}

/** Category affinities blended into one taste: 30 minutes (now) counts most, then 7 days, then the long term. */
export const AFFINITY_BLEND: readonly (readonly [feature: string, weight: number])[] = [
  ['user_category_affinity_30m', 0.5],
  ['user_category_affinity_7d', 0.3],
  ['user_category_affinity_long', 0.2],
];

export interface TasteCategory {
  readonly category: string;
  /** Blended affinity, > 0. */
  readonly weight: number;
}

/**
 * The user's top categories by blended positive affinity, best first (ties by
 * name), at most `limit`. Empty when no affinity is known.
 */
export function tasteCategoriesOf(values: UserFeatureValues, limit: number): TasteCategory[] {
  const blend = new Map<string, number>();
  for (const [feature, weight] of AFFINITY_BLEND) {
    const affinity = values[feature];
    if (!isRecord(affinity)) continue;
    for (const category of Object.keys(affinity)) {
      const v = finite(affinity[category]);
      if (v !== null && category.length > 0) blend.set(category, (blend.get(category) ?? 0) + weight * v);
    }
  }
  return [...blend]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([category, weight]) => ({ category, weight }));
}
