import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '../events/engagement-event.js';
import { createCatalogModel, resolveSyntheticConfig, syntheticEvents, syntheticItem } from '../workloads/synthetic/index.js';
import { FEATURES, USER_FEATURES } from './catalog.js';
import { keys } from '../keys.js';
import { entityStateFrom } from './state/entity-state.js';
import { itemInfoOf, type EnrichedEvent, type ItemInfo } from './enrich.js';
import { itemCompletionRate7d, itemLikeRatio7d, itemPlays1h, itemPlays24h, itemSkipRate7d, itemTrendingByGeo, itemTrendingScore } from './item-features.js';
import { MemoryFeatureStore } from './memory-store.js';
import { DAY, HOUR, MINUTE, epochOf } from './time.js';
import {
  userAvgSessionDuration7d, userCategoryAffinity30m, userCompletionRate7d, userHourOfDay28d, userInteractionCount,
  userItemHistory, userNegativeCounts7d, userPreferredContentType28d, userPreferredLanguage28d, userRecentItems, userSessionBingeDepth,
  userTopCategories7d,
} from './user-features.js';
import { addToBatch, emptyBatch, planWrites } from './writes.js';

function applyAll(store: MemoryFeatureStore, events: readonly EnrichedEvent[], chunk = events.length): void {
  for (let i = 0; i < events.length; i += chunk) {
    const batch = emptyBatch();
    for (const e of events.slice(i, i + chunk)) addToBatch(batch, planWrites(e), e.event.item_id);
    store.apply(batch);
  }
}

function syntheticEnriched(count: number, seed: number): EnrichedEvent[] {
  const resolved = resolveSyntheticConfig({ seed, users: 300, items: 500, events: count, lateRate: 0, duplicateRate: 0, malformedRate: 0 });
  if (!resolved.ok) throw new Error('config');
  const model = createCatalogModel(resolved.value);
  const out: EnrichedEvent[] = [];
  for (const r of syntheticEvents(resolved.value, model)) {
    if (r.kind !== 'event') continue;
    const index = r.event.item_id ? Number(r.event.item_id.slice('syn-i'.length)) : -1;
    out.push({ event: r.event, item: index >= 0 ? itemInfoOf(syntheticItem(model, index)) : null });
  }
  return out;
}

