// The prepared fresh search against shared's searchFresh: the same items and
// scores, one preparation per delta object, and the same refusals.
import { EmbeddingVersionMismatch, normalize, queryVector } from '@freshet/shared/embeddings/space';
import { searchFresh, type FreshDelta } from '@freshet/shared/fresh/fresh-items';
import { describe, expect, it } from 'vitest';
import { prepareFresh, searchPreparedFresh } from './fresh-search.js';

const space = { version: 'emb-fresh-1', dim: 24 };
function delta(n: number, seed: number): FreshDelta {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return { space, indexedUntil: 0, builtAt: 1, items: Array.from({ length: n }, (_, i) => ({ itemId: `f-${i}`, publishTime: i, embeddedAt: i, vector: normalize(Float32Array.from({ length: 24 }, rand)) })) };
}

describe('searchPreparedFresh', () => {
  it('finds what searchFresh finds, best first', () => {
    for (const [n, k, seed] of [[300, 50, 1], [40, 100, 2], [1, 1, 3]] as const) {
      const d = delta(n, seed);
      const query = queryVector(space, d.items[0]!.vector);
      const want = searchFresh(d, query, k);
      const got = searchPreparedFresh(prepareFresh(d), query, k);
      expect(got.map((h) => h.itemId)).toEqual(want.map((h) => h.itemId));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 5));
    }
  });

  it('prepares a delta once, and answers nothing for an empty delta or k < 1', () => {
    const d = delta(10, 4);
    expect(prepareFresh(d)).toBe(prepareFresh(d));
    expect(prepareFresh(d).byId.get('f-3')).toBe(d.items[3]);
    const query = queryVector(space, d.items[0]!.vector);
    expect(searchPreparedFresh(prepareFresh(d), query, 0)).toEqual([]);
    expect(searchPreparedFresh(prepareFresh({ ...d, items: [] }), query, 5)).toEqual([]);
  });

  it('refuses a query of another embedding version, and a delta item of the wrong size', () => {
    const d = delta(5, 5);
    expect(() => searchPreparedFresh(prepareFresh(d), queryVector({ version: 'emb-other', dim: 24 }, d.items[0]!.vector), 3)).toThrow(EmbeddingVersionMismatch);
    const bad = { ...d, items: [...d.items, { itemId: 'short', publishTime: 0, embeddedAt: 0, vector: new Float32Array(3) }] };
    expect(() => prepareFresh(bad)).toThrow('fresh item short has 3 dimensions, the delta\'s space 24');
  });
});
