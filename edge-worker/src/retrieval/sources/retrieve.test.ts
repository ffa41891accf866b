// Multi-source retrieval inside workerd over a small real bundle (fixture.ts):
// warm users get ANN and "because you watched" candidates, cold users content
// and trending, fresh items are retrievable, another embedding version is
// refused, unknown and turned-down items never become candidates, and every
// candidate carries its row, facts and attribution.
import { parseRetrievalConfig, type RetrievalConfigInput } from '@freshet/shared/candidates/config';
import { EmbeddingVersionMismatch, queryVector } from '@freshet/shared/embeddings/space';
import { NO_NEIGHBOUR } from '@freshet/shared/retrieval/similar-lists';
import { coVisitationListsOf } from '@freshet/shared/retrieval/co-visitation-lists';
import { describe, expect, it } from 'vitest';
import { checkRetrievalBundle, RetrievalBundleError } from './bundle.js';
import { buildBundle, categoryProjection, direction, freshDelta, inputFor, recentItem, snapshotOf, SPACE, T0 } from './fixture.js';
import { retrieveCandidates } from './retrieve.js';
import { retrievalServerTiming } from './server-timing.js';
import type { RetrievalResult } from './types.js';

const bundle = checkRetrievalBundle(buildBundle());
const config = (input: RetrievalConfigInput) => {
  const parsed = parseRetrievalConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
};

/** A warm jazz listener: completed jazz-0..4 over the last hours. */
const jazzFan = {
  user_interaction_count: 120,
  user_recent_items: [0, 1, 2, 3, 4].map((i) => recentItem(`jazz-${i}`, 1.2, i + 1)),
  user_category_affinity_7d: { jazz: 1 },
};

const categoryOf = (itemId: string) => itemId.split('-')[0];
const ofSource = (r: RetrievalResult, source: string) => r.candidates.filter((c) => c.sources.includes(source as never));

