import { describe, expect, it } from 'vitest';
import { EmbeddingVersionMismatch, queryVector } from '../embeddings/space.js';
import { decodeIndex, encodeIndex } from './index-codec.js';
import { flatIndexContent, ivfIndexContent } from './layout.js';
import { exactSearch, int8Search, recall } from './reference-search.js';
import { clusteredQueries, clusteredSpace, clusteredVectors } from './synthetic-vectors.js';

const dim = 32;
const n = 3000;
const space = { version: 'emb-ref', dim };
const config = { seed: 7, dim, clusters: 30 };
const vectors = clusteredVectors(config, n);
const itemIds = Array.from({ length: n }, (_, i) => `i${i}`);
const queries = clusteredQueries(config, n, 20);
const query = (q: number) => queryVector(space, queries.subarray(q * dim, (q + 1) * dim));

describe('reference searches', () => {
  it('exact search equals a full sort of float dot products', () => {
    const q = queries.subarray(0, dim);
    const all = Array.from({ length: n }, (_, i) => ({ i, s: vectors.subarray(i * dim, (i + 1) * dim).reduce((acc, v, d) => acc + v * q[d]!, 0) }));
    all.sort((a, b) => b.s - a.s || a.i - b.i);
    expect(Array.from(exactSearch(vectors, dim, q, 10).ids)).toEqual(all.slice(0, 10).map((x) => x.i));
  });

  it('flat int8 search keeps recall@100 above 0.95 against exact float32 on clustered data', () => {
    const index = decodeIndex(encodeIndex(flatIndexContent(space, itemIds, vectors)));
    let sum = 0;
    for (let q = 0; q < 20; q++) sum += recall(int8Search(index, query(q), 100).ids, exactSearch(vectors, dim, query(q).values, 100).ids);
    expect(sum / 20).toBeGreaterThan(0.95);
  });

  it('IVF probing every partition finds the same scores as a flat scan; fewer partitions scan fewer rows', () => {
    const centroids = clusteredSpace(config, n).centres;
    const assignment = Uint32Array.from({ length: n }, (_, i) => {
      let best = 0;
      let bestScore = -Infinity;
      for (let p = 0; p < 30; p++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += vectors[i * dim + d]! * centroids[p * dim + d]!;
        if (s > bestScore) [best, bestScore] = [p, s];
      }
      return best;
    });
    const ivf = decodeIndex(encodeIndex(ivfIndexContent(space, itemIds, vectors, { centroids, assignment, nprobe: 5 })));
    const flat = decodeIndex(encodeIndex(flatIndexContent(space, itemIds, vectors)));
    const all = int8Search(ivf, query(0), 50, { nprobe: 30 });
    expect(all.scanned).toBe(n);
    // Scales are fitted on the same vectors, so integer scores agree exactly.
    expect(Array.from(all.intScores)).toEqual(Array.from(int8Search(flat, query(0), 50).intScores));
    expect(Array.from(all.ids, (r) => ivf.ids.get(r)).sort()).toEqual(Array.from(int8Search(flat, query(0), 50).ids, (r) => flat.ids.get(r)).sort());
    expect(int8Search(ivf, query(0), 50).scanned).toBeLessThan(n);
  });

  it('refuses a query from another embedding version', () => {
    const index = decodeIndex(encodeIndex(flatIndexContent(space, itemIds, vectors)));
    const other = queryVector({ version: 'emb-other', dim }, queries.subarray(0, dim));
    expect(() => int8Search(index, other, 10)).toThrow(EmbeddingVersionMismatch);
  });

  it('recall counts the truth found, and is 1 for an empty truth', () => {
    expect(recall([1, 2, 3], [3, 4])).toBe(0.5);
    expect(recall([], [])).toBe(1);
  });
});
