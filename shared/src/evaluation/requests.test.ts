import { describe, expect, it } from 'vitest';
import { interactionsOf } from './interactions.js';
import { sampleRequests } from './requests.js';

const e = (user: string, item: string, type: 'media_started' | 'media_completed' | 'media_disliked', t: number) => ({ user_id: user, item_id: item, type, event_time: t });

describe('interactions', () => {
  it('makes one interaction per (user, item), positive when completed, at its first event', () => {
    const xs = interactionsOf([e('u', 'a', 'media_started', 10), e('u', 'a', 'media_completed', 11), e('u', 'b', 'media_started', 5), e('u', 'b', 'media_disliked', 6)]);
    expect(xs.map((x) => [x.item, x.time, x.positive])).toEqual([['b', 5, false], ['a', 10, true]]);
    expect(xs[0]!.signal).toBeLessThan(0);
  });
});

describe('request points', () => {
  const events = [
    e('u1', 'a', 'media_completed', 10),
    e('u1', 'b', 'media_completed', 100),
    e('u1', 'c', 'media_started', 110),
    e('u1', 'd', 'media_completed', 150),
    e('u1', 'e', 'media_completed', 400),
    e('u2', 'a', 'media_completed', 120),
  ];
  const xs = interactionsOf(events);

  it('are test-period positives; relevant are the positives within the horizon', () => {
    const { points, eligibleUsers, eligiblePoints } = sampleRequests(xs, { cutoff: 100, horizonMs: 100, maxUsers: 10, perUser: 10, seed: 1 });
    expect(eligibleUsers).toBe(2);
    expect(eligiblePoints).toBe(4);
    expect(points.map((p) => [p.user, p.t, p.relevant, p.priorInteractions])).toEqual([
      ['u1', 100, ['b', 'd'], 1],
      ['u2', 120, ['a'], 0],
      ['u1', 150, ['d'], 3],
      ['u1', 400, ['e'], 4],
    ]);
  });

  it('never counts a training-period interaction as a request point', () => {
    const { points } = sampleRequests(xs, { cutoff: 101, horizonMs: 100, maxUsers: 10, perUser: 10, seed: 1 });
    expect(points.every((p) => p.t >= 101)).toBe(true);
  });

  it('samples users and points per user deterministically', () => {
    const o = { cutoff: 100, horizonMs: 100, maxUsers: 1, perUser: 2, seed: 5 };
    const a = sampleRequests(xs, o);
    expect(a).toEqual(sampleRequests(xs, o));
    expect(new Set(a.points.map((p) => p.user)).size).toBe(1);
    expect(a.points.length).toBeLessThanOrEqual(2);
  });

  it('rejects interactions out of time order and bad sizes', () => {
    expect(() => sampleRequests([...xs].reverse(), { cutoff: 0, horizonMs: 1, maxUsers: 1, perUser: 1, seed: 1 })).toThrow('interactions must be in time order');
    expect(() => sampleRequests(xs, { cutoff: 0, horizonMs: 0, maxUsers: 1, perUser: 1, seed: 1 })).toThrow('horizonMs must be > 0 (got 0)');
  });
});
