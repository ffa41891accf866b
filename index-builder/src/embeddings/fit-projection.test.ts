import type { CatalogItem } from '@freshet/shared';
import { embedContent, featuresOfFacts } from '@freshet/shared/embeddings/index';
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

const options = { version: 'emb-t', confidence: 0.5, featureBits: 12, regularization: 0.1, minFeatureItems: 2, maxIterations: 200, tolerance: 1e-6 };

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
    // Taste part of length 0.5 (the confidence), the slack √0.75.
    expect(newWestern[0]!).toBeGreaterThan(0.45);
    expect(newMusical[1]!).toBeGreaterThan(0.45);
    expect(newWestern[2]!).toBeCloseTo(Math.sqrt(0.75), 5);
  });

  it('keeps rows only for features shared by minFeatureItems items (creators here are unique)', () => {
    const creator = featuresOfFacts({ creatorId: 'c-w1' }, 12).indices[1]!;
    const category = featuresOfFacts({ categories: ['western'] }, 12).indices[1]!;
    expect(fit.projection.rows).not.toContain(creator);
    expect(fit.projection.rows).toContain(category);
    expect(fit.projection.version).toBe('emb-t');
    expect(fit.projection.dim).toBe(3);
    expect(fit.projection.weights.length).toBe(fit.projection.rows.length * 2);
  });

  it('refuses an empty training set and mismatched targets', () => {
    expect(() => fitProjection([], new Float64Array(0), 2, options)).toThrow(/without training items/);
    expect(() => fitProjection(items, new Float64Array(3), 2, options)).toThrow(/targets hold 3 values, expected 10 items × 2/);
  });
});
