import { decodeIndex } from '@freshet/shared/retrieval/index-codec';
import { VectorInputError } from '@freshet/shared/retrieval/quantize';
import { decodeSimilarLists, neighboursOf } from '@freshet/shared/retrieval/similar-lists';
import { clusteredQueries, clusteredVectors } from '@freshet/shared/retrieval/synthetic-vectors';
import { describe, expect, it } from 'vitest';
import { buildRetrievalIndex, RecallGateError } from './build-index.js';
import { sphericalKMeans } from './kmeans.js';

const dim = 32;
const space = { version: 'emb-build-test', dim };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

describe('retrieval index build', () => {
  it('builds a flat index for a small catalog that passes the gate, with exact similar lists', () => {
    const vectors = clusteredVectors({ seed: 1, dim }, 3000);
    const built = buildRetrievalIndex({ space, itemIds: ids(3000), vectors }, { gateQueries: 60, similarK: 5 });
    expect(built.layout).toBe('flat');
    expect(built.report.recall_at_100).toBeGreaterThanOrEqual(0.95);
    expect(built.report.compression_vs_float32).toBeGreaterThan(3.9);
    const index = decodeIndex(built.indexFile);
    expect(index.space).toEqual(space);
    const similar = decodeSimilarLists(built.similarFile!);
    // Row 7's neighbours are the 5 best other rows by exact dot product.
    const dots = Array.from({ length: 3000 }, (_, j) => ({ j, s: j === 7 ? -Infinity : vectors.subarray(7 * dim, 8 * dim).reduce((a, v, d) => a + v * vectors[j * dim + d]!, 0) }));
    dots.sort((a, b) => b.s - a.s);
    expect(Array.from(neighboursOf(similar, 7).rows)).toEqual(dots.slice(0, 5).map((x) => x.j));
  });

  it('builds an IVF index on request: rows grouped by partition, nprobe chosen by the gate', () => {
    const n = 6000;
    const vectors = clusteredVectors({ seed: 2, dim }, n);
    const queries = clusteredQueries({ seed: 2, dim }, n, 80);
    const built = buildRetrievalIndex({ space, itemIds: ids(n), vectors }, { layout: 'ivf', partitions: 40, queries, similarK: 0 });
    expect(built.layout).toBe('ivf');
    expect(built.nprobe).toBeGreaterThanOrEqual(1);
    expect(built.nprobe).toBeLessThanOrEqual(40);
    expect(built.report.recall_at_100).toBeGreaterThanOrEqual(0.95);
    const index = decodeIndex(built.indexFile);
    expect(index.nprobe).toBe(built.nprobe);
    // order maps rows back to input positions: row r holds item order[r].
    for (const r of [0, 100, n - 1]) expect(index.ids.get(r)).toBe(`item-${built.order[r]}`);
  });

  it('rejects a build whose recall stays below the gate within the scan budget', () => {
    const n = 4000;
    const vectors = clusteredVectors({ seed: 3, dim }, n);
    expect(() => buildRetrievalIndex({ space, itemIds: ids(n), vectors }, { layout: 'ivf', partitions: 60, maxScanFraction: 0.01, similarK: 0 })).toThrow(RecallGateError);
    expect(() => buildRetrievalIndex({ space, itemIds: ids(n), vectors }, { layout: 'ivf', partitions: 60, maxScanFraction: 0.01, similarK: 0 })).toThrow(
      /recall gate failed: recall@100 0\.\d{4} is below 0\.95 \(held-out queries at nprobe 1, at most 1 of 60 partitions, scanning at most 40 rows on average\); the build is rejected/,
    );
  });

  it('refuses to lower the gate', () => {
    const vectors = clusteredVectors({ seed: 3, dim }, 10);
    expect(() => buildRetrievalIndex({ space, itemIds: ids(10), vectors }, { minRecall: 0.9 })).toThrow('minRecall must be in 0.95..1 (the gate cannot be lowered), got 0.9');
  });

  it('rejects bad catalogs before any work: NaN, empty, mismatched ids', () => {
    const vectors = clusteredVectors({ seed: 3, dim }, 10);
    const nan = vectors.slice();
    nan[dim * 4 + 2] = NaN;
    expect(() => buildRetrievalIndex({ space, itemIds: ids(10), vectors: nan }, { layout: 'ivf' })).toThrow(new VectorInputError('item vector 4 has a non-finite value (NaN) at dimension 2'));
    expect(() => buildRetrievalIndex({ space, itemIds: [], vectors: new Float32Array(0) })).toThrow('the catalog is empty');
    expect(() => buildRetrievalIndex({ space, itemIds: ids(9), vectors })).toThrow('9 item ids but 10 vectors of dimension 32');
  });
});

describe('spherical k-means', () => {
  it('is deterministic for a seed, yields unit centroids and assigns every item to its best centroid', () => {
    const vectors = clusteredVectors({ seed: 4, dim: 16, clusters: 10 }, 2000);
    const a = sphericalKMeans(vectors, 16, { k: 10, seed: 1 });
    const b = sphericalKMeans(vectors, 16, { k: 10, seed: 1 });
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    for (let c = 0; c < 10; c++) expect(Math.hypot(...a.centroids.subarray(c * 16, (c + 1) * 16))).toBeCloseTo(1, 5);
    const dot = (i: number, c: number) => vectors.subarray(i * 16, (i + 1) * 16).reduce((s, v, d) => s + v * a.centroids[c * 16 + d]!, 0);
    for (const i of [0, 500, 1999]) {
      const best = Math.max(...Array.from({ length: 10 }, (_, c) => dot(i, c)));
      expect(dot(i, a.assignment[i]!)).toBeCloseTo(best, 5);
    }
  });

  it('rejects k outside 1..n', () => {
    expect(() => sphericalKMeans(new Float32Array(16), 16, { k: 2, seed: 1 })).toThrow('k-means needs 1 ≤ k ≤ 1 items, got k = 2');
  });
});
