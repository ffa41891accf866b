import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersionIds, isVersionId, makeVersionId, parseVersionTime } from './version-id.js';

const MIN = Date.UTC(2000, 0, 1);
const MAX = Date.UTC(2099, 11, 31);
const timeArb = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(Math.floor(ms / 1000) * 1000));
const suffixArb = fc.stringMatching(/^[0-9a-f]{6}$/);

describe('version ids', () => {
  it('formats the UTC build time and the suffix', () => {
    expect(makeVersionId(new Date('2026-11-22T12:03:04.999Z'), '3f9a1c')).toBe('idx-20261122T120304Z-3f9a1c');
  });

  it('round-trips the time (to the second) and is valid', () => {
    fc.assert(
      fc.property(timeArb, suffixArb, (at, suffix) => {
        const id = makeVersionId(at, suffix);
        expect(isVersionId(id)).toBe(true);
        expect(parseVersionTime(id)).toEqual(at);
      }),
    );
  });

  it('sorts as strings in time order', () => {
    fc.assert(
      fc.property(timeArb, timeArb, suffixArb, suffixArb, (a, b, sa, sb) => {
        fc.pre(a.getTime() !== b.getTime());
        const order = compareVersionIds(makeVersionId(a, sa), makeVersionId(b, sb));
        expect(Math.sign(order)).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
  });

  it('rejects bad suffixes and invalid dates, and malformed or impossible ids', () => {
    expect(() => makeVersionId(new Date(), 'ABCDEF')).toThrow(/6 lower-case hex/);
    expect(() => makeVersionId(new Date(Number.NaN), 'abcdef')).toThrow(/not a valid date/);
    for (const bad of ['idx-20261122T120000Z-3f9a1', 'idx-20261122T120000-3f9a1c', 'IDX-20261122T120000Z-3f9a1c', 'idx-20260230T120000Z-3f9a1c', 'idx-20261122T250000Z-3f9a1c', '']) {
      expect(isVersionId(bad), bad).toBe(false);
    }
  });
});
