// Reading retrieval's inputs from feature values: malformed values count as missing.
import { describe, expect, it } from 'vitest';
import { coVisitationWeightFor, historyItemsOf, interactionCountOf, recentItemsOf, tasteCategoriesOf, userItemsOf } from './user-signals.js';
import { activeSources, userClassOf } from './user-class.js';
import { DEFAULT_COLD_SOURCES, DEFAULT_QUOTAS } from './config.js';
import { SOURCES } from './sources.js';

describe('user signals', () => {
  it('keeps well-formed recent items once each and skips the rest', () => {
    const values = {
      user_recent_items: [
        { item_id: 'a', score: 1, last_time: 5 },
        { item_id: 'a', score: 2, last_time: 6 }, // repeat
        { item_id: '', score: 1, last_time: 5 }, // empty id
        { item_id: 'b', score: 'x', last_time: 5 }, // bad score
        { item_id: 'c', score: 0.5 }, // no time
        null,
        ['d', 1, 2],
        { item_id: 'e', score: -0.3, last_time: 9 },
      ],
    };
    expect(recentItemsOf(values)).toEqual([
      { item_id: 'a', score: 1, last_time: 5 },
      { item_id: 'e', score: -0.3, last_time: 9 },
    ]);
    expect(recentItemsOf({ user_recent_items: 'nope' })).toEqual([]);
    expect(recentItemsOf({})).toEqual([]);
  });

  it('keeps well-formed history items once each and skips the rest', () => {
    const values = {
      user_item_history: [
        { item_id: 'a', last_time: 9 },
        { item_id: 'a', last_time: 3 }, // repeat
        { item_id: '', last_time: 5 }, // empty id
        { item_id: 'b', last_time: 'x' }, // bad time
        { item_id: 'c' }, // no time
        { item_id: 7, last_time: 5 }, // not a string id
        null,
        { item_id: 'd', last_time: 2 },
      ],
    };
    expect(historyItemsOf(values)).toEqual([
      { item_id: 'a', last_time: 9 },
      { item_id: 'd', last_time: 2 },
    ]);
    expect(historyItemsOf({ user_item_history: { a: 1 } })).toEqual([]);
    expect(historyItemsOf({})).toEqual([]);
  });

  it('starts the collaborative signals from the recent items, or from the history when the week holds no positive item', () => {
    const history = [
      { item_id: 'h1', last_time: 45 },
      { item_id: 'h2', last_time: 30 },
      { item_id: 'h3', last_time: 10 },
    ];
    const active = { user_recent_items: [{ item_id: 'r1', score: 1.5, last_time: 50 }], user_item_history: history };
    expect(userItemsOf(active).seeds).toEqual([{ item_id: 'r1', score: 1.5, last_time: 50 }]);
    expect(userItemsOf(active).seedsFromHistory).toBe(false);
    expect(coVisitationWeightFor(userItemsOf(active).seedsFromHistory, 2)).toBe(2);
    // Back after the log's week: the history, newest first, with equal weights.
    const returning = { user_item_history: history };
    expect(userItemsOf(returning).seeds).toEqual(history.map((h) => ({ ...h, score: 1 })));
    expect(userItemsOf(returning).seedsFromHistory).toBe(true);
    expect(coVisitationWeightFor(userItemsOf(returning).seedsFromHistory, 2)).toBe(0);
    // A week of turned-down items only: they stay first (negative, never pooled), and the history follows without them.
    const turnedDown = { user_recent_items: [{ item_id: 'h2', score: -0.5, last_time: 60 }], user_item_history: history };
    expect(userItemsOf(turnedDown).seeds.map((r) => [r.item_id, r.score])).toEqual([['h2', -0.5], ['h1', 1], ['h3', 1]]);
    // Neither: nothing to start from, and the configured prior stands.
    expect(userItemsOf({}).seeds).toEqual([]);
    expect(userItemsOf({}).seedsFromHistory).toBe(false);
    expect(coVisitationWeightFor(userItemsOf({}).seedsFromHistory, 2)).toBe(2);
  });

  it('reads the interaction count, 0 when missing, negative or not a number', () => {
    expect(interactionCountOf({ user_interaction_count: 72 })).toBe(72);
    expect([{}, { user_interaction_count: -1 }, { user_interaction_count: '9' }, { user_interaction_count: Number.NaN }].map(interactionCountOf)).toEqual([0, 0, 0, 0]);
  });

  it('blends the three category affinities, positive ones only, best first', () => {
    const values = {
      user_category_affinity_30m: { jazz: 1 },
      user_category_affinity_7d: { rock: 0.9, jazz: 0.1, polka: -0.5 },
      user_category_affinity_long: { rock: 0.5, folk: 0.5, constructor: 'x' },
    };
    // jazz 0.5 + 0.03 = 0.53; rock 0.27 + 0.1 = 0.37; folk 0.1; polka negative.
    const taste = tasteCategoriesOf(values, 5);
    expect(taste.map((t) => t.category)).toEqual(['jazz', 'rock', 'folk']);
    expect(taste.map((t) => t.weight)).toEqual([0.5 + 0.3 * 0.1, 0.3 * 0.9 + 0.2 * 0.5, 0.2 * 0.5].map((w) => expect.closeTo(w, 12)));
    expect(tasteCategoriesOf(values, 1).map((t) => t.category)).toEqual(['jazz']);
    expect(tasteCategoriesOf({ user_category_affinity_7d: [1, 2] }, 5)).toEqual([]);
  });
});

describe('cold or warm', () => {
  it('is warm from the threshold on', () => {
    expect([0, 49, 50, 51].map((n) => userClassOf(n, 50))).toEqual(['cold', 'cold', 'warm', 'warm']);
    expect(userClassOf(Number.NaN, 0)).toBe('cold');
  });

  it('runs every source with a quota for warm users, the cold list for cold users', () => {
    expect(activeSources('warm', DEFAULT_COLD_SOURCES, DEFAULT_QUOTAS)).toEqual([...SOURCES]);
    expect(activeSources('cold', DEFAULT_COLD_SOURCES, DEFAULT_QUOTAS)).toEqual(SOURCES.filter((s) => s !== 'ann' && s !== 'similar'));
    expect(activeSources('warm', DEFAULT_COLD_SOURCES, { ...DEFAULT_QUOTAS, fresh: 0 })).not.toContain('fresh');
  });
});
