import { describe, expect, it } from 'vitest';
import { trainImplicitAls } from './implicit-als.js';
import { buildInteractionMatrix, type Interaction } from './interaction-matrix.js';

// Two tastes: users 0–9 complete items a0–a7, users 10–19 complete items b0–b7; a few dislikes across.
function plantedTastes(): Interaction[] {
  const out: Interaction[] = [];
  for (let u = 0; u < 20; u++) {
    const mine = u < 10 ? 'a' : 'b';
    const other = u < 10 ? 'b' : 'a';
    for (let i = 0; i < 8; i++) if ((u + i) % 3 !== 0) out.push({ userId: `u${u}`, itemId: `${mine}${i}`, type: 'media_completed', time: 0 });
    out.push({ userId: `u${u}`, itemId: `${other}${u % 8}`, type: 'media_disliked', time: 0 });
  }
  return out;
}

const options = { dim: 4, iterations: 8, regularization: 0.5, cgSteps: 3, seed: 3 };
const cosine = (a: Float64Array, b: Float64Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let d = 0; d < a.length; d++) {
    ab += a[d]! * b[d]!;
    aa += a[d]! ** 2;
    bb += b[d]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('implicit ALS', () => {
  const matrix = buildInteractionMatrix(plantedTastes(), { alpha: 4, negativeBoost: 1, exposureWeight: 0.1 });
  const factors = trainImplicitAls(matrix, options);
  const item = (id: string) => {
    const i = matrix.itemIds.indexOf(id);
    return factors.items.slice(i * 4, i * 4 + 4);
  };
  const user = (id: string) => {
    const u = matrix.userIds.indexOf(id);
    return factors.users.slice(u * 4, u * 4 + 4);
  };

  it('puts items of one taste together and the two tastes apart', () => {
    // Mean cosines over all pairs: a single pair's cosine depends on the seed's initialisation.
    const mean = (pairs: [string, string][]) => pairs.reduce((s, [x, y]) => s + cosine(item(x), item(y)), 0) / pairs.length;
    const ids = (t: string) => Array.from({ length: 8 }, (_, i) => `${t}${i}`);
    const within = (t: string) => ids(t).flatMap((x, i) => ids(t).slice(i + 1).map((y): [string, string] => [x, y]));
    const across = ids('a').flatMap((x) => ids('b').map((y): [string, string] => [x, y]));
    expect(mean(within('a'))).toBeGreaterThan(0.4);
    expect(mean(within('b'))).toBeGreaterThan(0.4);
    expect(mean(across)).toBeLessThan(0.1);
  });

  it('scores a user’s unseen item of their taste above one they disliked', () => {
    // u0 never touched a0 ((0 + 0) % 3 === 0) and disliked b0.
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, d) => s + x * b[d]!, 0);
    expect(dot(user('u0'), item('a0'))).toBeGreaterThan(0.2);
    expect(dot(user('u0'), item('a0'))).toBeGreaterThan(dot(user('u0'), item('b0')) + 0.2);
  });

  it('is deterministic for a seed and reports every half-iteration', () => {
    const seen: number[] = [];
    const again = trainImplicitAls(matrix, { ...options, onProgress: (done) => seen.push(done) });
    expect(again.items).toEqual(factors.items);
    expect(seen).toEqual([...Array(16).keys()].map((k) => k + 1));
  });
});

describe('implicit ALS rows without any preference', () => {
  it('solves them to exactly zero (b = 0), for users and items alike', () => {
    const events: Interaction[] = [
      ...plantedTastes(),
      { userId: 'only-seen', itemId: 'a1', type: 'impression', time: 0 },
      { userId: 'only-seen', itemId: 'b1', type: 'media_skipped', time: 0 },
      { userId: 'u1', itemId: 'never-chosen', type: 'impression', time: 0 },
      { userId: 'u2', itemId: 'never-chosen', type: 'media_disliked', time: 0 },
    ];
    const matrix = buildInteractionMatrix(events, { alpha: 4, negativeBoost: 1, exposureWeight: 0.1 });
    const f = trainImplicitAls(matrix, options);
    const u = matrix.userIds.indexOf('only-seen');
    const i = matrix.itemIds.indexOf('never-chosen');
    expect([...f.users.slice(u * 4, u * 4 + 4)]).toEqual([0, 0, 0, 0]);
    expect([...f.items.slice(i * 4, i * 4 + 4)]).toEqual([0, 0, 0, 0]);
  });
});
