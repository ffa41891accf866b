import { describe, expect, it } from 'vitest';
import { decodeCoVisitationLists, encodeCoVisitationLists, type CoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import type { Interaction } from '../embeddings/interaction-matrix.js';
import { coVisitationLists, leaveUserOut, positiveRowsByUser } from './co-visitation.js';

const x = (userId: string, itemId: string, type: Interaction['type'] = 'media_completed'): Interaction => ({ userId, itemId, type, time: 0 });

const of = (lists: CoVisitationLists, row: number): [number, number][] =>
  Array.from(lists.rows.subarray(lists.offsets[row]!, lists.offsets[row + 1]!), (r, n) => [r, lists.scores[lists.offsets[row]! + n]!]);

describe('co-visitation lists', () => {
  const rowOf = new Map([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);

  const users = ['u1', 'u2', 'u3', 'u4'];
  const sample = [...users.map((u) => x(u, 'a')), ...users.slice(0, 3).map((u) => x(u, 'b')), x('u1', 'c'), x('u2', 'c'), x('u5', 'c'), x('u6', 'c'), x('u4', 'd')];

  it('ranks the items liked by the same users first, scored by the cosine of their user sets, in index-row order', () => {
    const lists = coVisitationLists(positiveRowsByUser(sample, rowOf), 4, 3);
    expect(lists.count).toBe(4);
    // a (4 users): b shares 3 of its 3 (cos 3/√12), c 2 of its 4 (2/√16); d shares one user only: not a neighbour.
    expect(of(lists, 0).map(([row]) => row)).toEqual([1, 2]);
    expect(of(lists, 0)[0]![1]).toBeCloseTo(3 / Math.sqrt(12), 6);
    expect(of(lists, 0)[1]![1]).toBeCloseTo(2 / 4, 6);
    expect(of(lists, 3)).toEqual([]);
    expect(decodeCoVisitationLists(encodeCoVisitationLists(lists)).rows).toEqual(lists.rows);
  });

  it('counts only pairs with a positive net signal, and leaves out items the index does not hold', () => {
    const lists = coVisitationLists(
      positiveRowsByUser([x('u1', 'a'), x('u1', 'b', 'media_disliked'), x('u1', 'gone'), x('u2', 'a'), x('u2', 'b', 'media_disliked'), x('u2', 'gone')], rowOf),
      4, 2,
    );
    expect(of(lists, 0)).toEqual([]);
    expect(of(lists, 1)).toEqual([]);
  });

  it('shows each user the lists without their own contribution (leave one out), others unchanged', () => {
    const positives = positiveRowsByUser(sample, rowOf);
    const lists = coVisitationLists(positives, 4, 3);
    const view = leaveUserOut(lists, rowOf, positives);
    const from = (user: string, item: string) => new Map(view(user).neighbours(item));
    // u1 liked a, b and c: without u1, a–b share 2 of (3, 2) users, a–c 1 (below the minimum: gone).
    expect(from('u1', 'a').get('b')).toBeCloseTo(2 / Math.sqrt(3 * 2), 6);
    expect(from('u1', 'a').has('c')).toBe(false);
    // u5 liked only c: their view of a's list is the lists as built.
    expect(from('u5', 'a').get('b')).toBeCloseTo(3 / Math.sqrt(12), 6);
    expect(from('u5', 'a').get('c')).toBeCloseTo(0.5, 6);
    expect([...view('u1').neighbours('unknown')]).toEqual([]);
  });
});
