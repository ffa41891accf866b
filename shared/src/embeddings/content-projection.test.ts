import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../events/catalog-item.js';
import { contentFeatures, CONTENT_FEATURES_VERSION } from './content-features.js';
import { embedContent, embedFacts, projectFeatures, projectionSpace, type ContentProjection } from './content-projection.js';

const item = (over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: 'i1',
  title: 'Night Train',
  categories: ['jazz'],
  content_type: 'AUDIO',
  creator_id: 'oscar',
  duration_ms: 5 * 60_000,
  language: 'en',
  publish_time: 1_700_000_000_000,
  maturity_rating: 'all',
  unlisted: false,
  description: '',
  ...over,
});

const BITS = 12;
const jazz = contentFeatures(item(), BITS);
// A projection that knows only the bias feature and the features of `item()`; each maps to a one-hot
// direction of the two taste coordinates (the space's third coordinate is the confidence slack).
const projection: ContentProjection = {
  version: 'emb-test',
  dim: 3,
  confidence: 0.6,
  featureBits: BITS,
  featuresVersion: CONTENT_FEATURES_VERSION,
  rows: jazz.indices,
  weights: Float32Array.from(Array.from(jazz.indices).flatMap((f) => (f === 0 ? [0, 1] : [1, 0]))),
};

describe('content projection', () => {
  it('is the sum of feature value × row over the features it knows', () => {
    const out = projectFeatures(projection, { indices: Int32Array.of(0, 4095), values: Float32Array.of(2, 7) });
    expect(Array.from(out)).toEqual([0, 2]);
  });

  it('embeds an item as a unit vector in its space, its taste part of length `confidence`', () => {
    const v = embedContent(projection, item());
    expect(v.length).toBe(3);
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    expect(Math.hypot(v[0]!, v[1]!)).toBeCloseTo(0.6, 6);
    expect(v[2]!).toBeCloseTo(0.8, 6);
    // Hashed features carry a ±1 sign, so only the magnitude along the items' direction is fixed.
    expect(Math.abs(v[0]!)).toBeGreaterThan(0.1);
    expect(projectionSpace(projection)).toEqual({ version: 'emb-test', dim: 3 });
  });

  it('places an item with only unknown features at the intercept (the bias row)', () => {
    const v = embedContent(projection, item({ title: 'zzz', categories: ['polka'], creator_id: 'nobody', language: 'fi', content_type: 'VIDEO', duration_ms: 3 * 3600_000, maturity_rating: '18+' }));
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(0.6, 6);
  });

  it('is all slack when no feature is known at all (unit length, scores 0 against taste, never NaN)', () => {
    const empty: ContentProjection = { ...projection, rows: Int32Array.of(7), weights: Float32Array.of(1, 1) };
    expect(Array.from(embedFacts(empty, { categories: ['jazz'] }))).toEqual([0, 0, 1]);
  });

  it('has no slack with the default confidence of 1', () => {
    const { confidence: _, ...full } = projection;
    expect(embedContent(full, item())[2]).toBe(0);
  });
});
