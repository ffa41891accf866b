import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BetaSampler } from './beta-sampling.js';
import { choosePositions, explorationSlotCount, posteriorOf, thompsonPicks } from './exploration.js';
import { seeded } from './rerank-arbitraries.js';

const meanVar = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length] as const;
};

describe('Beta sampling', () => {
  it.each([
    [1, 19],
    [0.3, 0.7],
    [5, 500],
    [40, 60],
  ])('Beta(%d, %d) draws lie in [0, 1] with the right mean and variance (20,000 seeded draws)', (a, b) => {
    const sampler = new BetaSampler(seeded(7));
    const xs = Array.from({ length: 20_000 }, () => sampler.beta(a, b));
    for (const x of xs) expect(x >= 0 && x <= 1).toBe(true);
    const [mean, variance] = meanVar(xs);
    const trueMean = a / (a + b);
    const trueVar = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - trueMean)).toBeLessThan(5 * Math.sqrt(trueVar / xs.length));
    expect(Math.abs(variance / trueVar - 1)).toBeLessThan(0.06);
  });

  it('refuses shapes that are not positive finite numbers', () => {
    const sampler = new BetaSampler(seeded(1));
    for (const bad of [0, -1, Number.NaN, Infinity]) expect(() => sampler.gamma(bad)).toThrow(`gamma shape must be a positive finite number (got ${bad})`);
  });
});

describe('exploration slots', () => {
  it('rounds share × length to its floor or ceiling, share × length on average', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 500 }), fc.integer(), (share, length, seed) => {
        const n = explorationSlotCount(share, length, seeded(seed));
        expect(n === Math.floor(share * length) || n === Math.ceil(share * length)).toBe(true);
      }),
    );
    const random = seeded(3);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += explorationSlotCount(0.03, 20, random);
    expect(total / 10_000).toBeCloseTo(0.6, 1);
  });

  it('draws distinct positions from the free ones, never more than there are', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 100 })), fc.integer({ min: 0, max: 20 }), fc.integer(), (free, count, seed) => {
        const picked = choosePositions(free, count, seeded(seed));
        expect(picked.length).toBe(Math.min(count, free.length));
        expect(new Set(picked).size).toBe(picked.length);
        for (const p of picked) expect(free).toContain(p);
      }),
    );
  });

  it('repairs bad exposure counts instead of trusting them', () => {
    expect(posteriorOf(undefined, 1, 19)).toEqual([1, 19]);
    expect(posteriorOf({ impressions: 100, clicks: 5 }, 1, 19)).toEqual([6, 114]);
    expect(posteriorOf({ impressions: 10, clicks: 50 }, 1, 19)).toEqual([11, 19]); // clicks capped at impressions
    expect(posteriorOf({ impressions: -3, clicks: -1 }, 1, 19)).toEqual([1, 19]); // negatives count 0
    expect(posteriorOf({ impressions: Number.NaN, clicks: 2 }, 1, 19)).toEqual([1, 19]); // no impressions, so no clicks
    expect(posteriorOf({ impressions: 40, clicks: Infinity }, 1, 19)).toEqual([1, 59]);
  });
});

describe('Thompson picks', () => {
  const pool = [{ impressions: 10_000, clicks: 100 }, undefined, { impressions: 50, clicks: 5 }, { impressions: 2000, clicks: 400 }];
  const options = { slots: 2, priorAlpha: 1, priorBeta: 19, samples: 200 };

  it('picks distinct items, no more than the slots, the pool or the samples allow', () => {
    expect(thompsonPicks(pool, { ...options, slots: 9 }, seeded(1)).length).toBe(4);
    expect(thompsonPicks(pool, { ...options, slots: 9, samples: 3 }, seeded(1)).length).toBe(3);
    expect(thompsonPicks([], options, seeded(1))).toEqual([]);
    expect(thompsonPicks(pool, { ...options, slots: 0 }, seeded(1))).toEqual([]);
    const picks = thompsonPicks(pool, options, seeded(1));
    expect(new Set(picks.map((p) => p.index)).size).toBe(2);
  });

  it('favours the item whose posterior is likely best, and its propensity says so', () => {
    // Item 3 (20 % CTR on 2,000 impressions) beats 1 % on 10,000, the prior's 5 % and 10 % on 50 nearly always.
    const [first] = thompsonPicks(pool, { ...options, slots: 1 }, seeded(5));
    expect(first!.index).toBe(3);
    expect(first!.propensity).toBeGreaterThan(0.7);
  });

  it('propensity estimates the probability that the scheme picks the item (checked against 3,000 seeded runs)', () => {
    const evenPool = [{ impressions: 100, clicks: 8 }, { impressions: 20, clicks: 2 }, undefined, { impressions: 400, clicks: 30 }];
    const runs = 3000;
    const chosen = new Array<number>(evenPool.length).fill(0);
    const propensity = new Array<number>(evenPool.length).fill(0);
    for (let seed = 0; seed < runs; seed++) {
      const [pick] = thompsonPicks(evenPool, { slots: 1, priorAlpha: 1, priorBeta: 19, samples: 100 }, seeded(seed));
      chosen[pick!.index]!++;
      propensity[pick!.index]! += pick!.propensity;
    }
    for (let i = 0; i < evenPool.length; i++) {
      const frequency = chosen[i]! / runs;
      // E[propensity | chosen] ≈ P(chosen) (plus the realised draw's 1/samples): compare the mean reported propensity with the frequency.
      if (chosen[i]! > 100) expect(Math.abs(propensity[i]! / chosen[i]! - frequency)).toBeLessThan(0.06);
    }
    expect(chosen.filter((c) => c > 100).length).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic for the same random source', () => {
    expect(thompsonPicks(pool, options, seeded(9))).toEqual(thompsonPicks(pool, options, seeded(9)));
  });
});
