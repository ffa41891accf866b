import { describe, expect, it } from 'vitest';
import { NOW, PLAIN, candidate, config, context, seeded } from './rerank-arbitraries.js';
import { rerank } from './rerank.js';
import { RULE_NAMES, factsOfCatalogItem, type RerankCandidate, type RuleName } from './types.js';

const HOUR = 3_600_000;
const plain = config(PLAIN);
const ids = (r: ReturnType<typeof rerank>) => r.items.map((i) => i.itemId);
const traceOf = (r: ReturnType<typeof rerank>, rule: RuleName) => r.trace.rules.find((x) => x.rule === rule)!;
const ranked = (n: number, facts: (i: number) => Parameters<typeof candidate>[2] = () => ({})): RerankCandidate[] =>
  Array.from({ length: n }, (_, i) => candidate(`i${i}`, 1 - i / 100, facts(i)));

describe('rerank: input', () => {
  it('keeps the first of duplicate ids and removes non-finite scores, reporting both', () => {
    const r = rerank([candidate('a', 0.9), candidate('a', 0.95), candidate('b', Number.NaN), candidate('c', -Infinity), candidate('d', 0.1)], context(), plain);
    expect(ids(r)).toEqual(['a', 'd']);
    expect(r.items[0]!.score).toBe(0.9);
    expect(traceOf(r, 'input')).toMatchObject({ removed: ['a', 'b', 'c'], detail: { duplicates: 1, badScores: 2 } });
  });

  it('refuses a limit that is not a positive integer and a time that is not finite', () => {
    expect(() => rerank([], context({ limit: 0 }), plain)).toThrow('rerank: limit must be a positive integer (got 0)');
    expect(() => rerank([], context({ limit: 2.5 }), plain)).toThrow('rerank: limit must be a positive integer (got 2.5)');
    expect(() => rerank([], context({ now: Number.NaN }), plain)).toThrow('rerank: now must be a finite epoch-ms time (got NaN)');
  });

  it('returns an empty list only when nothing passes', () => {
    expect(rerank([], context(), plain).items).toEqual([]);
    expect(rerank([candidate('a', 1)], context({ consumed: ['a'] }), plain).items).toEqual([]);
  });
});

describe('rerank: hard filters', () => {
  it('drops candidates without facts by default, keeps them with unknownFacts = keep (id rules still apply)', () => {
    const cands = [candidate('a', 0.9, null), candidate('b', 0.8, null), candidate('c', 0.7)];
    expect(ids(rerank(cands, context(), plain))).toEqual(['c']);
    expect(traceOf(rerank(cands, context(), plain), 'unknown-facts').removed).toEqual(['a', 'b']);
    expect(ids(rerank(cands, context({ disliked: ['b'], maturityCeiling: 'all', country: 'DE' }), config({ ...PLAIN, unknownFacts: 'keep' })))).toEqual(['a', 'c']);
  });

  it('shows an item only inside [availableFrom, availableUntil) and once published', () => {
    const cands = [
      candidate('window', 1, { availableFrom: NOW - HOUR, availableUntil: NOW + HOUR }),
      candidate('starts-now', 0.9, { availableFrom: NOW }),
      candidate('ends-now', 0.8, { availableUntil: NOW }),
      candidate('not-yet', 0.7, { availableFrom: NOW + 1 }),
      candidate('expired', 0.6, { availableUntil: NOW - HOUR }),
      candidate('scheduled', 0.5, { publishTime: NOW + HOUR }),
    ];
    const r = rerank(cands, context(), plain);
    expect(ids(r)).toEqual(['window', 'starts-now']);
    expect(traceOf(r, 'availability').removed).toEqual(['ends-now', 'not-yet', 'expired', 'scheduled']);
  });

  it('licensing: a country list means only there; without the user country only unrestricted items pass', () => {
    const cands = [candidate('anywhere', 1, { countries: null }), candidate('de-fr', 0.9, { countries: ['DE', 'FR'] }), candidate('us', 0.8, { countries: ['US'] }), candidate('nowhere', 0.7, { countries: [] })];
    expect(ids(rerank(cands, context({ country: 'DE' }), plain))).toEqual(['anywhere', 'de-fr']);
    expect(ids(rerank(cands, context(), plain))).toEqual(['anywhere']);
    expect(traceOf(rerank(cands, context({ country: 'US' }), plain), 'licensing').removed).toEqual(['de-fr', 'nowhere']);
  });

  it('maturity: the user ceiling, else the configured default; unrated counts as unratedAs', () => {
    const cands = (['all', '7+', '13+', '16+', '18+', 'unrated'] as const).map((m, i) => candidate(m, 1 - i / 10, { maturity: m }));
    expect(ids(rerank(cands, context({ maturityCeiling: '13+' }), plain))).toEqual(['all', '7+', '13+']);
    expect(ids(rerank(cands, context({ maturityCeiling: '13+' }), config({ ...PLAIN, maturity: { unratedAs: 'all' } })))).toEqual(['all', '7+', '13+', 'unrated']);
    expect(ids(rerank(cands, context({ maturityCeiling: '18+' }), plain))).toEqual(['all', '7+', '13+', '16+', '18+', 'unrated']);
    expect(ids(rerank(cands, context(), plain))).toHaveLength(6); // no ceiling anywhere: no filter
    expect(ids(rerank(cands, context(), config({ ...PLAIN, maturity: { defaultCeiling: '7+' } })))).toEqual(['all', '7+']);
  });

  it('policy: blocked items, any blocked category, blocked creators — from the request and from the config', () => {
    const cands = [candidate('a', 1), candidate('b', 0.9, { categories: ['drama', 'news'] }), candidate('c', 0.8, { creatorId: 'spam' }), candidate('d', 0.7)];
    const r = rerank(cands, context({ blockedItems: new Set(['a']), blockedCategories: ['news'] }), config({ ...PLAIN, policy: { blockedCreators: ['spam'] } }));
    expect(ids(r)).toEqual(['d']);
    expect(traceOf(r, 'policy').removed).toEqual(['a', 'b', 'c']);
    expect(ids(rerank(cands, context(), config({ ...PLAIN, policy: { blockedItems: ['d'] } })))).toEqual(['a', 'b', 'c']);
  });

  it('removes consumed and disliked items, given as arrays or sets', () => {
    const r = rerank(ranked(4), context({ consumed: new Set(['i0']), disliked: ['i2'] }), plain);
    expect(ids(r)).toEqual(['i1', 'i3']);
    expect(traceOf(r, 'consumed').removed).toEqual(['i0']);
    expect(traceOf(r, 'disliked').removed).toEqual(['i2']);
  });
});

