// Item features (R4): plays, impressions and rates over sliding windows,
// publish age, the trending score, and the creator's subscriber count.
import { GEOS, type Geo } from './cohorts.js';
import { defineFeature, round6 } from './define.js';
import { sumUpTo, windowSum } from './state/counter.js';
import type { EntityState } from './state/entity-state.js';
import {
  creatorSubscriptions, itemEvents1h, itemEvents6h, itemPlays1d, itemPlays5m, itemPlaysByCohort5m, itemPlaysByGeo5m, type CounterSpec,
} from './state/specs.js';
import { DAY, HOUR, MINUTE, bucketOf } from './time.js';

/** Item features (snapshot columns) are constant between these steps of t unless the item's events change. */
export const ITEM_TIME_STEP_MS = 5 * MINUTE;

function count(state: EntityState, spec: CounterSpec, dim: string, t: number, windowMs: number): number {
  const buckets = state.counter(spec).get(dim);
  return buckets ? windowSum(buckets, t, windowMs, spec.bucketMs) : 0;
}

const count7d = (state: EntityState, type: string, t: number) => count(state, itemEvents6h, type, t, 7 * DAY);

export const itemPlays1h = defineFeature<number>({
  name: 'item_plays_1h',
  entity: 'item',
  description: 'Plays started in the last hour.',
  windows: ['1h'],
  reads: [itemPlays5m],
  value: (state, t) => count(state, itemPlays5m, '', t, HOUR),
});

export const itemPlays24h = defineFeature<number>({
  name: 'item_plays_24h',
  entity: 'item',
  description: 'Plays started in the last 24 hours.',
  windows: ['24h'],
  reads: [itemEvents1h],
  value: (state, t) => count(state, itemEvents1h, 'media_started', t, DAY),
});

export const itemPlays28d = defineFeature<number>({
  name: 'item_plays_28d',
  entity: 'item',
  description: 'Plays started in the last 28 days (daily buckets): popularity beyond the last day.',
  windows: ['28d'],
  reads: [itemPlays1d],
  value: (state, t) => count(state, itemPlays1d, '', t, 28 * DAY),
});

export const itemImpressions24h = defineFeature<number>({
  name: 'item_impressions_24h',
  entity: 'item',
  description: 'Times the item was shown in the last 24 hours.',
  windows: ['24h'],
  reads: [itemEvents1h],
  value: (state, t) => count(state, itemEvents1h, 'impression', t, DAY),
});

export const itemCtr24h = defineFeature<number | null>({
  name: 'item_ctr_24h',
  entity: 'item',
  description: 'Plays per impression in the last 24 hours (null without impressions).',
  windows: ['24h'],
  reads: [itemEvents1h],
  value: (state, t) => {
    const shown = count(state, itemEvents1h, 'impression', t, DAY);
    return shown > 0 ? round6(count(state, itemEvents1h, 'media_started', t, DAY) / shown) : null;
  },
});

export const itemLikeRatio7d = defineFeature<number>({
  name: 'item_like_ratio_7d',
  entity: 'item',
  description: 'Likes among likes and dislikes in the last 7 days, smoothed: (likes + 1) / (likes + dislikes + 2).',
  windows: ['7d'],
  reads: [itemEvents6h],
  value: (state, t) => {
    const likes = count7d(state, 'media_liked', t);
    return round6((likes + 1) / (likes + count7d(state, 'media_disliked', t) + 2));
  },
});

export const itemCompletionRate7d = defineFeature<number | null>({
  name: 'item_completion_rate_7d',
  entity: 'item',
  description: 'Completions per play in the last 7 days (null without plays).',
  windows: ['7d'],
  reads: [itemEvents6h],
  value: (state, t) => {
    const started = count7d(state, 'media_started', t);
    return started > 0 ? round6(count7d(state, 'media_completed', t) / started) : null;
  },
});

export const itemSkipRate7d = defineFeature<number | null>({
  name: 'item_skip_rate_7d',
  entity: 'item',
  description: 'Auto-play skips among skips and plays in the last 7 days (null without either).',
  windows: ['7d'],
  reads: [itemEvents6h],
  value: (state, t) => {
    const skipped = count7d(state, 'media_skipped', t);
    const started = count7d(state, 'media_started', t);
    return skipped + started > 0 ? round6(skipped / (skipped + started)) : null;
  },
});

