import type { CatalogItem } from '@freshet/shared';
import { Rng } from '@freshet/shared/synthetic';
import { describe, expect, it } from 'vitest';
import { chooseRegularization, MIN_ITEMS_TO_CHOOSE, REGULARIZATION_GRID } from './choose-regularization.js';

const CATEGORIES = ['western', 'musical', 'horror', 'comedy'];
const WORDS = Array.from({ length: 60 }, (_, i) => `word${i}`);

/** Items whose category decides their CF direction; titles are random words that carry nothing, targets have item noise. */
function planted(count: number, seed: number): { items: CatalogItem[]; targets: Float64Array } {
  const rng = Rng.for(seed, 'planted');
  const dim = 4;
  const items: CatalogItem[] = [];
  const targets = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = i % CATEGORIES.length;
    items.push({
      item_id: `i${i}`, title: Array.from({ length: 3 }, () => rng.pick(WORDS)).join(' '), categories: [CATEGORIES[c]!], content_type: 'VIDEO',
      creator_id: `c${i}`, duration_ms: 3_600_000, language: 'en', publish_time: 0, maturity_rating: 'all', unlisted: false, description: '',
    });
    for (let d = 0; d < dim; d++) targets[i * dim + d] = (d === c ? 1 : 0) + 0.6 * rng.normal();
  }
  return { items, targets };
}

const options = { version: 'emb-t', confidence: 0.5, featureBits: 12, minFeatureItems: 2, maxIterations: 200, tolerance: 1e-6, seed: 3 };

describe('chooseRegularization (ridge λ judged on held-out items)', () => {
  const { items, targets } = planted(240, 1);
  const choice = chooseRegularization(items, targets, 4, options);

  it('tries every λ of the grid and keeps the one with the best held-out cosine', () => {
    expect(Object.keys(choice.heldOutCosine).map(Number)).toEqual([...REGULARIZATION_GRID]);
    expect(choice.heldOutCosine[String(choice.lambda)]).toBe(Math.max(...Object.values(choice.heldOutCosine)));
  });

  it('shrinks words that only memorise training items: a larger λ than the smallest wins here', () => {
    expect(choice.lambda).toBeGreaterThan(REGULARIZATION_GRID[0]!);
    expect(choice.heldOutCosine[String(choice.lambda)]).toBeGreaterThan(choice.heldOutCosine[String(REGULARIZATION_GRID[0])]!);
  });

  it('is deterministic for a seed', () => {
    expect(chooseRegularization(items, targets, 4, options)).toEqual(choice);
  });

  it('takes the grid’s first λ without judging when there are too few items', () => {
    const few = planted(MIN_ITEMS_TO_CHOOSE - 1, 2);
    expect(chooseRegularization(few.items, few.targets, 4, options)).toEqual({ lambda: REGULARIZATION_GRID[0], heldOutCosine: {} });
    expect(chooseRegularization(items, targets, 4, { ...options, grid: [7] })).toEqual({ lambda: 7, heldOutCosine: {} });
  });

  it('refuses an empty grid or a non-positive λ', () => {
    expect(() => chooseRegularization(items, targets, 4, { ...options, grid: [] })).toThrow(RangeError);
    expect(() => chooseRegularization(items, targets, 4, { ...options, grid: [1, 0] })).toThrow(/the λ grid needs positive values, got \[1, 0\]/);
    expect(() => chooseRegularization(items, targets, 4, { ...options, grid: [Number.NaN] })).toThrow(RangeError);
  });
});