describe('rerank: freshness boost', () => {
  const fresh = config({ ...PLAIN, freshness: { weight: 0.1, halfLifeHours: 24 } });

  it('adds weight × 2^(−age / half-life) to the score, so a new item can overtake', () => {
    const cands = [candidate('old', 0.5, { publishTime: NOW - 100 * 24 * HOUR }), candidate('new', 0.45, { publishTime: NOW }), candidate('day', 0.4, { publishTime: NOW - 24 * HOUR })];
    const r = rerank(cands, context(), fresh);
    expect(ids(r)).toEqual(['new', 'old', 'day']);
    expect(r.items[0]!.score).toBeCloseTo(0.55, 12);
    expect(r.items[2]!.score).toBeCloseTo(0.45, 12); // one half-life: half the weight
    expect(traceOf(r, 'freshness').moved).toEqual(['new']);
  });

  it('is off at weight 0 and keeps input order for equal scores', () => {
    const r = rerank([candidate('a', 0.5, { publishTime: NOW - 1000 * HOUR }), candidate('b', 0.5, { publishTime: NOW })], context(), plain);
    expect(ids(r)).toEqual(['a', 'b']);
    expect(r.items[1]!.score).toBe(0.5);
  });
});

describe('rerank: content-type discovery', () => {
  const discovery = config({ ...PLAIN, discovery: { targetShare: 0.2, window: 5 } });
  const cands = ranked(12, (i) => ({ contentType: i === 8 || i === 10 ? 'AUDIO' : 'VIDEO' }));

  it("moves the best items of the user's less-played type into the window, displacing the lowest of the other type", () => {
    const r = rerank(cands, context({ contentTypeCounts: { VIDEO: 95, AUDIO: 5 } }), discovery);
    expect(ids(r).slice(0, 6)).toEqual(['i0', 'i1', 'i2', 'i3', 'i8', 'i4']);
    expect(traceOf(r, 'discovery')).toMatchObject({ moved: ['i8'], detail: { type: 'AUDIO', target: 1, had: 0 } });
  });

  it('leaves the order alone when the user already plays the type, has no plays, or the window holds enough', () => {
    expect(ids(rerank(cands, context({ contentTypeCounts: { VIDEO: 70, AUDIO: 30 } }), discovery))).toEqual(ids(rerank(cands, context(), plain)));
    expect(traceOf(rerank(cands, context({ contentTypeCounts: { VIDEO: 0, AUDIO: 0 } }), discovery), 'discovery').detail).toEqual({ reason: 'no plays' });
    expect(traceOf(rerank(cands, context(), discovery), 'discovery').detail).toEqual({ reason: 'no plays' });
    const audioTop = ranked(8, (i) => ({ contentType: i === 1 ? 'AUDIO' : 'VIDEO' }));
    expect(traceOf(rerank(audioTop, context({ contentTypeCounts: { VIDEO: 9, AUDIO: 0 } }), discovery), 'discovery').detail).toMatchObject({ reason: 'target met' });
  });
});

