// User features (R4): recent items, category affinities, completion, sessions,
// daily rhythm, preferences, negative signals, long-term tastes.
import { SIGNALS } from '../events/event-types.js';
import { defineFeature, round6 } from './define.js';
import { windowSum, type Buckets } from './state/counter.js';
import type { EntityState } from './state/entity-state.js';
import type { LogEntry } from './state/event-log.js';
import {
  userCategory5m, userCategory6h, userCategoryLong, userContentType, userCreatorLong, userEvents6h, userHourOfDay,
  userInteractions, userItemSet, userLanguage, userLog, type CounterSpec,
} from './state/specs.js';
import { DAY, LONG_TERM_EPOCH_MS, MINUTE, WEEK } from './time.js';

/** A gap longer than this ends a session. */
export const SESSION_GAP_MS = 30 * MINUTE;
/** Recency decay of recent items: weight × e^(−age/τ). */
export const RECENT_ITEM_TAU_MS = 3 * DAY;
/** Weekly decay of long-term affinities. */
export const LONG_TERM_WEEKLY_DECAY = 0.85;

function dimSums(state: EntityState, spec: CounterSpec, t: number, windowMs: number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [dim, buckets] of state.counter(spec)) {
    const sum = windowSum(buckets, t, windowMs, spec.bucketMs);
    if (sum !== 0) sums.set(dim, sum);
  }
  return sums;
}