function expectWellFormed(r: RetrievalResult, limit: number): void {
  const ids = r.candidates.map((c) => c.itemId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeLessThanOrEqual(limit);
  for (const c of r.candidates) {
    expect(c.sources.length).toBeGreaterThan(0);
    expect(c.retrievalScore).toBeGreaterThanOrEqual(0);
    expect(c.retrievalScore).toBeLessThanOrEqual(1);
    if (c.row >= 0) {
      expect(bundle.items.idAt(c.row)).toBe(c.itemId);
      expect(bundle.index.itemId(c.row)).toBe(c.itemId);
      expect(c.facts?.itemId).toBe(c.itemId);
      expect(c.rankingFacts.categories).toEqual(c.facts!.categories);
    } else {
      expect(c.facts).toBeNull();
      expect(c.fresh).toBeDefined();
    }
  }
}

describe('retrieveCandidates: warm users', () => {
  it('proposes the user’s taste by ANN, and neighbours of recent items with "because"', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan, config: config({ quotas: { ann: 20 } }) }));
    expect(r.userClass).toBe('warm');
    expect(r.embeddingVersion).toBe(SPACE.version);
    expectWellFormed(r, 500);
    const ann = ofSource(r, 'ann');
    // The pooled query points at jazz: ANN's 20 best items (of 25 jazz items) are jazz.
    expect(ann).toHaveLength(20);
    expect(ann.every((c) => categoryOf(c.itemId) === 'jazz')).toBe(true);
    const similar = ofSource(r, 'similar');
    expect(similar.length).toBeGreaterThan(0);
    const seeds = new Set(jazzFan.user_recent_items.map((i) => i.item_id));
    for (const c of similar) {
      expect(seeds.has(c.because!)).toBe(true);
      expect(seeds.has(c.itemId)).toBe(false); // a seed is not its own "because"
      const seedRow = bundle.items.rowOf(c.because!)!;
      const neighbours = Array.from(bundle.similar!.rows.subarray(seedRow * bundle.similar!.k, (seedRow + 1) * bundle.similar!.k));
      expect(neighbours).toContain(c.row);
    }
    // A content query only runs for warm users without an ANN vector.
    expect(r.sources.content).toMatchObject({ skipped: 'warm user with an ANN vector' });
    expect(r.sources.ann?.counts).toMatchObject({ listed: 20, proposed: 20, attributed: 20 });
  });

  it('searches the index with a seed’s own vector when the build gave it no list, or the bundle has none', () => {
    // Rows of jazz-0..4 without lists (a large catalog lists only items with behaviour at build time).
    const rows = Uint32Array.from(bundle.similar!.rows);
    for (const seed of jazzFan.user_recent_items) rows.fill(NO_NEIGHBOUR, bundle.items.rowOf(seed.item_id)! * bundle.similar!.k, (bundle.items.rowOf(seed.item_id)! + 1) * bundle.similar!.k);
    for (const variant of [{ ...bundle, similar: { ...bundle.similar!, rows } }, { ...bundle, similar: null }]) {
      const r = retrieveCandidates(inputFor(variant, { user: jazzFan, config: config({ quotas: { similar: 20 } }) }));
      const similar = ofSource(r, 'similar');
      expect(similar.length).toBeGreaterThan(0);
      const seeds = new Set(jazzFan.user_recent_items.map((i) => i.item_id));
      for (const c of similar) {
        expect(seeds.has(c.because!)).toBe(true);
        expect(seeds.has(c.itemId)).toBe(false);
        // The neighbours of a jazz track, found by searching: jazz.
        expect(categoryOf(c.itemId)).toBe('jazz');
      }
    }
  });

  it('is deterministic', () => {
    const input = inputFor(bundle, { user: jazzFan, snapshot: snapshotOf({ global: ['rock-1', 'drama-2'] }), fresh: freshDelta(), editorial: ['comedy-9'] });
    expect(retrieveCandidates(input).candidates).toEqual(retrieveCandidates(input).candidates);
  });

  it('falls back to content from category affinity when no recent item is in the index', () => {
    const user = { user_interaction_count: 80, user_recent_items: [recentItem('gone-1', 1, 2)], user_category_affinity_30m: { comedy: 0.8, drama: 0.2 } };
    const r = retrieveCandidates(inputFor(bundle, { user, config: config({ quotas: { content: 20 } }) }));
    expect(r.sources.ann?.skipped).toMatch(/no query vector/);
    const content = ofSource(r, 'content');
    expect(content).toHaveLength(20);
    expect(content.every((c) => categoryOf(c.itemId) === 'comedy')).toBe(true);
  });

  it('respects the limit and the quotas of the config', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan, snapshot: snapshotOf({ global: ['rock-1', 'drama-2', 'comedy-3'] }), config: config({ limit: 12, quotas: { ann: 5, similar: 4 } }) }));
    expectWellFormed(r, 12);
    expect(r.candidates).toHaveLength(12);
    expect(ofSource(r, 'ann').length).toBeLessThanOrEqual(5);
    expect(ofSource(r, 'similar').length).toBeLessThanOrEqual(4);
    expect(ofSource(r, 'trending').length).toBeGreaterThan(0); // not starved by ann
  });
});

