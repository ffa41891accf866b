// The replayed feature state holds exactly the events the lag allows: every
// event before the request (real-time) or before the request day's 00:00 UTC
// (nightly), never one from later.
import { describe, expect, it } from 'vitest';
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import type { ContentProjection } from '@freshet/shared/embeddings/content-projection';
import { DAY_MS, FeatureTimeline } from './feature-timeline.js';

const DAY0 = Date.UTC(2020, 0, 10);
const item = (id: string): CatalogItem => ({
  item_id: id, title: id, categories: ['drama'], content_type: 'VIDEO', creator_id: `c-${id}`, duration_ms: 6_000_000,
  language: 'und', publish_time: DAY0 - 30 * DAY_MS, maturity_rating: 'unrated', unlisted: false, description: '',
});
const completed = (itemId: string, t: number): EngagementEvent => ({ event_id: `e-${itemId}-${t}`, type: 'media_completed', user_id: 'u', item_id: itemId, event_time: t, progress: 1 });

const events = [completed('a', DAY0 - 3_600_000), completed('b', DAY0 + 3_600_000), completed('c', DAY0 + 5 * 3_600_000), completed('d', DAY0 + DAY_MS + 60_000)];
// Every item is older than the index (indexedUntil), so the content projection is never needed.
const options = { snapshotEveryMs: 300_000, space: { version: 'v', dim: 4 }, projection: {} as ContentProjection, indexedUntil: DAY0 };
const itemsInState = (timeline: FeatureTimeline) => timeline.store.userState('u').log().map((entry) => entry.itemId).sort();

describe('FeatureTimeline', () => {
  it('real-time: holds every event strictly before the request time', () => {
    const timeline = new FeatureTimeline(events, ['a', 'b', 'c', 'd'].map(item), { ...options, lag: 'realtime' });
    timeline.advance(DAY0 + 5 * 3_600_000); // the event at exactly this time is not "before"
    expect(itemsInState(timeline)).toEqual(['a', 'b']);
    timeline.advance(DAY0 + 5 * 3_600_000 + 1);
    expect(itemsInState(timeline)).toEqual(['a', 'b', 'c']);
  });

  it('nightly: holds only the events before the request day began (UTC)', () => {
    const timeline = new FeatureTimeline(events, ['a', 'b', 'c', 'd'].map(item), { ...options, lag: 'nightly' });
    timeline.advance(DAY0 + 20 * 3_600_000);
    expect(itemsInState(timeline)).toEqual(['a']);
    timeline.advance(DAY0 + DAY_MS + 120_000);
    expect(itemsInState(timeline)).toEqual(['a', 'b', 'c']);
    expect(timeline.stateTimeFor(DAY0 + DAY_MS + 120_000)).toBe(DAY0 + DAY_MS);
  });

  it('builds an item snapshot of the active items once events arrived', () => {
    const timeline = new FeatureTimeline(events, ['a', 'b', 'c', 'd'].map(item), { ...options, lag: 'realtime' });
    timeline.advance(DAY0 + 6 * 3_600_000);
    const snapshot = timeline.snapshot();
    expect(snapshot).not.toBeNull();
    expect(snapshot!.row('b')).not.toBeNull();
  });

  it('refuses to go back in time', () => {
    const timeline = new FeatureTimeline(events, ['a'].map(item), { ...options, lag: 'realtime' });
    timeline.advance(DAY0);
    expect(() => timeline.advance(DAY0 - 1)).toThrow(/cannot go back/);
  });
});
