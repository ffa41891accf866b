import { describe, expect, it } from 'vitest';
import { foldInUser, regularizedGram, scoreAllItems, solveSpd } from './als-fold-in.js';
import { buildItemNeighbours, scoreItemKnn } from './item-knn.js';
import { PopularityCounts, WindowedPopularity } from './popularity.js';
import { topK } from './top-k.js';

describe('topK', () => {
  it('returns the best unexcluded indexes, ties to the lower index, NaN skipped', () => {
    expect(topK([1, 5, 5, Number.NaN, 3, 9], 3, (i) => i === 5)).toEqual([1, 2, 4]);
    expect(topK([0, 0, 0], 5, () => false)).toEqual([0, 1, 2]);
    expect(() => topK([1], 0, () => false)).toThrow('k must be a positive integer (got 0)');
  });
});

describe('popularity baselines', () => {
  it('count positives, all-time and in a trailing window', () => {
    const all = new PopularityCounts(3);
    const recent = new WindowedPopularity(3, 10);
    for (const [item, t] of [[0, 0], [0, 1], [1, 15], [2, 18], [2, 19]] as const) {
      all.add(item);
      recent.add(item, t);
    }
    expect([...all.scores]).toEqual([2, 1, 2]);
    recent.advance(20); // window [10, 20): item 0's events at 0 and 1 are gone
    expect([...recent.scores]).toEqual([0, 1, 2]);
    expect(topK(recent.scores, 2, () => false)).toEqual([2, 1]);
    expect(topK(all.scores, 2, () => false)).toEqual([0, 2]);
  });

  it('refuses events out of time order', () => {
    const recent = new WindowedPopularity(2, 10);
    recent.add(0, 5);
    expect(() => recent.add(1, 4)).toThrow('events must arrive in time order: 4 after 5');
  });
});

describe('item-kNN', () => {
  // Users: u0 {0, 1}, u1 {0, 1, 2}, u2 {2, 3}.
  const users = [[0, 1], [0, 1, 2], [2, 3]];

  it('computes cosine similarities of binary user vectors', () => {
    const model = buildItemNeighbours(users, 4, 3);
    // cos(0, 1) = 2 / √(2·2) = 1; cos(0, 2) = 1 / √(2·2) = 0.5; cos(2, 3) = 1 / √(2·1).
    expect(model.neighbours.slice(0, 3)).toEqual(Int32Array.from([1, 2, -1]));
    expect(model.similarities[0]).toBeCloseTo(1, 6);
    expect(model.similarities[1]).toBeCloseTo(0.5, 6);
    expect(model.neighbours[2 * 3]).toBe(3);
    expect(model.similarities[2 * 3]).toBeCloseTo(1 / Math.SQRT2, 6);
  });

  it('scores by summed similarity to the history and ranks the known answer first', () => {
    const model = buildItemNeighbours(users, 4, 3);
    const scores = scoreItemKnn(model, [0], new Float64Array(4));
    expect(topK(scores, 2, (i) => i === 0)).toEqual([1, 2]);
    const fromThree = scoreItemKnn(model, [3], new Float64Array(4));
    expect(topK(fromThree, 1, (i) => i === 3)).toEqual([2]);
  });

  it('keeps only k neighbours and rejects unknown items', () => {
    expect(buildItemNeighbours(users, 4, 1).neighbours.length).toBe(4);
    expect(() => buildItemNeighbours([[7]], 4, 2)).toThrow('item index 7 is outside 0..3');
  });

  it('drops pairs with fewer users in common than minCommonUsers', () => {
    const model = buildItemNeighbours(users, 4, 3, 2);
    expect(model.neighbours.slice(0, 3)).toEqual(Int32Array.from([1, -1, -1])); // 0–1 share 2 users, 0–2 one
    expect(() => buildItemNeighbours(users, 4, 3, 0)).toThrow('minCommonUsers must be a positive integer (got 0)');
  });
});

describe('implicit-MF fold-in', () => {
  it('solves symmetric positive definite systems', () => {
    const a = Float64Array.from([4, 1, 1, 3]);
    const x = solveSpd(a, Float64Array.from([1, 2]), 2);
    expect(4 * x[0]! + x[1]!).toBeCloseTo(1, 12);
    expect(x[0]! + 3 * x[1]!).toBeCloseTo(2, 12);
    expect(() => solveSpd(Float64Array.from([0, 0, 0, 0]), new Float64Array(2), 2)).toThrow('not positive definite');
  });

  it('is the weighted least-squares solution (normal equations hold)', () => {
    const items = Float64Array.from([1, 0, 0, 1, 0.6, 0.8]); // 3 items in 2-d
    const lambda = 0.1;
    const gram = regularizedGram(items, 2, lambda);
    const entries = [{ item: 0, pref: 1, conf: 5 }, { item: 2, pref: 0, conf: 2 }];
    const x = foldInUser(items, 2, gram, entries);
    // Gradient of Σ_all c(p − x·y)² + λ|x|² (c = 1, p = 0 for unlisted items) must vanish.
    const grad = [lambda * x[0]!, lambda * x[1]!];
    for (let r = 0; r < 3; r++) {
      const e = entries.find((q) => q.item === r) ?? { pref: 0, conf: 1 };
      const y = [items[2 * r]!, items[2 * r + 1]!];
      const err = y[0]! * x[0]! + y[1]! * x[1]! - e.pref;
      grad[0]! += e.conf * err * y[0]!;
      grad[1]! += e.conf * err * y[1]!;
    }
    expect(grad[0]).toBeCloseTo(0, 10);
    expect(grad[1]).toBeCloseTo(0, 10);
    const scores = scoreAllItems(items, 2, x);
    expect(topK(scores, 1, () => false)).toEqual([0]); // the liked item's direction wins
  });

  it('rejects confidences below 1 and unknown items', () => {
    const items = Float64Array.from([1, 0]);
    const gram = regularizedGram(items, 2, 1);
    expect(() => foldInUser(items, 2, gram, [{ item: 0, pref: 1, conf: 0.5 }])).toThrow('confidence of item 0 is 0.5; it must be ≥ 1');
    expect(() => foldInUser(items, 2, gram, [{ item: 4, pref: 1, conf: 2 }])).toThrow('item 4 has no factor row');
  });
});
