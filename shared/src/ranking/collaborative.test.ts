import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize } from '../embeddings/space.js';
import type { ItemVectors } from '../embeddings/user-vector.js';
import { collaborativeSignals, prepareCollaborative } from './collaborative.js';

const space = { version: 'emb-test', dim: 3 };
const vectors = (table: Record<string, number[]>): ItemVectors => ({
  space,
  vectorOf: (id) => (table[id] ? normalize(Float32Array.from(table[id]!)) : undefined),
});
const recent = (...items: [string, number][]) => items.map(([item_id, score]) => ({ item_id, score, last_time: 0 }));

describe('collaborative signals', () => {
  const items = vectors({ a: [1, 0, 0], b: [0, 1, 0], c: [1, 1, 0], d: [0, 0, 1] });

  it('scores a candidate against the pooled query and against the nearest recent item', () => {
    const user = prepareCollaborative(items, recent(['a', 1], ['b', 1]));
    const c = collaborativeSignals(user, items.vectorOf('c'))!;
    expect(c.score).toBeCloseTo(1, 5); // the pooled query of a and b is c's direction
    expect(c.nearest).toBeCloseTo(Math.SQRT1_2, 5);
    const d = collaborativeSignals(user, items.vectorOf('d'))!;
    expect(d.score).toBeCloseTo(0, 6);
    expect(d.nearest).toBeCloseTo(0, 6);
  });

  it('ignores negatively scored and unknown recent items, as the ann query does', () => {
    const user = prepareCollaborative(items, recent(['a', 2], ['d', -3], ['zz', 5]));
    expect(user.recent).toHaveLength(1);
    expect(collaborativeSignals(user, items.vectorOf('d'))).toEqual({ score: 0, nearest: 0, coVisitation: null });
  });

  it('sums the co-visitation scores of the candidate in the lists of the positive recent items', () => {
    const lists: Record<string, [string, number][]> = { a: [['c', 0.5], ['d', 0.1]], b: [['c', 0.25]], d: [['c', 9]] };
    const coVisitation = { neighbours: (id: string) => lists[id] ?? [] };
    const user = prepareCollaborative(items, recent(['a', 1], ['b', 2], ['d', -1]), {}, coVisitation);
    expect(collaborativeSignals(user, items.vectorOf('c'), 'c')!.coVisitation).toBeCloseTo(0.75, 6); // d is negative: its list is not read
    expect(collaborativeSignals(user, items.vectorOf('d'), 'd')!.coVisitation).toBeCloseTo(0.1, 6);
    expect(collaborativeSignals(user, items.vectorOf('b'), 'b')!.coVisitation).toBe(0);
    expect(collaborativeSignals(prepareCollaborative(items, recent(['a', 1])), items.vectorOf('c'), 'c')!.coVisitation).toBeNull();
    // Each candidate's "because": the recent item whose list scored it highest.
    expect(user.coVisited?.get('c')).toEqual({ sum: 0.75, because: 'a', best: 0.5 });
    expect(user.coVisited?.get('d')).toEqual({ sum: 0.1, because: 'a', best: 0.1 });
    expect(prepareCollaborative(items, recent(['a', 1])).coVisited).toBeNull();
  });

  it('pools and sums the lists of only the first maxItems recent items', () => {
    const lists: Record<string, [string, number][]> = { a: [['c', 0.5]], b: [['c', 0.4], ['d', 0.2]] };
    const coVisitation = { neighbours: (id: string) => lists[id] ?? [] };
    const all = prepareCollaborative(items, recent(['a', 1], ['b', 1]), {}, coVisitation);
    expect(all.recent).toHaveLength(2);
    expect(all.coVisited?.get('c')?.sum).toBeCloseTo(0.9, 6);
    const first = prepareCollaborative(items, recent(['a', 1], ['b', 1]), { maxItems: 1 }, coVisitation);
    expect(first.recent).toHaveLength(1);
    expect(first.coVisited?.get('c')?.sum).toBeCloseTo(0.5, 6);
    expect(first.coVisited?.has('d')).toBe(false); // b is beyond the pooled items
  });

  it('is missing without a positive known recent item, without the item\'s vector, or with another dimension', () => {
    expect(collaborativeSignals(prepareCollaborative(items, recent(['d', -1], ['zz', 1])), items.vectorOf('a'))).toBeUndefined();
    const user = prepareCollaborative(items, recent(['a', 1]));
    expect(collaborativeSignals(user, undefined)).toBeUndefined();
    expect(collaborativeSignals(user, new Float32Array(4))).toBeUndefined();
  });

  it('stays within [−1, 1] for unit vectors, and nearest ≥ score when one item is pooled (property)', () => {
    const unit = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }).filter((v) => v.some((x) => Math.abs(x) > 1e-3));
    fc.assert(
      fc.property(unit, unit, (u, v) => {
        const table = vectors({ u, v });
        const s = collaborativeSignals(prepareCollaborative(table, recent(['u', 1])), table.vectorOf('v'))!;
        expect(Math.abs(s.score)).toBeLessThanOrEqual(1 + 1e-5);
        expect(s.nearest).toBeCloseTo(s.score, 5);
      }),
    );
  });
});
