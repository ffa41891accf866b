import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@freshet/shared';
import { MemoryFeatureStore } from '@freshet/shared/features/memory-store';
import { addToBatch, emptyBatch, planWrites } from '@freshet/shared/features/writes';
import { userSets } from './user-sets.js';

const T = Date.UTC(2026, 10, 22, 12);
const info = (contentType: 'VIDEO' | 'AUDIO') => ({ categories: ['drama'], creatorId: 'c', language: 'en', contentType, durationMs: 60_000, publishTime: T - 86_400_000 });

function stateOf(events: [EngagementEvent, 'VIDEO' | 'AUDIO'][]) {
  const store = new MemoryFeatureStore();
  const batch = emptyBatch();
  for (const [event, type] of events) addToBatch(batch, planWrites({ event, item: info(type) }), event.item_id);
  store.apply(batch);
  return store.userState('u1');
}

const e = (n: number, type: EngagementEvent['type'], item: string, at: number): EngagementEvent =>
  ({ event_id: `e${n}`, type, user_id: 'u1', item_id: item, event_time: at, ...(type === 'media_completed' && { progress: 1 }) }) as EngagementEvent;

describe('the user sets the rules read', () => {
  it('holds completed and disliked items and plays per content type, as of the feature time', () => {
    const state = stateOf([
      [e(1, 'media_started', 'a', T - 5000), 'VIDEO'],
      [e(2, 'media_completed', 'a', T - 4000), 'VIDEO'],
      [e(3, 'media_started', 'b', T - 3000), 'AUDIO'],
      [e(4, 'media_disliked', 'b', T - 2000), 'AUDIO'],
      [e(5, 'media_completed', 'later', T + 60_000), 'VIDEO'],
    ]);
    const sets = userSets(state, T);
    expect([...sets.consumed]).toEqual(['a']);
    expect([...sets.disliked]).toEqual(['b']);
    expect(sets.contentTypeCounts!.VIDEO).toBeGreaterThan(0);
    expect(sets.contentTypeCounts!.AUDIO).toBeGreaterThan(0);
    expect([...userSets(state, T + 120_000).consumed].sort()).toEqual(['a', 'later']);
  });

  it('counts the year’s finished and endorsed items as consumed, beyond the event log’s week', () => {
    const day = 86_400_000;
    const state = stateOf([
      [e(1, 'media_completed', 'month-ago', T - 30 * day), 'VIDEO'],
      [e(2, 'media_liked', 'liked', T - 60 * day), 'VIDEO'],
      [e(3, 'media_added_to_playlist', 'saved', T - 2 * day), 'VIDEO'], // saved for later: not seen yet
      [e(4, 'media_completed', 'later', T + 60_000), 'VIDEO'],
    ]);
    expect([...userSets(state, T).consumed].sort()).toEqual(['liked', 'month-ago']);
  });

  it('is empty without state (the features were not read)', () => {
    const sets = userSets(null, T);
    expect(sets.consumed.size + sets.disliked.size).toBe(0);
    expect(sets.contentTypeCounts).toBeUndefined();
  });
});
