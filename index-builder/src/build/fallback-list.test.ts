import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import { fallbackList } from './fallback-list.js';
import { indexableItems } from './input.js';

const T = Date.UTC(2026, 10, 22);
const item = (id: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: id, title: id, categories: [], content_type: 'VIDEO', creator_id: 'c', duration_ms: 1000, language: 'en',
  publish_time: T - 86_400_000, maturity_rating: 'all', unlisted: false, description: '', ...over,
});
let n = 0;
const event = (type: EngagementEvent['type'], item_id: string, ageMs: number) =>
  ({ event_id: `e${n++}`, type, user_id: 'u', item_id, event_time: T - ageMs }) as EngagementEvent;

describe('fallback list', () => {
  it('ranks by decayed signal weight, leaves out negative totals and items the index does not hold', () => {
    const catalog = [item('a'), item('b'), item('c'), item('gone', { unlisted: true })];
    const events = [
      event('media_completed', 'a', 0), event('media_started', 'b', 0), event('media_started', 'b', 0),
      event('media_completed', 'gone', 0), event('hover_skip', 'c', 0), event('media_completed', 'a', 3_600_000 * 24 * 30),
      event('media_completed', 'b', -1000), // after as-of: ignored
    ];
    const list = fallbackList(events, indexableItems(catalog, T), T, 2);
    expect(list.items.map((i) => i.item_id)).toEqual(['a', 'b']);
    expect(list.items[0]!.score).toBeGreaterThan(1);
  });

  it('fills up with the newest items when engagement is scarce, so the row is never empty', () => {
    const catalog = [item('old', { publish_time: T - 10 }), item('new', { publish_time: T - 1 }), item('hot')];
    const list = fallbackList([event('media_liked', 'hot', 0)], catalog, T, 3);
    expect(list.items.map((i) => i.item_id)).toEqual(['hot', 'new', 'old']);
  });
});

describe('indexable items', () => {
  it('keeps listed items still available, including ones whose window opens later (R10)', () => {
    const catalog = [item('ok'), item('unlisted', { unlisted: true }), item('expired', { available_until: T }), item('later', { available_from: T + 1, available_until: T + 9 })];
    expect(indexableItems(catalog, T).map((i) => i.item_id)).toEqual(['ok', 'later']);
  });
});
