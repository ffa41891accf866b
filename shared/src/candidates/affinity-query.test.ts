// The affinity-weighted content query: leans towards the stronger category,
// stays in the projection's space, and is null when nothing is known.
import { describe, expect, it } from 'vitest';
import { BIAS_FEATURE, featuresOfFacts } from '../embeddings/content-features.js';
import type { ContentProjection } from '../embeddings/content-projection.js';
import { affinityQueryVector } from './affinity-query.js';

const BITS = 8;
/** A 3-d space (2 taste dims + slack) where category "a" projects onto x and "b" onto y. */
function projection(): ContentProjection {
  const feature = (c: string) => {
    const f = featuresOfFacts({ categories: [c] }, BITS);
    const k = [...f.indices].findIndex((i) => i !== BIAS_FEATURE);
    return { index: f.indices[k]!, value: f.values[k]! };
  };
  const a = feature('a');
  const b = feature('b');
  const rows = [[BIAS_FEATURE, [0, 0]], [a.index, [1 / a.value, 0]], [b.index, [0, 1 / b.value]]] as [number, number[]][];
  rows.sort((x, y) => x[0] - y[0]);
  return { version: 'emb-t', dim: 3, featureBits: BITS, featuresVersion: 1, rows: Int32Array.from(rows.map((r) => r[0])), weights: Float32Array.from(rows.flatMap((r) => r[1])) };
}

describe('affinityQueryVector', () => {
  it('weights each category by affinity and leaves the slack empty', () => {
    const q = affinityQueryVector(projection(), [{ category: 'a', weight: 0.75 }, { category: 'b', weight: 0.25 }])!;
    expect(q.version).toBe('emb-t');
    expect(q.values[0]!).toBeCloseTo(0.75 / Math.hypot(0.75, 0.25), 6);
    expect(q.values[1]!).toBeCloseTo(0.25 / Math.hypot(0.75, 0.25), 6);
    expect(q.values[2]).toBe(0);
  });

  it('is null with no taste, unknown categories only, or non-positive weights', () => {
    expect(affinityQueryVector(projection(), [])).toBeNull();
    expect(affinityQueryVector(projection(), [{ category: 'zzz-unknown', weight: 1 }])).toBeNull();
    expect(affinityQueryVector(projection(), [{ category: 'a', weight: 0 }, { category: 'b', weight: Number.NaN }])).toBeNull();
  });
});