/** Scores divided by the sum of their magnitudes, largest first, at most `limit`. */
function normalised(sums: ReadonlyMap<string, number>, limit = Infinity): Record<string, number> {
  let total = 0;
  for (const v of sums.values()) total += Math.abs(v);
  if (total === 0) return {};
  const sorted = [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  return Object.fromEntries(sorted.map(([dim, v]) => [dim, round6(v / total)]));
}

const entriesUpTo = (state: EntityState, t: number, windowMs: number): LogEntry[] =>
  state.log().filter((e) => e.time <= t && e.time > t - windowMs);

function sessions(entries: readonly LogEntry[]): LogEntry[][] {
  const out: LogEntry[][] = [];
  for (const entry of entries) {
    const current = out.at(-1);
    if (current && entry.time - current.at(-1)!.time <= SESSION_GAP_MS) current.push(entry);
    else out.push([entry]);
  }
  return out;
}

function decayedWeekly(buckets: Buckets, t: number): number {
  let sum = 0;
  for (const [bucket, count] of buckets) {
    const start = bucket * WEEK;
    if (start > t || start <= t - 13 * WEEK) continue;
    sum += count * LONG_TERM_WEEKLY_DECAY ** Math.floor((t - start) / WEEK);
  }
  return sum;
}

export interface RecentItem {
  readonly item_id: string;
  /** Σ signal weight × recency decay over the user's events on this item. */
  readonly score: number;
  readonly last_time: number;
}

export const userRecentItems = defineFeature<RecentItem[]>({
  name: 'user_recent_items',
  entity: 'user',
  description: 'Up to 20 items the user engaged with in the last 7 days, by Σ signal weight × e^(−age/3d).',
  windows: ['7d'],
  reads: [userLog],
  value: (state, t) => {
    const byItem = new Map<string, { score: number; last: number }>();
    for (const e of entriesUpTo(state, t, userLog.retentionMs)) {
      const agg = byItem.get(e.itemId) ?? { score: 0, last: -Infinity };
      agg.score += SIGNALS[e.type].weight * Math.exp(-(t - e.time) / RECENT_ITEM_TAU_MS);
      agg.last = Math.max(agg.last, e.time);
      byItem.set(e.itemId, agg);
    }
    return [...byItem]
      .map(([item_id, { score, last }]) => ({ item_id, score: round6(score), last_time: last }))
      .sort((a, b) => b.score - a.score || b.last_time - a.last_time || (a.item_id < b.item_id ? -1 : 1))
      .slice(0, 20);
  },
});

export interface HistoryItem {
  readonly item_id: string;
  /** Time of the latest event that put the item in the history. */
  readonly last_time: number;
}

export const userItemHistory = defineFeature<HistoryItem[]>({
  name: 'user_item_history',
  entity: 'user',
  description: 'Up to 200 items the user finished, replayed, liked or shared in the last 365 days, newest first.',
  windows: ['365d'],
  reads: [userItemSet],
  value: (state, t) =>
    state
      .history()
      .filter((h) => h.time <= t && h.time > t - userItemSet.retentionMs)
      .slice(0, userItemSet.cap)
      .map((h) => ({ item_id: h.itemId, last_time: h.time })),
});

export const userTopCategories7d = defineFeature<{ category: string; weight: number }[]>({
  name: 'user_top_categories_7d',
  entity: 'user',
  description: 'The 5 categories with the largest positive signal weight in the last 7 days.',
  windows: ['7d'],
  reads: [userCategory6h],
  value: (state, t) =>
    [...dimSums(state, userCategory6h, t, 7 * DAY)]
      .filter(([, points]) => points > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([category, points]) => ({ category, weight: points / 100 })),
});

export const userCategoryAffinity30m = defineFeature<Record<string, number>>({
  name: 'user_category_affinity_30m',
  entity: 'user',
  description: 'Signal weight per category in the last 30 minutes, divided by the total magnitude (what the user is into right now).',
  windows: ['30m'],
  reads: [userCategory5m],
  value: (state, t) => normalised(dimSums(state, userCategory5m, t, 30 * MINUTE)),
});

export const userCategoryAffinity7d = defineFeature<Record<string, number>>({
  name: 'user_category_affinity_7d',
  entity: 'user',
  description: 'Signal weight per category in the last 7 days, divided by the total magnitude (top 10).',
  windows: ['7d'],
  reads: [userCategory6h],
  value: (state, t) => normalised(dimSums(state, userCategory6h, t, 7 * DAY), 10),
});

export const userCompletionRate7d = defineFeature<number | null>({
  name: 'user_completion_rate_7d',
  entity: 'user',
  description: 'Completions per start in the last 7 days (null without starts).',
  windows: ['7d'],
  reads: [userEvents6h],
  value: (state, t) => {
    const counts = dimSums(state, userEvents6h, t, 7 * DAY);
    const started = counts.get('media_started') ?? 0;
    return started > 0 ? round6((counts.get('media_completed') ?? 0) / started) : null;
  },
});

export const userSessionBingeDepth = defineFeature<number>({
  name: 'user_session_binge_depth',
  entity: 'user',
  description: 'Items completed in the current session (events no more than 30 minutes apart, the last within 30 minutes of t).',
  windows: ['session'],
  reads: [userLog],
  value: (state, t) => {
    const current = sessions(entriesUpTo(state, t, userLog.retentionMs)).at(-1);
    if (!current || t - current.at(-1)!.time > SESSION_GAP_MS) return 0;
    return current.filter((e) => e.type === 'media_completed').length;
  },
});

export const userAvgSessionDuration7d = defineFeature<number | null>({
  name: 'user_avg_session_duration_7d',
  entity: 'user',
  description: 'Mean session length in minutes (first to last event) over the last 7 days (null without events).',
  windows: ['7d'],
  reads: [userLog],
  value: (state, t) => {
    const all = sessions(entriesUpTo(state, t, 7 * DAY));
    if (all.length === 0) return null;
    const total = all.reduce((sum, s) => sum + (s.at(-1)!.time - s[0]!.time), 0);
    return round6(total / all.length / MINUTE);
  },
});

export const userHourOfDay28d = defineFeature<number[] | null>({
  name: 'user_hour_of_day_28d',
  entity: 'user',
  description: "Share of positive events per local hour 0–23 over the last 28 days (UTC hour when the client sent none).",
  windows: ['28d'],
  reads: [userHourOfDay],
  value: (state, t) => {
    const sums = dimSums(state, userHourOfDay, t, 28 * DAY);
    let total = 0;
    for (const v of sums.values()) total += v;
    if (total <= 0) return null;
    return Array.from({ length: 24 }, (_, h) => round6((sums.get(String(h)) ?? 0) / total));
  },
});

function argmax(sums: ReadonlyMap<string, number>): string | null {
  let best: [string, number] | undefined;
  for (const entry of sums) if (entry[1] > 0 && (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0]))) best = entry;
  return best?.[0] ?? null;
}

export const userPreferredLanguage28d = defineFeature<string | null>({
  name: 'user_preferred_language_28d',
  entity: 'user',
  description: 'The language of most of the user’s plays in the last 28 days.',
  windows: ['28d'],
  reads: [userLanguage],
  value: (state, t) => argmax(dimSums(state, userLanguage, t, 28 * DAY)),
});