export const itemPublishAgeHours = defineFeature<number | null>({
  name: 'item_publish_age_hours',
  entity: 'item',
  description: 'Hours since the item was published (null when the catalog does not know it).',
  windows: [],
  reads: [],
  value: (state, t) => (state.catalog?.publishTime === undefined ? null : round6((t - state.catalog.publishTime) / HOUR)),
});

// --- trending ----------------------------------------------------------------------------
/**
 * The recency weight halves an item's boost every ~5 days of age (e-folding 7 days) and never
 * drops below 0.5. Age is taken at the start of t's 5-minute bucket, like every window of the
 * item's counters: an item's features then change only when its events do or when t crosses a
 * bucket edge, which lets the snapshot publisher recompute only what changed.
 */
export function recencyWeight(publishTime: number | undefined, t: number): number {
  if (publishTime === undefined) return 0.5;
  const ageDays = Math.max(0, (bucketOf(t, ITEM_TIME_STEP_MS) * ITEM_TIME_STEP_MS - publishTime) / DAY);
  return 0.5 + 0.5 * Math.exp(-ageDays / 7);
}

/** 1 + completion rate + like ratio − skip rate over 7 days, within [0.5, 3]. */
export function engagementMultiplier(state: EntityState, t: number): number {
  const completion = itemCompletionRate7d.value(state, t) ?? 0;
  const skip = itemSkipRate7d.value(state, t) ?? 0;
  const raw = 1 + completion + itemLikeRatio7d.value(state, t) - skip;
  return Math.min(3, Math.max(0.5, raw));
}

/** views_1h × recency weight × engagement multiplier, for the given 1-hour play count. */
export function trendingScore(state: EntityState, t: number, views1h: number): number {
  if (views1h <= 0) return 0;
  return round6(views1h * recencyWeight(state.catalog?.publishTime, t) * engagementMultiplier(state, t));
}

export const itemTrendingScore = defineFeature<number>({
  name: 'item_trending_score',
  entity: 'item',
  description: 'views_1h × recency weight × engagement multiplier, over all regions.',
  windows: ['1h', '7d'],
  reads: [itemPlays5m, itemEvents6h],
  value: (state, t) => trendingScore(state, t, itemPlays1h.value(state, t)),
});

function scopedTrending(spec: CounterSpec) {
  return (state: EntityState, t: number): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [scope, buckets] of [...state.counter(spec)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const score = trendingScore(state, t, windowSum(buckets, t, HOUR, spec.bucketMs));
      if (score > 0) out[scope] = score;
    }
    return out;
  };
}

export const itemTrendingByGeo = defineFeature<Partial<Record<Geo, number>>>({
  name: 'item_trending_by_geo',
  entity: 'item',
  description: `The trending score per geography (${GEOS.join(', ')}), from plays in that geography.`,
  windows: ['1h', '7d'],
  reads: [itemPlaysByGeo5m, itemEvents6h],
  value: scopedTrending(itemPlaysByGeo5m),
});

export const itemTrendingByCohort = defineFeature<Record<string, number>>({
  name: 'item_trending_by_cohort',
  entity: 'item',
  description: 'The trending score per cohort (geography × device class), from plays in that cohort.',
  windows: ['1h', '7d'],
  reads: [itemPlaysByCohort5m, itemEvents6h],
  value: scopedTrending(itemPlaysByCohort5m),
});

export const creatorSubscriberCount = defineFeature<number>({
  name: 'creator_subscriber_count',
  entity: 'creator',
  description: 'Subscriptions to the creator, all time.',
  windows: ['all'],
  reads: [creatorSubscriptions],
  value: (state, t) => {
    const buckets = state.counter(creatorSubscriptions).get('');
    return buckets ? sumUpTo(buckets, t, creatorSubscriptions.bucketMs) : 0;
  },
});

export const ITEM_FEATURES = [
  itemPlays1h, itemPlays24h, itemPlays28d, itemImpressions24h, itemCtr24h, itemLikeRatio7d, itemCompletionRate7d, itemSkipRate7d,
  itemPublishAgeHours, itemTrendingScore, itemTrendingByGeo, itemTrendingByCohort,
] as const;
export const CREATOR_FEATURES = [creatorSubscriberCount] as const;