describe('retrieveCandidates: collaborative signals for the ranker', () => {
  it('gives every candidate of a user with recent items its cosine to their pooled query and nearest recent item', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan }));
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      const cf = c.rankingFacts.collaborative!;
      expect(cf.score).toBeGreaterThanOrEqual(-1.01);
      expect(cf.score).toBeLessThanOrEqual(1.01);
      expect(cf.nearest).toBeLessThanOrEqual(1.01);
    }
    const mean = (genre: string) => {
      const of = r.candidates.filter((c) => categoryOf(c.itemId) === genre).map((c) => c.rankingFacts.collaborative!.score);
      return of.reduce((a, b) => a + b, 0) / Math.max(1, of.length);
    };
    expect(mean('jazz')).toBeGreaterThan(mean('drama') + 0.3);
  });

  it('sums co-visitation scores from the lists of the recent items when the bundle has them', () => {
    const row = (id: string) => bundle.items.rowOf(id)!;
    const lists = Array.from({ length: bundle.index.count }, (): [number, number][] => []);
    lists[row('jazz-0')] = [[row('drama-1'), 0.5], [row('jazz-9'), 0.25]];
    lists[row('jazz-1')] = [[row('drama-1'), 0.25]];
    const withLists = checkRetrievalBundle({ ...bundle, coVisitation: coVisitationListsOf(lists) });
    const r = retrieveCandidates(inputFor(withLists, { user: jazzFan, editorial: ['drama-1'] }));
    const of = (id: string) => r.candidates.find((c) => c.itemId === id)?.rankingFacts.collaborative?.coVisitation;
    expect(of('drama-1')).toBeCloseTo(0.75, 6);
    expect(r.candidates.filter((c) => c.itemId !== 'drama-1' && c.itemId !== 'jazz-9').every((c) => c.rankingFacts.collaborative!.coVisitation === 0)).toBe(true);
    // Without lists the slot is missing (null), not 0.
    expect(retrieveCandidates(inputFor(bundle, { user: jazzFan })).candidates.every((c) => c.rankingFacts.collaborative!.coVisitation === null)).toBe(true);
    expect(() => checkRetrievalBundle({ ...bundle, coVisitation: coVisitationListsOf([[]]) })).toThrow(/co-visitation lists cover 1 rows/);
  });

  it('gives none to a user without a positively scored recent item in the index (the slots then say missing)', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: { user_interaction_count: 3, user_recent_items: [recentItem('jazz-1', -2, 1), recentItem('unknown', 3, 1)] } }));
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.candidates.every((c) => c.rankingFacts.collaborative === undefined)).toBe(true);
  });
});

