// Builders and fast-check arbitraries for the re-ranking tests: small id,
// creator and category pools so duplicates, runs and collisions with the
// context's lists happen often.
import fc from 'fast-check';
import { MATURITY_RATINGS } from '../events/catalog-item.js';
import { Rng } from '../workloads/synthetic/rng.js';
import { resolveRerankConfig, type RerankConfig } from './config.js';
import type { RerankCandidate, RerankContext, RerankFacts } from './types.js';

export const NOW = Date.UTC(2026, 0, 10, 12);
const DAY = 86_400_000;

export const baseFacts: RerankFacts = {
  creatorId: 'c0',
  categories: ['drama'],
  contentType: 'VIDEO',
  maturity: 'all',
  publishTime: NOW - 30 * DAY,
  availableFrom: null,
  availableUntil: null,
  countries: null,
};

/** A candidate with harmless defaults; `facts: null` must be asked for explicitly. */
export function candidate(itemId: string, score: number, facts: Partial<RerankFacts> | null = {}, more: Partial<RerankCandidate> = {}): RerankCandidate {
  return { itemId, score, sources: ['ann'], facts: facts === null ? null : { ...baseFacts, ...facts }, ...more };
}

export function seeded(seed: number): () => number {
  const rng = Rng.for(seed, 'rerank-test');
  return () => rng.next();
}

/** A context with nothing in its lists; exploration still needs a random source. */
export function context(more: Partial<RerankContext> = {}): RerankContext {
  return { now: NOW, limit: 10, isCold: false, random: seeded(1), ...more };
}

export function config(input: unknown): RerankConfig {
  const r = resolveRerankConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Settings that leave the order alone: no boost, no discovery, no exploration, no diversity. */
export const PLAIN = { freshness: { weight: 0 }, discovery: { targetShare: 0 }, exploration: { enabled: false }, diversity: { maxConsecutiveCreator: 0, maxConsecutiveCategory: 0 } };

export const IDS = Array.from({ length: 60 }, (_, i) => `i${i}`);
const ids = IDS;
export const COUNTRIES = ['DE', 'FR', 'US'] as const;
export const CATEGORIES = ['g0', 'g1', 'g2', 'g3'] as const;
// Times mostly on the side that lets an item through, so most candidates pass and the placing rules have work.
const past = fc.integer({ min: NOW - 20 * DAY, max: NOW + 2 * DAY });
const future = fc.integer({ min: NOW - 2 * DAY, max: NOW + 20 * DAY });

export const factsArb: fc.Arbitrary<RerankFacts> = fc.record({
  creatorId: fc.constantFrom('c0', 'c1', 'c2', 'c3'),
  categories: fc.shuffledSubarray([...CATEGORIES]),
  contentType: fc.constantFrom('VIDEO' as const, 'AUDIO' as const),
  maturity: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('all' as const, '7+' as const) }, { weight: 1, arbitrary: fc.constantFrom(...MATURITY_RATINGS) }),
  publishTime: fc.oneof(fc.constant(NOW - 2 * DAY), past),
  availableFrom: fc.option(past, { nil: null }),
  availableUntil: fc.option(future, { nil: null }),
  countries: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.subarray([...COUNTRIES]) }),
});

export const candidateArb: fc.Arbitrary<RerankCandidate> = fc.record(
  {
    itemId: fc.constantFrom(...ids),
    score: fc.oneof({ weight: 20, arbitrary: fc.double({ min: -1, max: 2, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity) }),
    sources: fc.constant(['ann']),
    facts: fc.option(factsArb, { nil: null, freq: 8 }),
    stats: fc.option(fc.record({ impressions: fc.integer({ min: -5, max: 2000 }), clicks: fc.integer({ min: -5, max: 200 }) }), { nil: undefined }),
  },
  { requiredKeys: ['itemId', 'score', 'sources', 'facts'] },
);

export const candidatesArb = fc.array(candidateArb, { maxLength: 80, size: 'medium' });

const idSubset = fc.subarray(ids, { maxLength: 4 });

/** A context without `random` (tests add a seeded one) — pins with any positions, including bad ones. */
export const contextArb = fc.record(
  {
    limit: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 45 }) }),
    country: fc.constantFrom(...COUNTRIES),
    maturityCeiling: fc.constantFrom(...MATURITY_RATINGS),
    consumed: idSubset,
    disliked: idSubset,
    blockedItems: idSubset,
    blockedCategories: fc.subarray([...CATEGORIES], { maxLength: 1 }),
    blockedCreators: fc.subarray(['c0', 'c1', 'c2', 'c3'], { maxLength: 1 }),
    pins: fc.array(fc.record({ itemId: fc.constantFrom(...ids), position: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5) }) }), { maxLength: 4 }),
    isCold: fc.boolean(),
    contentTypeCounts: fc.record({ VIDEO: fc.integer({ min: 0, max: 100 }), AUDIO: fc.integer({ min: 0, max: 100 }) }),
  },
  { requiredKeys: ['limit', 'isCold'] },
);

export const configInputArb = fc.record({
  unknownFacts: fc.constantFrom('drop' as const, 'keep' as const),
  maturity: fc.record({ unratedAs: fc.constantFrom(...MATURITY_RATINGS) }),
  freshness: fc.record({ weight: fc.double({ min: 0, max: 1, noNaN: true }), halfLifeHours: fc.double({ min: 0.5, max: 100, noNaN: true }) }),
  discovery: fc.record({ targetShare: fc.double({ min: 0, max: 0.5, noNaN: true }), window: fc.integer({ min: 1, max: 20 }) }),
  diversity: fc.record({ maxConsecutiveCreator: fc.integer({ min: 0, max: 3 }), maxConsecutiveCategory: fc.integer({ min: 0, max: 3 }) }),
  exploration: fc.record({
    enabled: fc.boolean(),
    warmShare: fc.double({ min: 0.02, max: 0.05, noNaN: true }),
    coldShare: fc.double({ min: 0.05, max: 0.2, noNaN: true }),
    minPosition: fc.integer({ min: 0, max: 3 }),
    poolSize: fc.integer({ min: 1, max: 30 }),
    propensitySamples: fc.integer({ min: 10, max: 60 }),
  }),
});