/** A deterministic shuffle (xorshift), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = Math.abs(s) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('feature state', () => {
  const events = syntheticEnriched(6000, 7);

  it('is byte-for-byte the same whatever the arrival order and batching', () => {
    const inOrder = new MemoryFeatureStore();
    applyAll(inOrder, events, 1);
    for (const [seed, chunk] of [[1, 500], [2, 37], [3, 6000]] as const) {
      const other = new MemoryFeatureStore();
      applyAll(other, shuffled(events, seed), chunk);
      expect(other.keys()).toEqual(inOrder.keys());
      for (const key of inOrder.keys()) {
        expect(other.rawHash(key)).toEqual(inOrder.rawHash(key));
        expect(other.rawLog(key)).toEqual(inOrder.rawLog(key));
      }
    }
  });

  it('gives values as of t from state that holds events up to t (later buckets never count)', () => {
    // Point-in-time correctness needs state built from events up to t (the offline builder does
    // that); on top, buckets and log entries after t are ignored, which this checks.
    const t = events[4000]!.event.event_time;
    const upToT = new MemoryFeatureStore();
    applyAll(upToT, events.filter((e) => e.event.event_time <= t));
    const withLater = new MemoryFeatureStore();
    // Later events that fall in later buckets of every short-term counter (6 h and beyond).
    applyAll(withLater, events.filter((e) => e.event.event_time <= t || e.event.event_time >= t + 6 * HOUR + 1));
    const users = [...new Set(events.slice(3500, 4000).map((e) => e.event.user_id))];
    const items = [...new Set(events.slice(3500, 4000).map((e) => e.event.item_id).filter((i): i is string => i !== undefined))];
    let compared = 0;
    for (const feature of FEATURES) {
      if (feature.reads.some((spec) => spec.kind === 'counter' && spec.bucketMs > 6 * HOUR)) continue; // day, week and all-time buckets
      const ids = feature.entity === 'user' ? users : feature.entity === 'item' ? items : [];
      for (const id of ids) {
        const state = (store: MemoryFeatureStore) => (feature.entity === 'user' ? store.userState(id) : store.itemState(id));
        expect({ feature: feature.name, id, value: feature.value(state(withLater), t) }).toEqual({ feature: feature.name, id, value: feature.value(state(upToT), t) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('long-term epochs', () => {
  it('gives the same values from the two epoch keys a reader fetches as from every epoch', () => {
    const events = syntheticEnriched(6000, 11).filter((e) => e.event.type !== 'impression');
    // Spread one user's events over a dozen epochs, three days apart; every seventh one is made a
    // completion (the synthetic stream opens with browsing), so the item history is not empty.
    const user = events[0]!.event.user_id;
    const spread = events.slice(0, 400).map((e, i) => ({
      ...e,
      event: { ...e.event, user_id: user, event_time: e.event.event_time + i * 3 * 86_400_000, ...(i % 7 === 0 && e.event.item_id !== undefined && { type: 'media_completed' as const }) },
    }));
    const store = new MemoryFeatureStore();
    applyAll(store, spread);
    const t = spread.at(-1)!.event.event_time;
    const epoch = epochOf(t);
    const fetched = entityStateFrom(
      [store.rawHash(keys.userShort(user)), store.rawHash(keys.userLong(user, epoch)), store.rawHash(keys.userLong(user, epoch - 1))],
      store.rawLog(keys.userLog(user)),
      null,
      store.rawLog(keys.userItems(user)),
    );
    expect(store.rawHash(keys.userLong(user, epoch - 3))).not.toEqual({}); // old epochs exist in memory...
    expect(userItemHistory.value(fetched, t).length).toBeGreaterThan(0);
    for (const feature of USER_FEATURES) expect({ name: feature.name, value: feature.value(fetched, t) }).toEqual({ name: feature.name, value: feature.value(store.userState(user), t) });
    expect(userInteractionCount.value(fetched, t)).toBeGreaterThan(0);
  });
});

describe('feature values', () => {
  const T = Date.UTC(2026, 2, 2, 12);
  const drama: ItemInfo = { categories: ['drama'], creatorId: 'c1', language: 'de', contentType: 'VIDEO', durationMs: 3_600_000, publishTime: T - 2 * DAY };
  const jazz: ItemInfo = { categories: ['jazz'], creatorId: 'c2', language: 'en', contentType: 'AUDIO', durationMs: 300_000, publishTime: T - 400 * DAY };
  let n = 0;
  const ev = (type: EngagementEvent['type'], item: string, at: number, info: ItemInfo | null, extra: Partial<EngagementEvent> = {}): EnrichedEvent => ({
    event: { event_id: `e${n++}`, type, user_id: 'u1', item_id: item, event_time: at, ...extra },
    item: info,
  });

  const store = new MemoryFeatureStore();
  applyAll(store, [
    // A session 3 hours ago: two dramas completed, one started.
    ev('media_started', 'd1', T - 3 * HOUR, drama, { context: { local_hour: 9, country: 'DE', device: 'tv' } }),
    ev('media_completed', 'd1', T - 3 * HOUR + 20 * MINUTE, drama, { progress: 1 }),
    ev('media_started', 'd2', T - 3 * HOUR + 25 * MINUTE, drama),
    ev('media_completed', 'd2', T - 3 * HOUR + 50 * MINUTE, drama, { progress: 0.95 }),
    ev('media_liked', 'd2', T - 3 * HOUR + 51 * MINUTE, drama),
    // The current session: jazz, twice skipped-ish.
    ev('media_started', 'j1', T - 20 * MINUTE, jazz, { context: { local_hour: 11, country: 'DE', device: 'mobile' } }),
    ev('media_paused_early', 'j1', T - 18 * MINUTE, jazz, { progress: 0.1 }),
    ev('media_skipped', 'j2', T - 10 * MINUTE, jazz),
    ev('media_started', 'd3', T - 5 * MINUTE, drama),
    ev('media_completed', 'd3', T - 1 * MINUTE, drama),
    ev('browse_past', 'j3', T - 1 * MINUTE, jazz, { request_id: 'r1', position: 2 }),
  ]);
  const user = store.userState('u1');

  it('computes completion, sessions and negatives', () => {
    expect(userCompletionRate7d.value(user, T)).toBeCloseTo(3 / 4, 6);
    expect(userSessionBingeDepth.value(user, T)).toBe(1); // current session: only d3 completed
    expect(userSessionBingeDepth.value(user, T + 40 * MINUTE)).toBe(0); // the session ended
    // Sessions: [T-3h, T-3h+51m] and [T-20m, T-1m]: (51 + 19) / 2 minutes.
    expect(userAvgSessionDuration7d.value(user, T)).toBeCloseTo(35, 6);
    expect(userNegativeCounts7d.value(user, T)).toEqual({ skips: 1, early_pauses: 1, dislikes: 0, browse_past: 1, hover_skips: 0 });
    expect(userInteractionCount.value(user, T + HOUR)).toBe(10); // every logged event; browse-past is not one
  });

  it('tracks tastes over short and long windows', () => {
    expect(userTopCategories7d.value(user, T).map((c) => c.category)).toEqual(['drama']);
    const now = userCategoryAffinity30m.value(user, T);
    expect(now.drama).toBeGreaterThan(0);
    expect(now.jazz).toBeLessThan(0);
    expect(userPreferredLanguage28d.value(user, T)).toBe('de');
    expect(userPreferredContentType28d.value(user, T)).toBe('VIDEO'); // 3 video plays of 4: 75% ≥ 70%
    const hours = userHourOfDay28d.value(user, T)!;
    expect(hours).toHaveLength(24);
    expect(hours.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(hours[9]).toBeGreaterThan(0); // the client's local hour was used
  });

  it('computes item rates, plays and trending', () => {
    const d3 = store.itemState('d3');
    expect(itemPlays1h.value(d3, T)).toBe(1);
    expect(itemPlays24h.value(store.itemState('d1'), T)).toBe(1);
    expect(itemCompletionRate7d.value(d3, T)).toBe(1);
    expect(itemSkipRate7d.value(store.itemState('j2'), T)).toBe(1);
    expect(itemLikeRatio7d.value(store.itemState('d2'), T)).toBeCloseTo(2 / 3, 6);
    expect(itemTrendingScore.value(d3, T)).toBeGreaterThan(0);
    expect(itemTrendingScore.value(store.itemState('d1'), T)).toBe(0); // no play in the last hour
    expect(itemTrendingByGeo.value(store.itemState('j1'), T)).toEqual({ EU: expect.any(Number) as number });
  });
  it('ranks recent items by decayed signal weight', () => {
    const recent = userRecentItems.value(user, T);
    expect(recent.map((r) => r.item_id)).toEqual(['d2', 'd3', 'd1', 'j1', 'j2']);
    expect(recent.at(-1)!.score).toBeLessThan(0);
    // The log keeps exact times: an event after T never shows in a value as of T.
    applyAll(store, [ev('media_completed', 'j9', T + 2 * MINUTE, jazz)]);
    expect(userRecentItems.value(store.userState('u1'), T)).toEqual(recent);
    expect(userRecentItems.value(store.userState('u1'), T + 3 * MINUTE).map((r) => r.item_id)).toContain('j9');
  });

  it('keeps a year of finished and endorsed items, one entry per item, newest first', () => {
    const history = new MemoryFeatureStore();
    applyAll(history, [
      ev('media_completed', 'old', T - 400 * DAY, drama), // older than the year before the newest entry: pruned
      ev('media_completed', 'a', T - 300 * DAY, drama),
      ev('media_started', 'started-only', T - 200 * DAY, drama), // a start is not enough
      ev('media_added_to_playlist', 'saved', T - 150 * DAY, drama), // saved for later: not seen yet
      ev('media_liked', 'b', T - 100 * DAY, drama),
      ev('media_shared', 'c', T - 10 * DAY, jazz),
      ev('media_replay', 'a', T - 5 * DAY, drama), // a again: its entry moves to the newest event
      ev('media_completed', 'later', T + HOUR, drama), // after T
    ]);
    const state = history.userState('u1');
    expect(userItemHistory.value(state, T)).toEqual([
      { item_id: 'a', last_time: T - 5 * DAY },
      { item_id: 'c', last_time: T - 10 * DAY },
      { item_id: 'b', last_time: T - 100 * DAY },
    ]);
    expect(userItemHistory.value(state, T + 2 * HOUR).map((h) => h.item_id)).toEqual(['later', 'a', 'c', 'b']);
    // The 7-day event log has forgotten all but the last week; the history has not.
    expect(userRecentItems.value(state, T).map((r) => r.item_id)).toEqual(['a']);
  });

  it('keeps the 200 newest items of the history', () => {
    const history = new MemoryFeatureStore();
    applyAll(history, Array.from({ length: 250 }, (_, i) => ev('media_completed', `i${i}`, T - (250 - i) * HOUR, drama)));
    const items = userItemHistory.value(history.userState('u1'), T);
    expect(items).toHaveLength(200);
    expect(items[0]!.item_id).toBe('i249');
    expect(items.at(-1)!.item_id).toBe('i50');
  });

});
