import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MATURITY_RATINGS } from '../events/catalog-item.js';
import { resolveRerankConfig, type RerankConfig } from './config.js';
import { candidateArb, candidatesArb, configInputArb, contextArb, NOW, seeded } from './rerank-arbitraries.js';
import { rerank } from './rerank.js';
import type { DiversityViolation, RerankCandidate, RerankContext, RerankResult } from './types.js';

const runs = { numRuns: 300 };

function configOf(input: unknown): RerankConfig {
  const r = resolveRerankConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const setOf = (xs: readonly string[] | ReadonlySet<string> | undefined) => new Set(xs ?? []);

/** The hard filters, written again from their definitions (not from the code under test). */
function passesHardFilters(c: RerankCandidate, ctx: RerankContext, cfg: RerankConfig): boolean {
  if (!Number.isFinite(c.score)) return false;
  if (setOf(ctx.consumed).has(c.itemId) || setOf(ctx.disliked).has(c.itemId) || setOf(ctx.blockedItems).has(c.itemId)) return false;
  const f = c.facts;
  if (f === null) return cfg.unknownFacts === 'keep';
  if (f.publishTime > ctx.now) return false;
  if (f.availableFrom !== null && f.availableFrom > ctx.now) return false;
  if (f.availableUntil !== null && f.availableUntil <= ctx.now) return false;
  if (f.countries !== null && (ctx.country === undefined || !f.countries.includes(ctx.country))) return false;
  const ceiling = ctx.maturityCeiling ?? cfg.maturity.defaultCeiling;
  if (ceiling !== null) {
    const rating = f.maturity === 'unrated' ? cfg.maturity.unratedAs : f.maturity;
    if (MATURITY_RATINGS.indexOf(rating) > MATURITY_RATINGS.indexOf(ceiling)) return false;
  }
  if (setOf(ctx.blockedCreators).has(f.creatorId)) return false;
  if (f.categories.some((cat) => setOf(ctx.blockedCategories).has(cat))) return false;
  return true;
}

/** Candidates that reach the placing rules: first of each id, passing the filters. */
function passing(cands: readonly RerankCandidate[], ctx: RerankContext, cfg: RerankConfig): RerankCandidate[] {
  const seen = new Set<string>();
  const out: RerankCandidate[] = [];
  for (const c of cands) {
    if (seen.has(c.itemId)) continue;
    seen.add(c.itemId);
    if (passesHardFilters(c, ctx, cfg)) out.push(c);
  }
  return out;
}

const violationsOf = (r: RerankResult) => (r.trace.rules.find((x) => x.rule === 'diversity')!.detail!.violations as DiversityViolation[]);

const scenario = fc.record({ candidates: candidatesArb, ctx: contextArb, cfg: configInputArb, seed: fc.integer() });
/** Pins at distinct positions, mostly on the scenario's own candidates (the others are not candidates at all). */
const withPins = scenario.chain((s) =>
  fc
    .uniqueArray(fc.record({ itemId: fc.oneof(fc.constantFrom(...s.candidates.map((c) => c.itemId), 'i59'), fc.constant('i58')), position: fc.integer({ min: 0, max: 12 }) }), { maxLength: 5, selector: (p) => p.position })
    .map((pins) => ({ ...s, pins })),
);
/** Long lists, so exploration has slots and a pool to pick from. */
const exploring = fc.record({ candidates: fc.array(candidateArb, { minLength: 30, maxLength: 80 }), ctx: contextArb, limit: fc.integer({ min: 10, max: 45 }), cfg: configInputArb, seed: fc.integer() });

describe('rerank properties', () => {
  it('never leaks a filtered item (unknown, unavailable, unlicensed, too mature, blocked, consumed, disliked), pins and exploration included', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, ctx: c, cfg: input, seed }) => {
        const cfg = configOf(input);
        const ctx = { ...c, now: NOW, random: seeded(seed) };
        const byId = new Map<string, RerankCandidate>();
        for (const cand of candidates) if (!byId.has(cand.itemId)) byId.set(cand.itemId, cand);
        for (const item of rerank(candidates, ctx, cfg).items) expect(passesHardFilters(byId.get(item.itemId)!, ctx, cfg)).toBe(true);
      }),
      runs,
    );
  });

  it('returns min(limit, passing) items, without duplicates, at positions 0..n−1 — never empty when one candidate passes', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, ctx: c, cfg: input, seed }) => {
        const cfg = configOf(input);
        const ctx = { ...c, now: NOW, random: seeded(seed) };
        const r = rerank(candidates, ctx, cfg);
        const expected = Math.min(ctx.limit, passing(candidates, ctx, cfg).length);
        expect(r.items.length).toBe(expected);
        expect(r.trace.passed).toBe(passing(candidates, ctx, cfg).length);
        expect(new Set(r.items.map((i) => i.itemId)).size).toBe(r.items.length);
        r.items.forEach((item, p) => expect(item.position).toBe(p));
      }),
      runs,
    );
  });

  it('keeps every valid pin exactly at its position; dropped pins are reported with their reason and a filtered pin never shows', () => {
    fc.assert(
      fc.property(withPins, ({ candidates, ctx: c, cfg: input, seed, pins: pinsRaw }) => {
        const cfg = configOf(input);
        const seen = new Set<string>();
        const pins = pinsRaw.filter((p) => !seen.has(p.itemId) && seen.add(p.itemId));
        const ctx = { ...c, pins, now: NOW, random: seeded(seed) };
        const r = rerank(candidates, ctx, cfg);
        const ok = new Set(passing(candidates, ctx, cfg).map((x) => x.itemId));
        const dropped = r.trace.rules.find((x) => x.rule === 'pins')!.detail!.dropped as { itemId: string; reason: string }[];
        for (const pin of pins) {
          if (!ok.has(pin.itemId)) {
            expect(dropped.find((d) => d.itemId === pin.itemId)?.reason).toMatch(/^(filtered:|not-a-candidate)/);
            expect(r.items.some((i) => i.itemId === pin.itemId)).toBe(false);
          } else if (pin.position >= ctx.limit) {
            expect(dropped.find((d) => d.itemId === pin.itemId)?.reason).toBe('beyond-limit');
          } else if (pin.position < r.items.length) {
            expect(r.items[pin.position]).toMatchObject({ itemId: pin.itemId, pinned: true });
          }
        }
      }),
      runs,
    );
  });

  it('keeps the exploration share within floor/ceil of share × length, picks from outside the top with a propensity in [1/samples, 1]', () => {
    fc.assert(
      fc.property(exploring, ({ candidates, ctx: c, limit, cfg: input, seed }) => {
        // No score rules here, so "the top" is plainly the best `length` passing candidates by score.
        const cfg = configOf({ ...input, freshness: { weight: 0 }, discovery: { targetShare: 0 } });
        const ctx = { ...c, limit, pins: [], now: NOW, random: seeded(seed) };
        const r = rerank(candidates, ctx, cfg);
        const explored = r.items.filter((i) => i.explore !== undefined);
        const share = ctx.isCold ? cfg.exploration.coldShare : cfg.exploration.warmShare;
        expect(explored.length).toBeLessThanOrEqual(cfg.exploration.enabled ? Math.ceil(share * r.items.length) : 0);
        const ranked = passing(candidates, ctx, cfg).map((x, order) => ({ x, order })).sort((a, b) => b.x.score - a.x.score || a.order - b.order);
        const top = new Set(ranked.slice(0, r.items.length).map((e) => e.x.itemId));
        for (const item of explored) {
          expect(top.has(item.itemId)).toBe(false);
          expect(item.position).toBeGreaterThanOrEqual(cfg.exploration.minPosition);
          expect(item.explore!.propensity).toBeGreaterThanOrEqual(1 / cfg.exploration.propensitySamples);
          expect(item.explore!.propensity).toBeLessThanOrEqual(1);
        }
      }),
      runs,
    );
  });

  it('holds the diversity bounds except at reported positions, each reported one caused by fixed items or by no alternative', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, ctx: c, cfg: input, seed }) => {
        const cfg = configOf(input);
        const ctx = { ...c, now: NOW, random: seeded(seed) };
        const r = rerank(candidates, ctx, cfg);
        const facts = new Map(candidates.map((x) => [x.itemId, x.facts] as const).reverse());
        const reported = violationsOf(r);
        for (const [kind, limit, key] of [
          ['creator', cfg.diversity.maxConsecutiveCreator, (id: string) => facts.get(id)?.creatorId],
          ['category', cfg.diversity.maxConsecutiveCategory, (id: string) => facts.get(id)?.categories[0]],
        ] as const) {
          if (limit === 0) continue;
          let run = 0;
          r.items.forEach((item, p) => {
            const k = key(item.itemId);
            run = k !== undefined && p > 0 && k === key(r.items[p - 1]!.itemId) ? run + 1 : k === undefined ? 0 : 1;
            if (run > limit) {
              const v = reported.find((x) => x.position === p && x.kind === kind);
              expect(v).toBeDefined();
              if (v!.cause === 'fixed') expect(item.pinned === true || item.explore !== undefined).toBe(true);
            }
          });
        }
      }),
      runs,
    );
  });

  it('reports "no-alternative" only when every remaining candidate would break a bound there (no pins, no exploration, the whole list)', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, ctx: c, cfg: input }) => {
        const cfg = configOf({ ...input, exploration: { enabled: false } });
        const ctx = { ...c, pins: [], limit: 100, now: NOW, random: seeded(0) };
        const r = rerank(candidates, ctx, cfg);
        const facts = new Map(candidates.map((x) => [x.itemId, x.facts] as const).reverse());
        const runBefore = (p: number, key: (id: string) => string | undefined): [string | undefined, number] => {
          const k = p > 0 ? key(r.items[p - 1]!.itemId) : undefined;
          let n = 0;
          for (let q = p - 1; q >= 0 && k !== undefined && key(r.items[q]!.itemId) === k; q--) n++;
          return [k, n];
        };
        const creator = (id: string) => facts.get(id)?.creatorId;
        const category = (id: string) => facts.get(id)?.categories[0];
        for (const v of violationsOf(r)) {
          expect(v.cause).toBe('no-alternative');
          const [ck, cn] = runBefore(v.position, creator);
          const [gk, gn] = runBefore(v.position, category);
          for (const later of r.items.slice(v.position)) {
            const breaksCreator = cfg.diversity.maxConsecutiveCreator > 0 && creator(later.itemId) !== undefined && creator(later.itemId) === ck && cn + 1 > cfg.diversity.maxConsecutiveCreator;
            const breaksCategory = cfg.diversity.maxConsecutiveCategory > 0 && category(later.itemId) !== undefined && category(later.itemId) === gk && gn + 1 > cfg.diversity.maxConsecutiveCategory;
            expect(breaksCreator || breaksCategory).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it('with one bound (creators, k = 1) puts two items of a creator together only once no other creator is left', () => {
    fc.assert(
      fc.property(candidatesArb, fc.integer({ min: 1, max: 40 }), (candidates, limit) => {
        const cfg = configOf({ diversity: { maxConsecutiveCreator: 1, maxConsecutiveCategory: 0 }, exploration: { enabled: false }, unknownFacts: 'drop' });
        const ctx = { now: NOW, limit, isCold: false, country: 'DE', random: seeded(0) };
        const creators = new Set(passing(candidates, ctx, cfg).map((c) => c.facts!.creatorId));
        fc.pre(creators.size >= 2);
        const r = rerank(candidates, ctx, cfg);
        // Position by position the bound is satisfiable while another creator has items left: then it must hold.
        const ids = r.items.map((i) => candidates.find((c) => c.itemId === i.itemId)!.facts!.creatorId);
        for (let p = 1; p < ids.length; p++) {
          if (ids[p] === ids[p - 1]) expect(new Set(ids.slice(p)).size).toBe(1);
        }
      }),
      runs,
    );
  });

  it('is deterministic for the same seed', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, ctx: c, cfg: input, seed }) => {
        const cfg = configOf(input);
        const a = rerank(candidates, { ...c, now: NOW, random: seeded(seed) }, cfg);
        const b = rerank(candidates, { ...c, now: NOW, random: seeded(seed) }, cfg);
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});
