import type { EngagementEvent, EventType } from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import { labelExamples } from './label-examples.js';
import { Rng } from '@freshet/shared/synthetic';
import { withSampledNegatives } from './sampled-negatives.js';

const T = Date.UTC(2026, 0, 5, 12);
let n = 0;
const ev = (type: EventType, user: string, item: string, minutes: number, extra: Partial<EngagementEvent> = {}): EngagementEvent => ({
  event_id: `e${n++}`, type, user_id: user, item_id: item, event_time: T + minutes * 60_000,
  ...(type === 'impression' && { request_id: 'r1', position: 0 }), ...extra,
});
const labels = (e: { click: number; completion: number; like: number }) => [e.click, e.completion, e.like];

describe('labelled examples from events', () => {
  it('labels an impression by what followed within the window, 1 ms before the impression', () => {
    const examples = labelExamples([
      ev('impression', 'u1', 'a', 0, { context: { device: 'tv', local_hour: 20 } }),
      ev('media_started', 'u1', 'a', 1),
      ev('media_completed', 'u1', 'a', 20, { progress: 0.95 }),
      ev('media_liked', 'u1', 'a', 21),
    ]);
    expect(examples).toEqual([
      { user_id: 'u1', item_id: 'a', t: T - 1, label: 1, click: 1, completion: 1, like: 1, source: 'impression', device: 'tv', local_hour: 20 },
    ]);
  });

  it('makes negatives of impressions without interaction, browse-past, hover-skip and auto-play skips', () => {
    const examples = labelExamples([
      ev('impression', 'u1', 'a', 0), ev('browse_past', 'u1', 'b', 0), ev('hover_skip', 'u1', 'c', 1), ev('media_skipped', 'u1', 'd', 2),
    ]);
    expect(examples.map((e) => [e.item_id, e.source, ...labels(e)])).toEqual([
      ['a', 'impression', 0, 0, 0], ['b', 'first-contact', 0, 0, 0], ['c', 'first-contact', 0, 0, 0], ['d', 'first-contact', 0, 0, 0],
    ]);
  });

  it('counts an early pause as a click without completion, progress ≥ 90% as completion, a dislike as no like', () => {
    const examples = labelExamples([
      ev('media_started', 'u1', 'a', 0), ev('media_paused_early', 'u1', 'a', 3, { progress: 0.1 }), ev('media_disliked', 'u1', 'a', 4),
      ev('media_started', 'u1', 'b', 5, { progress: 0.92 }),
    ]);
    expect(examples.map((e) => [e.item_id, ...labels(e)])).toEqual([['a', 1, 0, 0], ['b', 1, 1, 0]]);
  });

  it('ignores outcomes after the window, and later contacts without an impression; a later impression is a new example', () => {
    const examples = labelExamples([
      ev('impression', 'u1', 'a', 0), ev('media_started', 'u1', 'a', 45), ev('media_completed', 'u1', 'a', 60),
      ev('impression', 'u1', 'a', 120), ev('media_started', 'u1', 'a', 121),
    ]);
    expect(examples.map((e) => [e.t, e.source, ...labels(e)])).toEqual([
      [T - 1, 'impression', 0, 0, 0], [T + 120 * 60_000 - 1, 'impression', 1, 0, 0],
    ]);
    expect(labelExamples([ev('impression', 'u1', 'a', 0), ev('media_started', 'u1', 'a', 45)], { outcomeWindowMs: 3_600_000 })[0]!.click).toBe(1);
  });

  it('keeps users apart, skips events without an item, and refuses events out of time order', () => {
    const sub: EngagementEvent = { event_id: 's', type: 'subscription_to_creator', user_id: 'u1', creator_id: 'c', event_time: T };
    expect(labelExamples([ev('media_started', 'u1', 'a', 0), sub, ev('media_liked', 'u2', 'a', 1)]).map((e) => [e.user_id, ...labels(e)])).toEqual([
      ['u1', 1, 0, 0], ['u2', 1, 0, 1],
    ]);
    expect(() => labelExamples([ev('media_started', 'u1', 'a', 5), ev('media_started', 'u1', 'b', 1)])).toThrow(/event-time order/);
  });
});

describe('sampled negatives (datasets without impressions)', () => {
  const events = [
    ev('media_started', 'u2', 'x', 0), ev('media_started', 'u2', 'y', 1), ev('media_started', 'u2', 'z', 2), ev('media_started', 'u3', 'w', 2),
    ev('media_started', 'u1', 'a', 3), ev('media_started', 'u1', 'y', 30), ev('media_started', 'u4', 'late', 40),
  ];
  const examples = labelExamples(events);

  it('adds items the user never touched, seen before t, with all labels 0 and the same t', () => {
    const out = withSampledNegatives(examples, events, { perContact: 2, rng: Rng.for(1, 'negatives') });
    const sampled = out.filter((e) => e.source === 'sampled-negative' && e.user_id === 'u1');
    expect(sampled.length).toBeGreaterThan(0);
    for (const e of sampled) {
      expect(['x', 'z', 'w']).toContain(e.item_id); // never 'a'/'y' (u1 touched them) nor 'late' (after t)
      expect(labels(e)).toEqual([0, 0, 0]);
      expect(out.some((x) => x.source === 'first-contact' && x.user_id === 'u1' && x.t === e.t)).toBe(true);
    }
    expect(out.filter((e) => e.source !== 'sampled-negative')).toEqual(examples);
  });

  it('is seeded, adds nothing for 0, and rejects a bad count', () => {
    expect(withSampledNegatives(examples, events, { perContact: 1, rng: Rng.for(9, 'negatives') })).toEqual(withSampledNegatives(examples, events, { perContact: 1, rng: Rng.for(9, 'negatives') }));
    expect(withSampledNegatives(examples, events, { perContact: 0, rng: Rng.for(1, 'negatives') })).toEqual(examples);
    expect(() => withSampledNegatives(examples, events, { perContact: 1.5, rng: Rng.for(1, 'negatives') })).toThrow('perContact must be a non-negative integer');
  });

  it('draws uniformly over the items seen before t with uniformShare 1, by events with 0', () => {
    // 'hot' has 200 events before the contacts, each of 20 'cold' items one; every contact is with 'target'.
    const many = [
      ...Array.from({ length: 200 }, (_, i) => ev('media_started', `p${i}`, 'hot', i)),
      ...Array.from({ length: 20 }, (_, i) => ev('media_started', `q${i}`, `cold${i}`, 200 + i)),
      ...Array.from({ length: 100 }, (_, i) => ev('media_started', `c${i}`, 'target', 300 + i)),
    ];
    const contacts = labelExamples(many).filter((e) => e.item_id === 'target');
    const coldShare = (uniformShare: number) => {
      const negatives = withSampledNegatives(contacts, many, { perContact: 1, rng: Rng.for(3, 'negatives'), uniformShare }).filter((e) => e.source === 'sampled-negative');
      return negatives.filter((e) => e.item_id.startsWith('cold')).length / negatives.length;
    };
    expect(coldShare(0)).toBeLessThan(0.2); // ≈ 20 of ~270 events
    expect(coldShare(1)).toBeGreaterThan(0.8); // 20 of the 21 items a contact may draw
    expect(() => withSampledNegatives(contacts, many, { perContact: 1, rng: Rng.for(3, 'negatives'), uniformShare: 1.5 })).toThrow('uniformShare must be in [0, 1]');
  });
});
