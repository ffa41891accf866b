import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CoverageCounter, MetricInputError, hitRateAt, listMetrics, ndcgAt, noveltyAt, recallAt, reciprocalRankAt } from './metrics.js';

const ids = fc.uniqueArray(fc.integer({ min: 0, max: 60 }).map((n) => `i${n}`), { minLength: 0, maxLength: 40 });
const listAndRelevant = fc.tuple(ids, ids.filter((r) => r.length > 0)).map(([ranked, relevant]) => ({ ranked, relevant: new Set(relevant) }));
const k = fc.integer({ min: 1, max: 30 });

describe('ranking metrics', () => {
  it('stay within [0, 1]', () => {
    fc.assert(
      fc.property(listAndRelevant, k, ({ ranked, relevant }, k) => {
        for (const m of [recallAt, ndcgAt, hitRateAt, reciprocalRankAt]) {
          const v = m(ranked, relevant, k);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('score a perfect ranking 1 (relevant items first)', () => {
    fc.assert(
      fc.property(listAndRelevant, k, ({ ranked, relevant }, k) => {
        const perfect = [...relevant, ...ranked.filter((id) => !relevant.has(id))];
        expect(recallAt(perfect, relevant, k)).toBeCloseTo(1, 12);
        expect(ndcgAt(perfect, relevant, k)).toBeCloseTo(1, 12);
        expect(hitRateAt(perfect, relevant, k)).toBe(1);
        expect(reciprocalRankAt(perfect, relevant, k)).toBe(1);
      }),
    );
  });

  it('score a list without relevant items 0', () => {
    fc.assert(
      fc.property(listAndRelevant, k, ({ ranked, relevant }, k) => {
        const misses = ranked.filter((id) => !relevant.has(id));
        for (const m of [recallAt, ndcgAt, hitRateAt, reciprocalRankAt]) expect(m(misses, relevant, k)).toBe(0);
      }),
    );
  });

  it('recall and hit rate do not depend on the order within the top k', () => {
    fc.assert(
      fc.property(listAndRelevant, k, fc.integer(), ({ ranked, relevant }, k, seed) => {
        const top = ranked.slice(0, k);
        const shuffled = [...top].sort((a, b) => ((a + seed).localeCompare(b + seed))).concat(ranked.slice(k));
        expect(recallAt(shuffled, relevant, k)).toBe(recallAt(ranked, relevant, k));
        expect(hitRateAt(shuffled, relevant, k)).toBe(hitRateAt(ranked, relevant, k));
      }),
    );
  });

  it('NDCG never drops when a relevant item moves up past an irrelevant one', () => {
    fc.assert(
      fc.property(listAndRelevant, k, ({ ranked, relevant }, k) => {
        const i = ranked.findIndex((id, n) => n > 0 && relevant.has(id) && !relevant.has(ranked[n - 1]!));
        if (i < 0) return;
        const swapped = [...ranked];
        [swapped[i - 1], swapped[i]] = [swapped[i]!, swapped[i - 1]!];
        expect(ndcgAt(swapped, relevant, k)).toBeGreaterThanOrEqual(ndcgAt(ranked, relevant, k) - 1e-12);
      }),
    );
  });

  it('gives the textbook values on a hand-made list', () => {
    const relevant = new Set(['a', 'b', 'c']);
    const ranked = ['x', 'a', 'y', 'b'];
    expect(recallAt(ranked, relevant, 2)).toBe(0.5); // 1 hit over min(2, 3)
    expect(recallAt(ranked, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(ndcgAt(ranked, relevant, 4)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3) + 1 / Math.log2(4)), 12);
    expect(reciprocalRankAt(ranked, relevant, 10)).toBe(0.5);
    expect(reciprocalRankAt(ranked, relevant, 1)).toBe(0);
    expect(hitRateAt(ranked, relevant, 1)).toBe(0);
  });

  it('counts a repeated id once', () => {
    const relevant = new Set(['a', 'b']);
    expect(recallAt(['a', 'a'], relevant, 2)).toBe(0.5);
    expect(ndcgAt(['a', 'a'], relevant, 2)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });

  it('rejects a k that is not a positive integer, naming it', () => {
    expect(() => recallAt(['a'], new Set(['a']), 0)).toThrow(MetricInputError);
    expect(() => ndcgAt(['a'], new Set(['a']), 2.5)).toThrow('k must be a positive integer (got 2.5)');
  });
});

describe('novelty', () => {
  it('is −log2 of the smoothed share of training users, averaged over the list', () => {
    const users: Record<string, number> = { pop: 9, rare: 0 };
    expect(noveltyAt(['pop', 'rare'], 10, (id) => users[id]!, 9)).toBeCloseTo((-Math.log2(10 / 10) + -Math.log2(1 / 10)) / 2, 12);
    expect(noveltyAt([], 10, () => 0, 9)).toBe(0);
  });

  it('is higher for a list of rarer items', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (total, a, b) => {
        const [rare, common] = [Math.min(a, b, total), Math.min(Math.max(a, b), total)];
        expect(noveltyAt(['x'], 1, () => rare, total)).toBeGreaterThanOrEqual(noveltyAt(['x'], 1, () => common, total));
      }),
    );
  });

  it('rejects user counts outside 0..trainingUsers', () => {
    expect(() => noveltyAt(['x'], 1, () => 11, 10)).toThrow('x has 11 training users, outside 0..10');
  });
});

describe('catalog coverage', () => {
  it('is the share of the catalog seen in some list’s top k', () => {
    const c = new CoverageCounter(10, 2);
    c.add(['a', 'b', 'c']);
    c.add(['b', 'd']);
    expect(c.value).toBeCloseTo(0.3, 12);
  });

  it('rejects an empty catalog', () => {
    expect(() => new CoverageCounter(0, 10)).toThrow('catalogSize must be a positive integer (got 0)');
  });
});

describe('listMetrics', () => {
  it('computes every recorded metric at its cut-off', () => {
    const m = listMetrics(['a', 'x'], new Set(['a']), () => 0, 3);
    expect(m).toEqual({ recall_at_20: 1, ndcg_at_10: 1, hit_rate_at_10: 1, mrr: 1, novelty_at_10: 2 });
  });
});
