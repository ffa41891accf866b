import { Rng } from '@freshet/shared/synthetic';
import { describe, expect, it } from 'vitest';
import { sphericalKMeans } from './kmeans.js';

const dim = 8;

/** Items known by content alone: taste part of length 0.5 around one of `groups` directions, slack √0.75. */
function contentOnly(count: number, groups: number, seed: number): { vectors: Float32Array; group: Uint32Array } {
  const rng = Rng.for(seed, 'content-only');
  const vectors = new Float32Array(count * dim);
  const group = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const g = i % groups;
    group[i] = g;
    const taste = Array.from({ length: dim - 1 }, (_, d) => (d === g ? 1 : 0) + 0.25 * rng.normal());
    const norm = Math.hypot(...taste);
    taste.forEach((x, d) => (vectors[i * dim + d] = (0.5 * x) / norm));
    vectors[i * dim + dim - 1] = Math.sqrt(0.75);
  }
  return { vectors, group };
}

describe('spherical k-means with a confidence slack', () => {
  const { vectors, group } = contentOnly(2000, 4, 1);
  const k = 8;
  const slack = sphericalKMeans(vectors, dim, { k, seed: 2, slack: true });

  it('keeps the members’ mean slack in each centroid and unit length', () => {
    for (let c = 0; c < k; c++) {
      const centroid = slack.centroids.subarray(c * dim, (c + 1) * dim);
      expect(centroid[dim - 1]!).toBeCloseTo(Math.sqrt(0.75), 5);
      expect(Math.hypot(...centroid)).toBeCloseTo(1, 5);
    }
  });

  it('partitions items by the direction of their taste part', () => {
    // Every partition holds (almost) one group only, and every group has partitions.
    const counts = Array.from({ length: k }, () => new Map<number, number>());
    slack.assignment.forEach((p, i) => counts[p]!.set(group[i]!, (counts[p]!.get(group[i]!) ?? 0) + 1));
    const covered = new Set<number>();
    for (const m of counts) {
      const total = [...m.values()].reduce((s, x) => s + x, 0);
      if (total === 0) continue;
      const [g, n] = [...m.entries()].sort((a, b) => b[1] - a[1])[0]!;
      covered.add(g);
      expect(n / total).toBeGreaterThan(0.95);
    }
    expect(covered.size).toBe(4);
  });

  it('is deterministic for a seed', () => {
    expect(sphericalKMeans(vectors, dim, { k, seed: 2, slack: true })).toEqual(slack);
  });
});