describe('retrieveCandidates: the co-visitation source (item-kNN)', () => {
  const row = (id: string) => bundle.items.rowOf(id)!;
  const lists = Array.from({ length: bundle.index.count }, (): [number, number][] => []);
  lists[row('jazz-0')] = [[row('drama-1'), 0.5], [row('rock-4'), 0.4], [row('jazz-1'), 0.3]];
  lists[row('jazz-1')] = [[row('drama-1'), 0.25], [row('comedy-2'), 0.6]];
  const withLists = checkRetrievalBundle({ ...bundle, coVisitation: coVisitationListsOf(lists) });

  it('proposes the items of the recent items’ lists by summed score, with the list that scored each highest as "because"', () => {
    const r = retrieveCandidates(inputFor(withLists, { user: jazzFan, config: config({ quotas: { co_visitation: 10 } }) }));
    const proposed = ofSource(r, 'co_visitation');
    // drama-1: 0.5 + 0.25; comedy-2: 0.6; rock-4: 0.4. jazz-1 is a recent item itself: never proposed.
    expect(proposed.map((c) => [c.itemId, c.because])).toEqual([['drama-1', 'jazz-0'], ['comedy-2', 'jazz-1'], ['rock-4', 'jazz-0']]);
    expect(r.sources.co_visitation?.counts).toMatchObject({ listed: 3, proposed: 3 });
    expect(proposed.map((c) => c.rankingFacts.collaborative!.coVisitation)).toEqual([0.75, 0.6, 0.4].map((v) => expect.closeTo(v, 6)));
  });

  it('runs for cold users too (a list is as good after one item as after fifty), and says why when it cannot', () => {
    const cold = { user_interaction_count: 2, user_recent_items: [recentItem('jazz-1', 1.2, 1)] };
    const r = retrieveCandidates(inputFor(withLists, { user: cold }));
    expect(r.userClass).toBe('cold');
    expect(ofSource(r, 'co_visitation').map((c) => c.itemId)).toEqual(['comedy-2', 'drama-1']);
    expect(r.sources.ann).toEqual({ skipped: 'not a source for cold users', ms: 0 });
    expect(retrieveCandidates(inputFor(bundle, { user: cold })).sources.co_visitation).toMatchObject({ skipped: 'the bundle has no co-visitation lists' });
    const turnedDown = { user_interaction_count: 2, user_recent_items: [recentItem('jazz-1', -1, 1)] };
    expect(retrieveCandidates(inputFor(withLists, { user: turnedDown })).sources.co_visitation).toMatchObject({ skipped: 'no positively scored recent item is in the index' });
  });

  it('starts from the history when the week holds nothing: a returning user is not served as new', () => {
    const returning = { user_interaction_count: 120, user_item_history: [{ item_id: 'jazz-0', last_time: 5 }, { item_id: 'jazz-1', last_time: 4 }] };
    const r = retrieveCandidates(inputFor(withLists, { user: returning, config: config({ quotas: { co_visitation: 10 } }) }));
    // The same lists and sums as for the jazz fan's recent jazz-0 and jazz-1; history items are never proposed.
    expect(ofSource(r, 'co_visitation').map((c) => [c.itemId, c.because])).toEqual([['drama-1', 'jazz-0'], ['comedy-2', 'jazz-1'], ['rock-4', 'jazz-0']]);
    // The pooled query comes from the history too: the warm user's searches run.
    expect(ofSource(r, 'ann').length).toBeGreaterThan(0);
    expect(r.seedsFromHistory).toBe(true); // recommend() then adds no co-visitation prior
    expect(retrieveCandidates(inputFor(withLists, { user: jazzFan })).seedsFromHistory).toBe(false);
    const forgotten = retrieveCandidates(inputFor(withLists, { user: { user_interaction_count: 120 } }));
    expect(forgotten.sources.co_visitation).toMatchObject({ skipped: 'no positively scored recent item is in the index' });
    expect(forgotten.sources.ann).toMatchObject({ skipped: expect.any(String) as string });
  });

  it('never proposes a history item, though a recent item’s list holds it', () => {
    const user = { user_interaction_count: 2, user_recent_items: [recentItem('jazz-0', 1.2, 9)], user_item_history: [{ item_id: 'drama-1', last_time: 1 }] };
    const r = retrieveCandidates(inputFor(withLists, { user, config: config({ quotas: { co_visitation: 10 } }) }));
    expect(ofSource(r, 'co_visitation').map((c) => c.itemId)).toEqual(['rock-4', 'jazz-1']);
  });

  it('leaves a fresh item’s co-visitation missing (null): it is in no list yet, which is no evidence against it', () => {
    const r = retrieveCandidates(inputFor(withLists, { user: jazzFan, fresh: freshDelta() }));
    const fresh = r.candidates.find((c) => c.itemId === 'jazz-fresh')!;
    expect(fresh.rankingFacts.collaborative!.score).toBeGreaterThan(0.5);
    expect(fresh.rankingFacts.collaborative!.coVisitation).toBeNull();
    expect(r.candidates.find((c) => c.itemId === 'comedy-2')!.rankingFacts.collaborative!.coVisitation).toBeCloseTo(0.6, 6);
  });

  it('leaves out what the request excludes and still fills its quota from further down', () => {
    const r = retrieveCandidates(inputFor(withLists, { user: jazzFan, exclude: new Set(['drama-1']), config: config({ quotas: { co_visitation: 2 } }) }));
    expect(ofSource(r, 'co_visitation').map((c) => c.itemId)).toEqual(['comedy-2', 'rock-4']);
  });
});

