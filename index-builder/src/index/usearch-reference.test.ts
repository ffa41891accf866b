import { describe, expect, it } from 'vitest';
import { Rng } from '@freshet/shared/synthetic';
import { buildHnsw, exactTopK } from './usearch-reference.js';

const dim = 8;
function unitRows(count: number, seed: number): Float32Array {
  const rng = Rng.for(seed, 'rows');
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (out[i * dim + d] = rng.normal()) ** 2;
    for (let d = 0; d < dim; d++) out[i * dim + d]! /= Math.sqrt(s);
  }
  return out;
}
/** Exact top-k by a plain loop: the truth the usearch wrapper must match. */
function bruteTopK(data: Float32Array, query: Float32Array, k: number): number[] {
  const n = data.length / dim;
  return Array.from({ length: n }, (_, i) => [i, query.reduce((s, x, d) => s + x * data[i * dim + d]!, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([i]) => i);
}

describe('exactTopK', () => {
  const data = unitRows(500, 1);
  const queries = unitRows(40, 2);

  it('answers every query, in blocks too: a block after the first is its own queries, not the first block again', () => {
    // 500 rows and at most 5,000 distances per block: 10 queries a block, 4 blocks.
    const blocked = exactTopK(data, queries, dim, 5, 5_000);
    for (let q = 0; q < 40; q++) expect(Array.from(blocked.ids.subarray(q * 5, q * 5 + 5))).toEqual(bruteTopK(data, queries.subarray(q * dim, (q + 1) * dim), 5));
    expect(exactTopK(data, queries, dim, 5)).toEqual(blocked);
  });

  it('reads views (subarrays) of a larger buffer as what they show', () => {
    const padded = new Float32Array(data.length + 3 * dim);
    padded.set(data, 3 * dim);
    const view = padded.subarray(3 * dim);
    const query = queries.subarray(7 * dim, 8 * dim);
    expect(Array.from(exactTopK(view, query, dim, 3).ids)).toEqual(bruteTopK(data, query, 3));
  });

  it('HNSW searches views as what they show', () => {
    const hnsw = buildHnsw(unitRows(500, 1).subarray(0), dim, { quantization: 'f32', expansionSearch: 500 });
    const query = queries.subarray(11 * dim, 12 * dim);
    expect(Array.from(hnsw.search(query, 1).ids)).toEqual(bruteTopK(data, query, 1));
  });
});
