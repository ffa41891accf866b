import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecentItem } from '../features/user-features.js';
import { CONTENT_FEATURES_VERSION, contentFeatures } from './content-features.js';
import type { ContentProjection } from './content-projection.js';
import { assertSameSpace, EmbeddingVersionMismatch, type EmbeddingSpace } from './space.js';
import { coldUserQueryVector, userQueryVector, type ItemVectors } from './user-vector.js';

const space: EmbeddingSpace = { version: 'emb-a', dim: 3 };
const table: Record<string, number[]> = { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1], xy: [Math.SQRT1_2, Math.SQRT1_2, 0] };
const items: ItemVectors = { space, vectorOf: (id) => (table[id] ? Float32Array.from(table[id]) : undefined) };
const recent = (...pairs: [string, number][]): RecentItem[] => pairs.map(([item_id, score], i) => ({ item_id, score, last_time: 1000 - i }));

describe('userQueryVector (warm users: pooling of recent items)', () => {
  it('is the score-weighted mean direction of the known recent items, in the index space', () => {
    const q = userQueryVector(items, recent(['x', 3], ['y', 1]))!;
    expect(q.version).toBe('emb-a');
    expect(q.values[0]! / q.values[1]!).toBeCloseTo(3, 5);
    expect(Math.hypot(...q.values)).toBeCloseTo(1, 6);
    expect(() => assertSameSpace(space, q)).not.toThrow();
    expect(() => assertSameSpace({ version: 'emb-b', dim: 3 }, q)).toThrow(EmbeddingVersionMismatch);
  });

  it('skips items the index does not hold', () => {
    const q = userQueryVector(items, recent(['gone', 5], ['z', 1]))!;
    expect(Array.from(q.values)).toEqual([0, 0, 1]);
  });

  it('pushes away from negatively scored items by negativeWeight × |score|, or ignores them at 0', () => {
    const pushed = userQueryVector(items, recent(['xy', 1], ['y', -2]), { negativeWeight: 0.25 })!;
    expect(pushed.values[0]!).toBeGreaterThan(pushed.values[1]!);
    const ignored = userQueryVector(items, recent(['xy', 1], ['y', -2]), { negativeWeight: 0 })!;
    expect(ignored.values[0]!).toBeCloseTo(ignored.values[1]!, 6);
  });

  it('is null (the caller falls back) with no known positively scored item, or when negatives cancel it', () => {
    expect(userQueryVector(items, [])).toBeNull();
    expect(userQueryVector(items, recent(['gone', 2]))).toBeNull();
    expect(userQueryVector(items, recent(['x', -1], ['y', -0.5]), { negativeWeight: 0.5 })).toBeNull();
    expect(userQueryVector(items, recent(['x', 1], ['x', -1]), { negativeWeight: 1 })).toBeNull();
  });

  it('pools at most maxItems, the first ones', () => {
    expect(Array.from(userQueryVector(items, recent(['z', 1], ['x', 5]), { maxItems: 1 })!.values)).toEqual([0, 0, 1]);
  });

  it('ignores non-finite scores and refuses bad options or vectors of the wrong size', () => {
    expect(userQueryVector(items, recent(['x', Number.NaN], ['z', 1]))!.values[0]).toBe(0);
    expect(() => userQueryVector(items, recent(['x', 1]), { negativeWeight: -1 })).toThrow(/negativeWeight must be >= 0, got -1/);
    const bad: ItemVectors = { space, vectorOf: () => Float32Array.of(1, 0) };
    expect(() => userQueryVector(bad, recent(['x', 1]))).toThrow(/item x has 2 dimensions, space emb-a has 3/);
  });

  it('always yields a unit vector or null, whatever the scores (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', 'xy', 'gone'), fc.double({ min: -5, max: 5, noNaN: true })), { maxLength: 25 }), (pairs) => {
        const q = userQueryVector(items, recent(...pairs));
        if (q) expect(Math.hypot(...q.values)).toBeCloseTo(1, 5);
      }),
    );
  });
});

describe('coldUserQueryVector (onboarding choices through the content projection)', () => {
  const BITS = 10;
  const jazzIndex = contentFeatures({ item_id: 'i', title: 't', categories: ['jazz'], content_type: 'AUDIO', creator_id: 'c', duration_ms: 1, language: 'en', publish_time: 0, maturity_rating: 'all', unlisted: false, description: '' }, BITS).indices;
  const projection: ContentProjection = {
    version: 'emb-a',
    dim: 3,
    confidence: 0.5,
    featureBits: BITS,
    featuresVersion: CONTENT_FEATURES_VERSION,
    rows: jazzIndex,
    weights: Float32Array.from(Array.from(jazzIndex).flatMap((f) => (f === 0 ? [0, 0] : [0, 1]))),
  };

  it('maps chosen categories and languages into the taste coordinates, nothing in the slack', () => {
    const q = coldUserQueryVector(projection, { categories: ['jazz'], languages: ['en'] })!;
    expect(q.version).toBe('emb-a');
    expect(Math.abs(q.values[1]!)).toBeCloseTo(1, 5);
    expect(q.values[2]).toBe(0);
  });

  it('is null without choices or when nothing chosen is known', () => {
    expect(coldUserQueryVector(projection, {})).toBeNull();
    expect(coldUserQueryVector(projection, { categories: ['polka'] })).toBeNull();
  });
});