describe('retrieveCandidates: cold users', () => {
  it('get content from onboarding choices, cohort and geo trending and trending — no vector-based collaborative sources', () => {
    const snapshot = snapshotOf({ global: ['drama-1', 'comedy-2'], eu: ['comedy-5'], euTv: ['drama-7'] });
    const r = retrieveCandidates(inputFor(bundle, { user: { user_interaction_count: 3 }, onboarding: { categories: ['rock'] }, snapshot, config: config({ quotas: { content: 20 } }) }));
    expect(r.userClass).toBe('cold');
    expectWellFormed(r, 500);
    for (const c of r.candidates) expect(c.sources.some((s) => s === 'ann' || s === 'similar')).toBe(false);
    expect(r.sources.ann).toEqual({ skipped: 'not a source for cold users', ms: 0 });
    expect(ofSource(r, 'content').every((c) => categoryOf(c.itemId) === 'rock')).toBe(true);
    expect(ofSource(r, 'trending').map((c) => c.itemId)).toEqual(['drama-1', 'comedy-2']);
    expect(ofSource(r, 'trending_geo').map((c) => c.itemId)).toEqual(['comedy-5']);
    expect(ofSource(r, 'trending_cohort').map((c) => c.itemId)).toEqual(['drama-7']);
    // Every source gets its best item in the first round of the interleaving.
    expect(r.candidates.slice(0, 5).map((c) => c.sources[0])).toEqual(['content', 'trending_cohort', 'trending_geo', 'trending', 'popular']);
  });

  it('take the warm path from the configured threshold on', () => {
    const user = { ...jazzFan, user_interaction_count: 10 };
    expect(retrieveCandidates(inputFor(bundle, { user })).userClass).toBe('cold');
    expect(retrieveCandidates(inputFor(bundle, { user, config: config({ warmThreshold: 10 }) })).userClass).toBe('warm');
    expect(retrieveCandidates(inputFor(bundle, { user, userClass: 'warm' })).userClass).toBe('warm');
  });

  it('with neither choices nor affinity still get trending and popular, never an empty list', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: {} }));
    expect(r.sources.content?.skipped).toBe('no onboarding choices and no category affinity');
    expect(r.sources.trending?.skipped).toBe('no item snapshot');
    expect(r.candidates.map((c) => c.itemId)).toEqual(['drama-3', 'comedy-1']); // the popular list; its unknown item is excluded
    expect(r.sources.popular?.counts).toMatchObject({ listed: 3, excluded: 1, proposed: 2 });
  });
});

describe('retrieveCandidates: fresh items', () => {
  it('retrieves a fresh item by the user’s query, with the delta’s facts and row −1', () => {
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan, fresh: freshDelta() }));
    const fresh = r.candidates.find((c) => c.itemId === 'jazz-fresh');
    expect(fresh).toMatchObject({ row: -1, facts: null, sources: ['fresh'], fresh: { publishTime: T0 - 10 * 60_000, embeddedAt: T0 - 9 * 60_000 } });
    expect(fresh!.rankingFacts).toMatchObject({ categories: [], publishTime: T0 - 10 * 60_000 });
    // Compared with the user's recent items by the delta's own vector: it is a jazz item.
    expect(fresh!.rankingFacts.collaborative!.score).toBeGreaterThan(0.5);
    expect(fresh!.retrievalScore).toBe(1);
  });

  it('retrieves it for a cold user by the content query, and resolves it when trending lists it', () => {
    const snapshot = snapshotOf({ global: ['jazz-fresh', 'drama-1'] });
    const r = retrieveCandidates(inputFor(bundle, { user: {}, onboarding: { categories: ['jazz'] }, fresh: freshDelta(), snapshot }));
    expect(r.candidates.find((c) => c.itemId === 'jazz-fresh')?.sources).toEqual(['fresh', 'trending']);
  });
});

describe('retrieveCandidates: embedding versions are never mixed', () => {
  it('the index refuses a query computed in another version', () => {
    const other = queryVector({ version: 'emb-fixture-0', dim: SPACE.dim }, direction('jazz'));
    expect(() => bundle.index.search(other, 5)).toThrow(EmbeddingVersionMismatch);
  });

  it('a fresh delta of another version is refused and contributes nothing; the other sources go on', () => {
    const snapshot = snapshotOf({ global: ['jazz-fresh', 'drama-1'] });
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan, fresh: freshDelta('emb-fixture-0'), snapshot }));
    expect(r.sources.fresh?.error).toMatch(/^EmbeddingVersionMismatch: embedding version mismatch: the index is emb-fixture-0, the vector was computed in emb-fixture-1/);
    expect(r.candidates.some((c) => c.itemId === 'jazz-fresh')).toBe(false); // not even through trending: its delta is not this version's
    expect(ofSource(r, 'ann').length).toBeGreaterThan(0);
  });

  it('a bundle whose projection is of another version is refused at load; unchecked, its content source fails alone', () => {
    const mixed = { ...bundle, projection: categoryProjection('emb-fixture-0') };
    expect(() => checkRetrievalBundle(mixed)).toThrow(new RetrievalBundleError('the content projection maps into emb-fixture-0 (16-d), the index is emb-fixture-1 (16-d)'));
    const r = retrieveCandidates(inputFor(mixed, { user: {}, onboarding: { categories: ['rock'] } }));
    expect(r.sources.content?.error).toMatch(/^EmbeddingVersionMismatch/);
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('a bundle whose parts disagree is refused with the reason', () => {
    expect(() => checkRetrievalBundle({ ...bundle, similar: { ...bundle.similar!, count: 3 } })).toThrow('the similar lists cover 3 rows, the index 100');
    const table = { ...bundle.items, idAt: (row: number) => (row === 0 ? 'someone-else' : bundle.items.idAt(row)) };
    expect(() => checkRetrievalBundle({ ...bundle, items: table })).toThrow('row 0 is "someone-else" in the item table but "drama-0" in the index');
    expect(() => checkRetrievalBundle({ ...bundle, items: { ...bundle.items, count: 99 } })).toThrow('the item table has 99 rows, the index 100');
    const repeated = { ...bundle.items, rowOf: (id: string) => (id === 'drama-0' ? 7 : bundle.items.rowOf(id)) };
    expect(() => checkRetrievalBundle({ ...bundle, items: repeated })).toThrow('the item table maps "drama-0" to row 7, not 0 (a repeated id?)');
  });
});

