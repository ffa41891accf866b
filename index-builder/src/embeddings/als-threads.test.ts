import { Rng } from '@freshet/shared/synthetic';
import { describe, expect, it } from 'vitest';
import { alsThreadCount, MIN_PAIRS_FOR_THREADS, trainImplicitAlsThreaded } from './als-threads.js';
import { trainImplicitAls } from './implicit-als.js';
import { buildInteractionMatrix, type Interaction } from './interaction-matrix.js';

function randomInteractions(count: number, users: number, items: number, seed: number): Interaction[] {
  const rng = Rng.for(seed, 'als-threads');
  const types = ['media_completed', 'media_started', 'media_liked', 'media_disliked', 'impression'] as const;
  return Array.from({ length: count }, () => ({ userId: `u${rng.int(users)}`, itemId: `i${Math.floor(items * rng.next() ** 2)}`, type: rng.pick(types), time: 0 }));
}

describe('implicit ALS on worker threads', () => {
  const matrix = buildInteractionMatrix(randomInteractions(20_000, 400, 1500, 5), { alpha: 4, negativeBoost: 1, exposureWeight: 0.1 });
  const options = { dim: 8, iterations: 4, regularization: 1, cgSteps: 3, seed: 9 };

  it('gives bit-identical factors on 1, 2 and 3 threads', () => {
    const one = trainImplicitAls(matrix, options);
    for (const threads of [2, 3]) {
      const many = trainImplicitAlsThreaded(matrix, options, threads);
      expect(Buffer.from(many.users.buffer).equals(Buffer.from(one.users.buffer))).toBe(true);
      expect(Buffer.from(many.items.buffer).equals(Buffer.from(one.items.buffer))).toBe(true);
    }
  });

  it('keeps small matrices on one thread and honours an explicit count', () => {
    expect(matrix.pairs).toBeLessThan(MIN_PAIRS_FOR_THREADS);
    expect(alsThreadCount(matrix)).toBe(1);
    expect(alsThreadCount(matrix, 3)).toBe(3);
    expect(alsThreadCount(matrix, 0)).toBe(1);
  });
});
