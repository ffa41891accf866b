import { describe, expect, it } from 'vitest';
import { coldItemSplit, warmSplit } from './hold-out.js';
import type { Interaction } from './interaction-matrix.js';

const ev = (userId: string, itemId: string, time: number, type: Interaction['type'] = 'media_completed'): Interaction => ({ userId, itemId, type, time });

describe('hold-out splits', () => {
  it('warm: holds out the last items a user touched, with all their events; short histories only train', () => {
    const events = [
      ...['a', 'b', 'c', 'd'].map((item, t) => ev('u1', item, t)),
      ev('u1', 'c', 10, 'media_liked'), // later event on an early item stays with it
      ev('u2', 'a', 0),
    ];
    const split = warmSplit(events, 2);
    expect([...split.test.keys()]).toEqual(['u1']);
    expect(split.test.get('u1')).toEqual(new Map([['c', 1.8], ['d', 1]]));
    expect(split.train.map((e) => `${e.userId}:${e.itemId}`)).toEqual(['u1:a', 'u1:b', 'u2:a']);
  });

  it('cold: removes every event of a seeded share of the items, the same share for the same seed', () => {
    const events = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].flatMap((item, i) => [ev('u1', item, i), ev('u2', item, i)]);
    const split = coldItemSplit(events, 0.3, 42);
    expect(split.coldItems.size).toBe(3);
    expect(split.train.some((e) => split.coldItems.has(e.itemId))).toBe(false);
    expect(split.train.length).toBe(14);
    expect([...split.test.get('u1')!.keys()].sort()).toEqual([...split.coldItems].sort());
    expect(coldItemSplit(events, 0.3, 42).coldItems).toEqual(split.coldItems);
  });
});