describe('rerank: editorial pins', () => {
  it('places a pin exactly at its position and shifts the rest down', () => {
    const r = rerank(ranked(6), context({ limit: 4, pins: [{ itemId: 'i5', position: 1 }] }), plain);
    expect(ids(r)).toEqual(['i0', 'i5', 'i1', 'i2']);
    expect(r.items[1]).toMatchObject({ pinned: true, position: 1 });
    expect(r.items[0]!.pinned).toBeUndefined();
  });

  it('drops and reports pins that are filtered, unknown, out of range, colliding or repeated', () => {
    const r = rerank(
      [...ranked(6), candidate('nan', Number.NaN)],
      context({
        limit: 4,
        consumed: ['i4'],
        pins: [
          { itemId: 'i4', position: 0 },
          { itemId: 'ghost', position: 0 },
          { itemId: 'i5', position: 2 },
          { itemId: 'i3', position: 2 },
          { itemId: 'i5', position: 3 },
          { itemId: 'i2', position: 7 },
          { itemId: 'i1', position: -1 },
          { itemId: 'i1', position: 0.5 },
          { itemId: 'nan', position: 1 },
        ],
      }),
      plain,
    );
    expect(ids(r)).toEqual(['i0', 'i1', 'i5', 'i2']);
    expect(traceOf(r, 'pins').detail!.dropped).toEqual([
      { itemId: 'i4', position: 0, reason: 'filtered:consumed' },
      { itemId: 'ghost', position: 0, reason: 'not-a-candidate' },
      { itemId: 'i3', position: 2, reason: 'position-taken' },
      { itemId: 'i5', position: 3, reason: 'duplicate-item' },
      { itemId: 'i2', position: 7, reason: 'beyond-limit' },
      { itemId: 'i1', position: -1, reason: 'bad-position' },
      { itemId: 'i1', position: 0.5, reason: 'bad-position' },
      { itemId: 'nan', position: 1, reason: 'filtered:input' },
    ]);
  });

  it('keeps a pin in a list too short to reach its position, at the last free place, and reports it', () => {
    const r = rerank(ranked(3), context({ limit: 10, pins: [{ itemId: 'i0', position: 6 }] }), plain);
    expect(ids(r)).toEqual(['i1', 'i2', 'i0']);
    expect(traceOf(r, 'pins').detail!.shifted).toEqual([{ itemId: 'i0', position: 6, placedAt: 2 }]);
  });
});

describe('rerank: exploration', () => {
  const explore = config({ ...PLAIN, exploration: { enabled: true, minPosition: 2 } });
  const cands = ranked(80, () => ({})).map((c, i) => ({ ...c, stats: { impressions: i * 10, clicks: i } }));

  it('fills share × length slots (cold users more) from below the shown items, recording each propensity', () => {
    let warm = 0;
    let cold = 0;
    for (let seed = 0; seed < 200; seed++) {
      for (const isCold of [false, true]) {
        const r = rerank(cands, context({ limit: 20, isCold, random: seeded(seed) }), explore);
        const picks = r.items.filter((i) => i.explore !== undefined);
        if (isCold) cold += picks.length;
        else warm += picks.length;
        for (const p of picks) {
          expect(Number(p.itemId.slice(1))).toBeGreaterThanOrEqual(20); // not one of the 20 shown anyway
          expect(p.position).toBeGreaterThanOrEqual(2);
          expect(p.explore!.propensity).toBeGreaterThan(0);
        }
        expect(new Set(traceOf(r, 'exploration').inserted)).toEqual(new Set(picks.map((p) => p.itemId)));
      }
    }
    expect(Math.abs(warm / 200 - 0.6)).toBeLessThan(0.1); // 3 % of 20 slots, by randomised rounding
    expect(cold / 200).toBe(2); // 10 % of 20
  });

  it('explores nothing when disabled or when no candidate lies below the shown ones', () => {
    expect(rerank(cands, context({ limit: 20, isCold: true }), plain).items.some((i) => i.explore)).toBe(false);
    expect(rerank(ranked(20), context({ limit: 20, isCold: true }), explore).items.some((i) => i.explore)).toBe(false);
  });
});

