import { NO_NEIGHBOUR } from '@freshet/shared/retrieval/similar-lists';
import { clusteredVectors } from '@freshet/shared/retrieval/synthetic-vectors';
import { describe, expect, it } from 'vitest';
import { similarItems } from './similar-items.js';

const dim = 16;
const n = 6000;
const k = 10;
const vectors = clusteredVectors({ seed: 'similar-items', dim }, n);

/** Brute-force top-k of item i by dot product, itself excluded. */
function bruteForce(i: number): number[] {
  const scored: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[i * dim + d]! * vectors[j * dim + d]!;
    scored.push([j, s]);
  }
  return scored.sort((a, b) => b[1] - a[1]).slice(0, k).map(([j]) => j);
}

describe('similar items', () => {
  const exact = similarItems(vectors, dim, k);
  const clustered = similarItems(vectors, dim, k, { exactMax: 0, seed: 3, probe: 20 });

  it('computes small catalogs exactly: each list is the brute-force top-k without the item itself', () => {
    expect(exact.method).toBe('exact');
    for (const i of [0, 17, 2500, n - 1]) {
      const list = Array.from(exact.lists.rows.subarray(i * k, (i + 1) * k));
      expect(list).not.toContain(i);
      // Ties aside (none in random float data), the same items in the same order.
      expect(list).toEqual(bruteForce(i));
    }
  });

  it('searches larger catalogs within cluster neighbourhoods, best first, never listing an item as its own neighbour', () => {
    expect(clustered.method).toBe('clustered-exact');
    expect(clustered.clusters).toBe(Math.round(Math.sqrt(n)));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const r = clustered.lists.rows[i * k + j]!;
        expect(r).not.toBe(i);
        expect(r).not.toBe(NO_NEIGHBOUR);
        if (j > 0) expect(clustered.lists.scores[i * k + j]!).toBeLessThanOrEqual(clustered.lists.scores[i * k + j - 1]!);
      }
    }
  });

  it('reports a recall that matches the lists measured against brute force, and finds most true neighbours', () => {
    let sum = 0;
    const checked = 300;
    for (let c = 0; c < checked; c++) {
      const i = (c * 7919) % n;
      const truth = new Set(bruteForce(i));
      let hits = 0;
      for (let j = 0; j < k; j++) if (truth.has(clustered.lists.rows[i * k + j]!)) hits++;
      sum += hits / k;
    }
    const measured = sum / checked;
    expect(measured).toBeGreaterThan(0.9);
    // The build's own figure comes from a different sample; both estimate the same recall.
    expect(Math.abs(clustered.recall - measured)).toBeLessThan(0.05);
    expect(clustered.recall).toBeLessThanOrEqual(1);
  });

  it('lists only the wanted items above the exact size, with the same lists they get when every item is wanted', () => {
    const wanted = Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const some = similarItems(vectors, dim, k, { exactMax: 0, seed: 3, probe: 20, wanted });
    expect(some.listed).toBe(n / 5);
    for (let i = 0; i < n; i++) {
      const list = Array.from(some.lists.rows.subarray(i * k, (i + 1) * k));
      if (wanted[i]) expect(list).toEqual(Array.from(clustered.lists.rows.subarray(i * k, (i + 1) * k)));
      else expect(list.every((r) => r === NO_NEIGHBOUR)).toBe(true);
    }
    expect(some.recall).toBeGreaterThan(0.9);
    expect(() => similarItems(vectors, dim, k, { exactMax: 0, wanted: new Uint8Array(3) })).toThrow('wanted has 3 entries for 6000 items');
  });

  it('finds exactly the brute-force lists when every cluster searches every other one', () => {
    const all = similarItems(vectors, dim, k, { exactMax: 0, probe: 10_000 });
    expect(all.recall).toBe(1);
    expect(Array.from(all.lists.rows)).toEqual(Array.from(exact.lists.rows));
  });
});
