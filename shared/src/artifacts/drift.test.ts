import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { driftReport, overlapAtK } from './drift.js';

const idsArb = fc.uniqueArray(fc.stringMatching(/^i[0-9]{1,3}$/), { maxLength: 30 });

describe('overlap@k', () => {
  it('is 1 for identical lists and within [0, 1] for any lists', () => {
    fc.assert(
      fc.property(idsArb, idsArb, fc.integer({ min: 1, max: 20 }), (a, b, k) => {
        expect(overlapAtK(a, a, k)).toBe(1);
        const o = overlapAtK(a, b, k);
        expect(o).toBeGreaterThanOrEqual(0);
        expect(o).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('counts only the top k and ignores the anchor itself and order within the top k', () => {
    expect(overlapAtK(['a', 'b', 'c', 'd'], ['b', 'a', 'x', 'c'], 2)).toBe(1);
    expect(overlapAtK(['a', 'b'], ['c', 'a'], 2)).toBe(0.5);
    expect(overlapAtK(['self', 'a'], ['a', 'self'], 1, 'self')).toBe(1);
    expect(() => overlapAtK(['a'], ['a'], 0)).toThrow(/positive integer/);
  });
});

describe('drift report', () => {
  it('averages over counted anchors and skips anchors missing from either version', () => {
    const r = driftReport(
      [
        { itemId: 'a', before: ['b', 'c'], after: ['b', 'c'] },
        { itemId: 'b', before: ['a', 'c'], after: ['x', 'y'] },
        { itemId: 'gone', before: ['a'], after: null },
        { itemId: 'new', before: null, after: ['a'] },
      ],
      2,
      0.6,
    );
    expect(r).toMatchObject({ meanOverlap: 0.5, minOverlap: 0, counted: 2, passed: false });
    expect(r.anchors.filter((a) => a.skipped).map((a) => a.itemId)).toEqual(['gone', 'new']);
  });

  it('passes trivially with nothing to compare and rejects thresholds outside [0, 1]', () => {
    expect(driftReport([], 10, 0.9)).toMatchObject({ meanOverlap: 1, counted: 0, passed: true });
    expect(() => driftReport([], 10, 1.2)).toThrow(/between 0 and 1/);
  });
});
