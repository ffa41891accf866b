import type { CatalogItem } from '@freshet/shared';
import { embedContent } from '@freshet/shared/embeddings/index';
import { describe, expect, it } from 'vitest';
import { fitProjection } from './fit-projection.js';

const item = (id: string, category: string, title: string): CatalogItem => ({
  item_id: id,
  title,
  categories: [category],
  content_type: 'VIDEO',
  creator_id: `c-${id}`,
  duration_ms: 60 * 60_000,
  language: 'en',
  publish_time: 0,
  maturity_rating: 'all',
  unlisted: false,
  description: '',
});

const options = { version: 'emb-t', featureBits: 12, regularization: 0.1, minFeatureItems: 2, maxIterations: 200, tolerance: 1e-6 };

describe('fitProjection (ridge regression to CF vectors)', () => {
  // Westerns point one way, musicals another.
  const items = [
    ...[1, 2, 3, 4, 5].map((i) => item(`w${i}`, 'western', `Dusty Trail ${i}`)),
    ...[1, 2, 3, 4, 5].map((i) => item(`m${i}`, 'musical', `Singing Stars ${i}`)),
  ];
  const targets = Float64Array.from(items.flatMap((it) => (it.categories[0] === 'western' ? [1, 0] : [0, 1])));
  const fit = fitProjection(items, targets, 2, options);

  it('fits the training items and places a new item by its content', () => {
    expect(fit.trainR2).toBeGreaterThan(0.9);
    const newWestern = embedContent(fit.projection, item('w9', 'western', 'Dusty Trail Returns'));
    const newMusical = embedContent(fit.projection, item('m9', 'musical', 'Singing Again'));
    expect(newWestern[0]!).toBeGreaterThan(0.9);
    expect(newMusical[1]!).toBeGreaterThan(0.9);
  });

  it('keeps rows only for features shared by minFeatureItems items (creators here are unique)', () => {
    expect(fit.projection.rows.length).toBeLessThan(40);
    expect(fit.projection.version).toBe('emb-t');
    expect(fit.projection.weights.length).toBe(fit.projection.rows.length * 2);
  });

  it('refuses an empty training set and mismatched targets', () => {
    expect(() => fitProjection([], new Float64Array(0), 2, options)).toThrow(/without training items/);
    expect(() => fitProjection(items, new Float64Array(3), 2, options)).toThrow(/targets hold 3 values, expected 10 items × 2/);
  });
});