describe('rerank: diversity', () => {
  const diverse = (creator: number, category: number) => config({ ...PLAIN, diversity: { maxConsecutiveCreator: creator, maxConsecutiveCategory: category } });

  it('allows at most k consecutive items of one creator, taking the best item that keeps the bound', () => {
    const cands = ranked(6, (i) => ({ creatorId: i < 4 ? 'A' : 'B' }));
    const r = rerank(cands, context(), diverse(2, 0));
    expect(ids(r)).toEqual(['i0', 'i1', 'i4', 'i2', 'i3', 'i5']);
    expect(traceOf(r, 'diversity').moved).toEqual(['i4']);
    expect(ids(rerank(cands, context(), diverse(0, 0)))).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
  });

  it('bounds runs of the primary (first) category only', () => {
    const cands = ranked(4, (i) => ({ categories: i < 3 ? ['drama', 'x'] : ['comedy', 'drama'] }));
    expect(ids(rerank(cands, context(), diverse(0, 1)))).toEqual(['i0', 'i3', 'i1', 'i2']);
  });

  it('places the best remaining item when none keeps the bound, and reports the position', () => {
    const cands = ranked(4, (i) => ({ creatorId: i === 1 ? 'B' : 'A' }));
    const r = rerank(cands, context(), diverse(1, 0));
    expect(ids(r)).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect(traceOf(r, 'diversity').detail!.violations).toEqual([{ position: 3, itemId: 'i3', kind: 'creator', cause: 'no-alternative' }]);
  });

  it('counts a pinned run to the right of a free position', () => {
    const cands = [...ranked(3, () => ({ creatorId: 'A' })), candidate('b', 0.1, { creatorId: 'B' })];
    const r = rerank(cands, context({ limit: 4, pins: [{ itemId: 'i2', position: 2 }] }), diverse(2, 0));
    // i1 at position 1 would make A A A with the pinned i2: b takes it.
    expect(ids(r)).toEqual(['i0', 'b', 'i2', 'i1']);
  });

  it('reports runs made by fixed items alone as caused by them', () => {
    const cands = ranked(4, () => ({ creatorId: 'A' }));
    const r = rerank(cands, context({ limit: 2, pins: [{ itemId: 'i2', position: 0 }, { itemId: 'i3', position: 1 }] }), diverse(1, 0));
    expect(traceOf(r, 'diversity').detail!.violations).toEqual([{ position: 1, itemId: 'i3', kind: 'creator', cause: 'fixed' }]);
  });
});

describe('rerank: trace', () => {
  it('lists every rule in order with its cost from the injected clock', () => {
    let ticks = 0;
    const r = rerank(ranked(5), context({ clock: () => ticks++ }));
    expect(r.trace.rules.map((x) => x.rule)).toEqual([...RULE_NAMES]);
    for (const rule of r.trace.rules) expect(rule.durationMs).toBeGreaterThan(0);
    expect(r.trace.totalMs).toBe(ticks - 1);
    expect(r.trace.passed).toBe(5);
    const untimed = rerank(ranked(5), context());
    expect(untimed.trace.rules.every((x) => x.durationMs === 0)).toBe(true);
  });

  it('carries sources through and reads fresh items from their catalog record', () => {
    const facts = factsOfCatalogItem({
      item_id: 'fresh1', title: 't', categories: ['news'], content_type: 'AUDIO', creator_id: 'c9', duration_ms: 1000, language: 'en',
      publish_time: NOW - HOUR, maturity_rating: '13+', unlisted: false, description: '', available_countries: ['DE'],
    });
    expect(facts).toEqual({ creatorId: 'c9', categories: ['news'], contentType: 'AUDIO', maturity: '13+', publishTime: NOW - HOUR, availableFrom: null, availableUntil: null, countries: ['DE'] });
    const r = rerank([{ itemId: 'fresh1', score: 0.2, sources: ['fresh', 'trending'], facts }], context({ country: 'DE' }), plain);
    expect(r.items).toEqual([{ itemId: 'fresh1', score: 0.2, sources: ['fresh', 'trending'], position: 0 }]);
  });
});