describe('retrieveCandidates: exclusions, continue-watching, editorial', () => {
  it('never proposes unknown items, excluded items or items the user turned down', () => {
    const user = { ...jazzFan, user_recent_items: [...jazzFan.user_recent_items, recentItem('jazz-9', -1, 1)] };
    const snapshot = snapshotOf({ global: ['ghost', 'jazz-9', 'rock-2', 'rock-3'] });
    const r = retrieveCandidates(inputFor(bundle, { user, snapshot, editorial: ['nobody', 'comedy-4'], exclude: new Set(['rock-2', 'jazz-10']) }));
    const ids = new Set(r.candidates.map((c) => c.itemId));
    for (const id of ['ghost', 'nobody', 'jazz-9', 'rock-2', 'jazz-10']) expect(ids.has(id)).toBe(false);
    expect(ids.has('rock-3')).toBe(true);
    expect(r.sources.trending?.counts).toMatchObject({ listed: 4, excluded: 3, proposed: 1 });
    expect(r.candidates[0]!.itemId).toBe('comedy-4'); // editorial is first in priority
    expect(r.candidates[0]!.sources[0]).toBe('editorial');
  });

  it('searches past excluded items, so exclusions do not leave a source short of its quota', () => {
    const input = inputFor(bundle, { user: jazzFan, config: config({ quotas: { ann: 5, similar: 0 } }) });
    const top = ofSource(retrieveCandidates(input), 'ann').map((c) => c.itemId);
    const r = retrieveCandidates({ ...input, exclude: new Set(top) });
    const ann = ofSource(r, 'ann').map((c) => c.itemId);
    expect(ann).toHaveLength(5);
    for (const id of top) expect(ann).not.toContain(id);
    expect(r.sources.ann?.counts).toMatchObject({ listed: 10, excluded: 5, proposed: 5 });
  });

  it('offers a started, unfinished item to continue, and not a finished one', () => {
    const user = { ...jazzFan, user_recent_items: [...jazzFan.user_recent_items, recentItem('drama-5', 0.2, 3), recentItem('drama-6', 1.2, 2)] };
    const r = retrieveCandidates(inputFor(bundle, { user }));
    expect(ofSource(r, 'continue').map((c) => c.itemId)).toEqual(['drama-5']);
  });
});

describe('retrievalServerTiming', () => {
  it('gives the stage and every source that ran, with its candidate count', () => {
    let t = 0;
    const r = retrieveCandidates(inputFor(bundle, { user: jazzFan, clock: () => (t += 0.5) }));
    const entries = retrievalServerTiming(r);
    expect(entries[0]).toMatch(/^retrieval;dur=\d+\.\d\d;desc="\d+ candidates, warm"$/);
    expect(entries).toContainEqual(`retrieval-ann;dur=0.50;desc="${ofSource(r, 'ann').length} candidates"`);
    expect(entries.some((e) => e.startsWith('retrieval-content'))).toBe(false); // skipped
  });
});
