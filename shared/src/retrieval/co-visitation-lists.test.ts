import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CoVisitationFormatError, coVisitationListsOf, decodeCoVisitationLists, encodeCoVisitationLists } from './co-visitation-lists.js';

const listsArb = fc.integer({ min: 1, max: 30 }).chain((count) =>
  fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.float({ noNaN: true, noDefaultInfinity: true })), { maxLength: 6 }), { minLength: count, maxLength: count }),
);

describe('co-visitation lists codec', () => {
  it('round-trips any lists, row by row (property)', () => {
    fc.assert(
      fc.property(listsArb, (lists) => {
        const decoded = decodeCoVisitationLists(encodeCoVisitationLists(coVisitationListsOf(lists)));
        expect(decoded.count).toBe(lists.length);
        lists.forEach((l, r) => {
          const from = decoded.offsets[r]!;
          expect(Array.from(decoded.rows.subarray(from, decoded.offsets[r + 1]!))).toEqual(l.map(([row]) => row));
          expect(Array.from(decoded.scores.subarray(from, decoded.offsets[r + 1]!))).toEqual(l.map(([, s]) => Math.fround(s)));
        });
      }),
    );
  });

  it('is sparse: an item without co-visits costs its offset only', () => {
    const bytes = encodeCoVisitationLists(coVisitationListsOf([[[1, 0.5]], [], [], []]));
    expect(bytes.length).toBe(16 + 5 * 4 + 8);
  });

  it('rejects a wrong magic, a truncated file, a neighbour outside the rows and a non-finite score, naming the problem', () => {
    const good = encodeCoVisitationLists(coVisitationListsOf([[[1, 0.5]], [[0, 0.5]]]));
    const bad = (edit: (b: Uint8Array) => Uint8Array) => () => decodeCoVisitationLists(edit(good.slice()));
    expect(bad((b) => (b.set([88], 0), b))).toThrow(/magic/);
    expect(bad((b) => b.subarray(0, b.length - 1))).toThrow(/truncated/);
    expect(bad((b) => (new DataView(b.buffer).setUint32(16 + 12, 7, true), b))).toThrow(/names row 7, there are 2 rows/);
    expect(bad((b) => (new DataView(b.buffer).setFloat32(16 + 12 + 8, Number.NaN, true), b))).toThrow(/non-finite score/);
    expect(bad((b) => b.subarray(0, 8))).toThrow(CoVisitationFormatError);
  });
});
