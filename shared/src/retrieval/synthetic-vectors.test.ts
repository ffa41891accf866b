import { describe, expect, it } from 'vitest';
import { clusteredQueries, clusteredVectors } from './synthetic-vectors.js';
import { validateUnitVectors } from './quantize.js';

describe('clustered synthetic vectors', () => {
  it('are unit length, deterministic, and item i does not depend on the count asked for', () => {
    const a = clusteredVectors({ seed: 'x', dim: 16, clusters: 10 }, 50);
    const b = clusteredVectors({ seed: 'x', dim: 16, clusters: 10 }, 80);
    expect(validateUnitVectors(a, 16)).toBe(50);
    expect(Array.from(b.subarray(0, 50 * 16))).toEqual(Array.from(a));
    expect(validateUnitVectors(clusteredQueries({ seed: 'x', dim: 16, clusters: 10 }, 50, 5), 16)).toBe(5);
  });

  it('are clustered: an item is much closer to its nearest neighbour than to a random item', () => {
    const dim = 32;
    const v = clusteredVectors({ seed: 1, dim }, 2000);
    const dot = (i: number, j: number) => v.subarray(i * dim, (i + 1) * dim).reduce((s, x, d) => s + x * v[j * dim + d]!, 0);
    let nearest = 0;
    let random = 0;
    for (let i = 0; i < 50; i++) {
      let best = -1;
      for (let j = 0; j < 2000; j++) if (j !== i) best = Math.max(best, dot(i, j));
      nearest += best / 50;
      random += dot(i, (i * 7 + 1000) % 2000) / 50;
    }
    expect(nearest).toBeGreaterThan(0.6);
    expect(random).toBeLessThan(0.3);
  });
});
