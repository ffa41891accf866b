// The continue-watching rule over `user_recent_items` values built the way the
// feature builds them (Σ signal weight × e^(−age/3d), rounded to 6 decimals).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNALS, type EventType } from '../events/event-types.js';
import { RECENT_ITEM_TAU_MS, type RecentItem } from '../features/user-features.js';
import { continueWatching, engagementAtLastEvent } from './continue-watching.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const rule = { maxStartedScore: 0.6, maxAgeMs: 7 * DAY };

/** A recent-items entry as user_recent_items computes it from (type, time) events. */
function recent(itemId: string, events: readonly (readonly [EventType, number])[]): RecentItem {
  const score = events.reduce((s, [type, time]) => s + SIGNALS[type].weight * Math.exp(-(NOW - time) / RECENT_ITEM_TAU_MS), 0);
  return { item_id: itemId, score: Math.round(score * 1e6) / 1e6, last_time: Math.max(...events.map(([, t]) => t)) };
}

const ageArb = fc.integer({ min: 0, max: 7 * DAY - 2 * HOUR });

describe('continueWatching', () => {
  it('keeps a lone start (up to three) at any age within the window', () => {
    fc.assert(
      fc.property(ageArb, fc.integer({ min: 1, max: 3 }), (age, starts) => {
        const events = Array.from({ length: starts }, (_, i) => ['media_started', NOW - age - i * 60_000] as const);
        expect(continueWatching([recent('x', events)], NOW, rule).map((c) => c.itemId)).toEqual(['x']);
      }),
    );
  });

  it('drops a viewing that finished, was liked or saved, or was abandoned early', () => {
    fc.assert(
      fc.property(ageArb, fc.constantFrom<EventType>('media_completed', 'media_liked', 'media_added_to_playlist', 'media_paused_early', 'media_disliked', 'media_skipped'), (age, then) => {
        const item = recent('x', [['media_started', NOW - age - HOUR], [then, NOW - age]]);
        expect(continueWatching([item], NOW, rule)).toEqual([]);
      }),
    );
  });

  it('counts a rewatch (completed days ago, started again now) as continuing', () => {
    const item = recent('x', [['media_completed', NOW - 6 * DAY], ['media_started', NOW - HOUR]]);
    expect(engagementAtLastEvent(item, NOW)).toBeCloseTo(0.2 + Math.exp(-(6 * DAY - HOUR) / RECENT_ITEM_TAU_MS), 5);
    expect(continueWatching([item], NOW, rule)).toHaveLength(1);
  });

  it('returns only positive, bounded, in-window items, most recent first', () => {
    const itemArb = fc.record({
      item_id: fc.string({ minLength: 1, maxLength: 4 }),
      score: fc.double({ min: -3, max: 3, noNaN: true }),
      last_time: fc.integer({ min: NOW - 10 * DAY, max: NOW + HOUR }),
    });
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 20 }), (items) => {
        const out = continueWatching(items, NOW, rule);
        for (const c of out) {
          expect(items.some((i) => i.item_id === c.itemId && i.last_time === c.lastTime)).toBe(true);
          expect(c.engagement).toBeGreaterThan(0);
          expect(c.engagement).toBeLessThanOrEqual(rule.maxStartedScore + 1e-4);
          expect(NOW - c.lastTime).toBeLessThanOrEqual(rule.maxAgeMs);
        }
        for (let i = 1; i < out.length; i++) expect(out[i - 1]!.lastTime).toBeGreaterThanOrEqual(out[i]!.lastTime);
      }),
    );
  });

  it('ignores items older than the age limit and non-finite scores', () => {
    expect(continueWatching([recent('old', [['media_started', NOW - 8 * DAY]])], NOW, rule)).toEqual([]);
    expect(continueWatching([{ item_id: 'nan', score: Number.NaN, last_time: NOW }], NOW, rule)).toEqual([]);
  });
});
