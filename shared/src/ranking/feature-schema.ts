// The ranker's input schema: the ordered list of slots of the feature vector,
// each with its name, where its value comes from and how it is transformed.
// Training and serving assemble vectors with the same function
// (assemble.ts) against this list; its hash goes into every bundle manifest
// so the edge refuses a model trained for another layout.
//
// Layout: the user/context slots come first (assembled once per request and
// copied into each candidate's row), then the item, catalog and user×item
// cross slots (assembled per candidate).
import { DEVICES } from '../events/primitives.js';
import { fnv1a64Hex } from '../util/hash.js';

export type SlotTransform =
  /** log(1 + max(0, x)), then at most 20. */
  | 'log1p'
  /** x clipped to [0, 1]. */
  | 'clip01'
  /** x clipped to [−1, 1] (normalised affinities). */
  | 'clip-1..1'
  /** x clipped to [−3, 3] (signed scores). */
  | 'clip-3..3'
  /** x clipped to [0, 8] (ratios to a uniform share). */
  | 'clip0..8'
  /** 1 when a condition holds, else 0. */
  | 'indicator'
  /** 1 for the slot of the value, 0 for the others of its group. */
  | 'one-hot'
  /** 1 for each hash bucket one of the values falls in (several may be 1). */
  | 'hashed-multi-hot'
  /** 1 when the slot's source is missing (its value slot then holds the stated default). */
  | 'missing'
  /** sin or cos of 2π·hour/24: hours 23 and 0 are neighbours. */
  | 'cyclic-hour';

export interface FeatureSlot {
  readonly name: string;
  readonly transform: SlotTransform;
  /** What the value is computed from (feature names, catalog facts, request context), for humans. */
  readonly source: string;
}

/** Bumped when the meaning of a slot changes without its name or transform changing. */
export const FEATURE_SCHEMA_REVISION = 2;
/** Number of hash buckets the item's categories are spread over. */
export const CATEGORY_BUCKETS = 16;
/** The user is cold below this many interactions (R16's default transition point). */
export const COLD_USER_INTERACTIONS = 50;
/** Only the item's first categories count, as in the feature pipeline (MAX_ENRICHED_CATEGORIES). */
export const CROSS_CATEGORIES = 3;

const s = (name: string, transform: SlotTransform, source: string): FeatureSlot => ({ name, transform, source });

export const USER_SLOTS: readonly FeatureSlot[] = [
  s('user_interactions', 'log1p', 'user_interaction_count'),
  s('user_is_cold', 'indicator', `user_interaction_count < ${COLD_USER_INTERACTIONS}`),
  s('user_completion_rate_7d', 'clip01', 'user_completion_rate_7d (default 0)'),
  s('user_completion_rate_7d_missing', 'missing', 'user_completion_rate_7d'),
  s('user_session_binge_depth', 'log1p', 'user_session_binge_depth'),
  s('user_avg_session_minutes_7d', 'log1p', 'user_avg_session_duration_7d (default 0)'),
  s('user_avg_session_minutes_7d_missing', 'missing', 'user_avg_session_duration_7d'),
  s('user_recent_items_share', 'clip01', 'length of user_recent_items / 20'),
  s('user_skips_7d', 'log1p', 'user_negative_counts_7d.skips'),
  s('user_early_pauses_7d', 'log1p', 'user_negative_counts_7d.early_pauses'),
  s('user_dislikes_7d', 'log1p', 'user_negative_counts_7d.dislikes'),
  s('user_browse_past_7d', 'log1p', 'user_negative_counts_7d.browse_past'),
  s('user_hover_skips_7d', 'log1p', 'user_negative_counts_7d.hover_skips'),
  s('user_prefers_video', 'one-hot', 'user_preferred_content_type_28d = VIDEO'),
  s('user_prefers_audio', 'one-hot', 'user_preferred_content_type_28d = AUDIO'),
  s('user_prefers_mixed', 'one-hot', 'user_preferred_content_type_28d = MIXED'),
  s('user_preferred_content_type_missing', 'missing', 'user_preferred_content_type_28d'),
  s('user_preferred_language_missing', 'missing', 'user_preferred_language_28d'),
  s('user_active_30m', 'indicator', 'user_category_affinity_30m is not empty'),
  s('context_hour_sin', 'cyclic-hour', 'request local hour (UTC hour of the request time when the client sent none)'),
  s('context_hour_cos', 'cyclic-hour', 'request local hour (UTC hour of the request time when the client sent none)'),
  s('context_hour_is_utc', 'indicator', 'the client sent no local hour'),
  s('user_hour_share', 'clip0..8', 'user_hour_of_day_28d[request hour] × 24 (1 = a uniform day; default 1)'),
  s('user_hour_share_missing', 'missing', 'user_hour_of_day_28d'),
  ...DEVICES.map((device) => s(`context_device_${device}`, 'one-hot', `request device = ${device}`)),
  s('context_device_missing', 'missing', 'request device'),
];