/** The user's plays per content type over 28 days (what the preferred type is decided from; the re-ranking discovery rule reads it). */
export function contentTypePlays28d(state: EntityState, t: number): { VIDEO: number; AUDIO: number } {
  const sums = dimSums(state, userContentType, t, 28 * DAY);
  return { VIDEO: sums.get('VIDEO') ?? 0, AUDIO: sums.get('AUDIO') ?? 0 };
}

export const userPreferredContentType28d = defineFeature<'VIDEO' | 'AUDIO' | 'MIXED' | null>({
  name: 'user_preferred_content_type_28d',
  entity: 'user',
  description: 'VIDEO or AUDIO when at least 70% of the last 28 days’ plays were of that type, MIXED otherwise.',
  windows: ['28d'],
  reads: [userContentType],
  value: (state, t) => {
    const { VIDEO: video, AUDIO: audio } = contentTypePlays28d(state, t);
    if (video + audio <= 0) return null;
    const share = video / (video + audio);
    return share >= 0.7 ? 'VIDEO' : share <= 0.3 ? 'AUDIO' : 'MIXED';
  },
});

export interface NegativeCounts {
  readonly skips: number;
  readonly early_pauses: number;
  readonly dislikes: number;
  readonly browse_past: number;
  readonly hover_skips: number;
}

export const userNegativeCounts7d = defineFeature<NegativeCounts>({
  name: 'user_negative_counts_7d',
  entity: 'user',
  description: 'Counts of negative signals in the last 7 days.',
  windows: ['7d'],
  reads: [userEvents6h],
  value: (state, t) => {
    const c = dimSums(state, userEvents6h, t, 7 * DAY);
    return {
      skips: c.get('media_skipped') ?? 0,
      early_pauses: c.get('media_paused_early') ?? 0,
      dislikes: c.get('media_disliked') ?? 0,
      browse_past: c.get('browse_past') ?? 0,
      hover_skips: c.get('hover_skip') ?? 0,
    };
  },
});

function longTermAffinity(state: EntityState, spec: CounterSpec, t: number): Record<string, number> {
  const sums = new Map<string, number>();
  for (const [dim, buckets] of state.counter(spec)) {
    const v = decayedWeekly(buckets, t);
    if (v !== 0) sums.set(dim, v);
  }
  return normalised(sums, 10);
}

export const userCategoryAffinityLong = defineFeature<Record<string, number>>({
  name: 'user_category_affinity_long',
  entity: 'user',
  description: 'Long-term category taste: weekly signal weight over 13 weeks, decayed 0.85 per week, normalised (top 10).',
  windows: ['91d'],
  reads: [userCategoryLong],
  value: (state, t) => longTermAffinity(state, userCategoryLong, t),
});

export const userCreatorAffinityLong = defineFeature<Record<string, number>>({
  name: 'user_creator_affinity_long',
  entity: 'user',
  description: 'Long-term creator taste: weekly signal weight over 13 weeks, decayed 0.85 per week, normalised (top 10).',
  windows: ['91d'],
  reads: [userCreatorLong],
  value: (state, t) => longTermAffinity(state, userCreatorLong, t),
});

export const userInteractionCount = defineFeature<number>({
  name: 'user_interaction_count',
  entity: 'user',
  description: 'Engagement events (plays, completions, likes, skips, ...) in the current and the previous 13-week epoch: decides cold versus warm users (R16).',
  windows: ['13–26w'],
  reads: [userInteractions],
  value: (state, t) => {
    const buckets = state.counter(userInteractions).get('');
    return buckets ? windowSum(buckets, t, 2 * LONG_TERM_EPOCH_MS, userInteractions.bucketMs) : 0;
  },
});

export const USER_FEATURES = [
  userRecentItems, userItemHistory, userTopCategories7d, userCategoryAffinity30m, userCategoryAffinity7d, userCompletionRate7d,
  userSessionBingeDepth, userAvgSessionDuration7d, userHourOfDay28d, userPreferredLanguage28d, userPreferredContentType28d,
  userNegativeCounts7d, userCategoryAffinityLong, userCreatorAffinityLong, userInteractionCount,
] as const;

