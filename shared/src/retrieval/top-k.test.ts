import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('equals sorting by score descending then id ascending, truncated to k (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (scores, k) => {
        const top = new TopK(k);
        scores.forEach((s, id) => top.push(s, id));
        const want = scores.map((s, id) => ({ s, id })).sort((a, b) => b.s - a.s || a.id - b.id).slice(0, k);
        const got = top.result();
        expect(Array.from(got.ids)).toEqual(want.map((w) => w.id));
        expect(Array.from(got.scores)).toEqual(want.map((w) => w.s));
      }),
    );
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => new TopK(0)).toThrow('k must be a positive integer, got 0');
    expect(() => new TopK(1.5)).toThrow('k must be a positive integer, got 1.5');
  });
});