export const CANDIDATE_SLOTS: readonly FeatureSlot[] = [
  s('item_plays_1h', 'log1p', 'item_plays_1h'),
  s('item_plays_24h', 'log1p', 'item_plays_24h'),
  s('item_plays_28d', 'log1p', 'item_plays_28d'),
  s('item_impressions_24h', 'log1p', 'item_impressions_24h'),
  s('item_ctr_24h', 'clip01', 'item_ctr_24h (default 0)'),
  s('item_ctr_24h_missing', 'missing', 'item_ctr_24h'),
  s('item_like_ratio_7d', 'clip01', 'item_like_ratio_7d (default 0.5, the smoothed prior)'),
  s('item_completion_rate_7d', 'clip01', 'item_completion_rate_7d (default 0)'),
  s('item_completion_rate_7d_missing', 'missing', 'item_completion_rate_7d'),
  s('item_skip_rate_7d', 'clip01', 'item_skip_rate_7d (default 0)'),
  s('item_skip_rate_7d_missing', 'missing', 'item_skip_rate_7d'),
  s('item_trending_score', 'log1p', 'item_trending_score'),
  s('creator_subscribers', 'log1p', 'creator_subscriber_count (default 0)'),
  s('creator_subscribers_missing', 'missing', 'creator_subscriber_count'),
  s('item_publish_age_hours', 'log1p', 'item_publish_age_hours, else request time − catalog publish time (default 0)'),
  s('item_publish_age_missing', 'missing', 'item_publish_age_hours and catalog publish time'),
  s('item_is_video', 'one-hot', 'catalog content type = VIDEO'),
  s('item_is_audio', 'one-hot', 'catalog content type = AUDIO'),
  s('item_duration_minutes', 'log1p', 'catalog duration in minutes (default 0)'),
  s('item_duration_missing', 'missing', 'catalog duration'),
  s('item_language_missing', 'missing', "catalog language (absent or 'und')"),
  s('item_category_count', 'clip01', 'number of catalog categories / 8'),
  ...Array.from({ length: CATEGORY_BUCKETS }, (_, b) =>
    s(`item_category_bucket_${String(b).padStart(2, '0')}`, 'hashed-multi-hot', `catalog categories, FNV-1a mod ${CATEGORY_BUCKETS}`),
  ),
  s('cross_category_affinity_30m', 'clip-1..1', `max of user_category_affinity_30m over the item's first ${CROSS_CATEGORIES} categories (default 0)`),
  s('cross_category_affinity_7d', 'clip-1..1', `max of user_category_affinity_7d over the item's first ${CROSS_CATEGORIES} categories (default 0)`),
  s('cross_category_affinity_long', 'clip-1..1', `max of user_category_affinity_long over the item's first ${CROSS_CATEGORIES} categories (default 0)`),
  s('cross_category_affinity_long_sum', 'clip-1..1', `sum of user_category_affinity_long over the item's first ${CROSS_CATEGORIES} categories`),
  s('cross_top_category_7d', 'log1p', `largest user_top_categories_7d weight among the item's first ${CROSS_CATEGORIES} categories (default 0)`),
  s('cross_creator_affinity_long', 'clip-1..1', "user_creator_affinity_long[the item's creator] (default 0)"),
  s('cross_language_match', 'indicator', 'user_preferred_language_28d = catalog language'),
  s('cross_content_type_match', 'clip01', 'user preferred content type vs catalog type: 1 same, 0.5 MIXED, 0 other'),
  s('cross_content_type_missing', 'missing', 'user_preferred_content_type_28d or catalog content type'),
  s('cross_in_recent_items', 'indicator', 'the item is in user_recent_items'),
  s('cross_recent_item_score', 'clip-3..3', "the item's user_recent_items score (signal weight × recency; negative after skips/dislikes)"),
  s('cf_score', 'clip-1..1', "cosine of the user's pooled query (user_recent_items over the bundle's item vectors, as the ann source queries) and the item's vector (default 0)"),
  s('cf_nearest_recent', 'clip-1..1', "largest cosine of the item's vector and the vector of one of the user's positively scored recent items (default 0)"),
  s('cf_missing', 'missing', "the user's pooled query or the item's vector (not in the bundle's embedding space)"),
  s('cf_co_visitation', 'log1p', "sum of the item's scores in the co-visitation lists of the user's positively scored recent items (default 0)"),
  s('cf_co_visitation_missing', 'missing', 'co-visitation lists (a bundle without co-visitation.bin), or cf_missing'),
];

export const FEATURE_SLOTS: readonly FeatureSlot[] = [...USER_SLOTS, ...CANDIDATE_SLOTS];
export const USER_SLOT_COUNT = USER_SLOTS.length;
export const FEATURE_COUNT = FEATURE_SLOTS.length;

/** The names of the slots, in order. */
export const featureNames = (): string[] => FEATURE_SLOTS.map((slot) => slot.name);

/**
 * A stable hash of the ordered slot names and transforms (and the revision):
 * any reordering, renaming, added slot or changed transform changes it.
 */
export function featureSchemaHash(slots: readonly FeatureSlot[] = FEATURE_SLOTS, revision = FEATURE_SCHEMA_REVISION): string {
  const canonical = JSON.stringify({ revision, slots: slots.map((slot) => [slot.name, slot.transform]) });
  return `fs1-${fnv1a64Hex(canonical)}`;
}

export const FEATURE_SCHEMA_HASH = featureSchemaHash();

/** The index of a slot by name; throws for an unknown name (a programming error). */
export function slotIndex(name: string): number {
  const index = FEATURE_SLOTS.findIndex((slot) => slot.name === name);
  if (index < 0) throw new RangeError(`unknown feature slot "${name}"`);
  return index;
}

/** The schema as a Markdown table (docs are generated from here; a test keeps them equal). */
export function featureSchemaMarkdown(): string {
  const lines = ['| # | slot | transform | source |', '|---|---|---|---|'];
  FEATURE_SLOTS.forEach((slot, i) => lines.push(`| ${i} | \`${slot.name}\` | ${slot.transform} | ${slot.source.replace(/\|/g, '\\|')} |`));
  return lines.join('\n');
}
