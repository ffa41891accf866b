import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCounter, encodeCounter, mergeCounter, windowSum } from './counter.js';
import { decodeLogMember, encodeLogMember, mergeLog, type ScoredMember } from './event-log.js';

const bucketsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 30 })
  .map((pairs) => new Map(pairs));

describe('windowed counter', () => {
  it('round-trips its encoding', () => {
    fc.assert(
      fc.property(bucketsArb, (buckets) => {
        expect(decodeCounter(encodeCounter(buckets))).toEqual(buckets);
      }),
    );
  });

  it('merges to the same state whatever the order and grouping of increments', () => {
    const incrementsArb = fc.array(fc.tuple(fc.integer({ min: 1000, max: 1100 }), fc.integer({ min: -5, max: 20 })), { maxLength: 60 });
    fc.assert(
      fc.property(incrementsArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 }), (increments, retention, chunk) => {
        const oneByOne = increments.reduce((state, [b, a]) => mergeCounter(state, new Map([[b, a]]), retention), new Map<number, number>());
        const shuffled = [...increments].reverse();
        let chunked = new Map<number, number>();
        for (let i = 0; i < shuffled.length; i += chunk) {
          const part = new Map<number, number>();
          for (const [b, a] of shuffled.slice(i, i + chunk)) part.set(b, (part.get(b) ?? 0) + a);
          chunked = mergeCounter(chunked, part, retention);
        }
        expect(encodeCounter(chunked)).toBe(encodeCounter(oneByOne));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the retention newest bucket indices, zero counts included', () => {
    const merged = mergeCounter(new Map([[10, 1], [11, 2], [12, 3]]), new Map([[13, 1], [12, -3]]), 3);
    expect([...merged].sort((a, b) => a[0] - b[0])).toEqual([[11, 2], [12, 0], [13, 1]]);
  });

  it('sums the window ending at t, ignoring buckets after t', () => {
    const width = 10;
    const buckets = new Map([[1, 1], [2, 10], [3, 100], [4, 1000]]);
    expect(windowSum(buckets, 35, 20, width)).toBe(110); // starts 20 and 30 lie in (15, 35]
    expect(windowSum(buckets, 29, 100, width)).toBe(11); // bucket 3 starts at 30 > 29
  });
});

describe('event log', () => {
  const memberArb = fc
    .tuple(fc.constantFrom('media_started' as const, 'media_completed' as const, 'media_disliked' as const), fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[a-z0-9]{1,6}$/))
    .map(([type, eventHash, itemId]) => encodeLogMember({ type, eventHash, itemId }));
  const entryArb: fc.Arbitrary<ScoredMember> = fc.record({ member: memberArb, score: fc.integer({ min: 0, max: 50_000 }) });

  it('round-trips members', () => {
    expect(decodeLogMember(encodeLogMember({ type: 'media_liked', eventHash: '0a1b2c3d', itemId: 'm:1' }), 5)).toEqual({
      time: 5,
      type: 'media_liked',
      eventHash: '0a1b2c3d',
      itemId: 'm:1',
    });
    expect(decodeLogMember('zz', 1)).toBeUndefined();
  });

  it('has the same content whatever the arrival order, below its cap', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 80 }), fc.integer({ min: 1, max: 7 }), (entries, chunk) => {
        const retention = 20_000;
        const cap = 1000;
        const inOrder = [...entries].sort((a, b) => a.score - b.score).reduce((log, e) => mergeLog(log, [e], retention, cap), [] as ScoredMember[]);
        let shuffled: ScoredMember[] = [];
        const reversed = [...entries].reverse();
        for (let i = 0; i < reversed.length; i += chunk) shuffled = mergeLog(shuffled, reversed.slice(i, i + chunk), retention, cap);
        expect(shuffled).toEqual(inOrder);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the newest entries within the retention and the cap', () => {
    const log = mergeLog([], [{ member: 's:a:1', score: 0 }, { member: 's:b:1', score: 50 }, { member: 's:c:1', score: 90 }, { member: 's:d:1', score: 100 }], 60, 2);
    expect(log).toEqual([{ member: 's:c:1', score: 90 }, { member: 's:d:1', score: 100 }]);
  });
});
