import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndcgAt, recallAt, topK } from './ranking-metrics.js';

describe('ranking metrics', () => {
  it('topK returns the k best indices in order, skipping excluded ones, ties to the lower index', () => {
    const scores = Float64Array.of(0.1, 0.9, 0.5, 0.9, 0.7);
    expect(topK(scores, 3)).toEqual([1, 3, 4]);
    expect(topK(scores, 3, new Set([1]))).toEqual([3, 4, 2]);
    expect(topK(scores, 10)).toEqual([1, 3, 4, 2, 0]);
  });

  it('topK agrees with a full sort (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (values, k) => {
        const scores = Float64Array.from(values);
        const sorted = values.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i);
        expect(topK(scores, k)).toEqual(sorted);
      }),
    );
  });

  it('recall and NDCG: perfect, partial and empty cases', () => {
    const relevant = new Set([2, 7]);
    expect(recallAt([2, 7, 1], relevant, 2)).toBe(1);
    expect(ndcgAt([2, 7, 1], relevant, 10)).toBe(1);
    expect(recallAt([1, 2, 3], relevant, 10)).toBe(0.5);
    expect(ndcgAt([1, 2], relevant, 10)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 10);
    expect(recallAt([1], new Set(), 10)).toBe(0);
  });
});
