// Merge rules as properties (no duplicates, the limit, exact attribution,
// quotas, no starvation, determinism) and as worked examples of the
// interleaving order; programming errors are refused with the reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from './config.js';
import { mergeProposals, type MergeOptions, type SourceProposals } from './merge.js';
import { SOURCES, type SourceName } from './sources.js';

const ids = fc.constantFrom(...'abcdefghijklmnop'.split('').map((c) => `i-${c}`));
const score = fc.oneof(fc.double({ min: -2, max: 10 }), fc.constant(Number.NaN), fc.constant(0));
const proposal = fc.record({ itemId: ids, score, because: fc.option(ids, { nil: undefined }) }).map(({ because, ...p }) => (because === undefined ? p : { ...p, because }));

const input = fc.record({
  lists: fc.uniqueArray(fc.constantFrom(...SOURCES), { maxLength: SOURCES.length }).chain((sources) =>
    fc.tuple(...sources.map((source) => fc.array(proposal, { maxLength: 12 }).map((items): SourceProposals => ({ source, items })))),
  ),
  quotas: fc.tuple(...SOURCES.map(() => fc.integer({ min: 0, max: 8 }))).map((q) => Object.fromEntries(SOURCES.map((s, i) => [s, q[i]!])) as Record<SourceName, number>),
  limit: fc.integer({ min: 0, max: 40 }),
  priority: fc.shuffledSubarray([...SOURCES]),
  unknown: fc.uniqueArray(ids, { maxLength: 4 }),
});

/** What a source proposes, computed independently of the merge: first `quota` distinct known ids. */
function proposed(list: SourceProposals, quota: number, unknown: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of list.items) if (!out.includes(p.itemId) && !unknown.includes(p.itemId) && out.length < quota) out.push(p.itemId);
  // Repeats of an unknown id are not re-counted, but they do not take a slot either.
  return out;
}

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

const run = (x: Input) =>
  mergeProposals(x.lists, { limit: x.limit, quotas: x.quotas, priority: x.priority, known: (id) => !x.unknown.includes(id) });

describe('mergeProposals properties', () => {
  it('never returns a duplicate, an unknown item, or more than the limit', () => {
    fc.assert(
      fc.property(input, (x) => {
        const { candidates } = run(x);
        const got = candidates.map((c) => c.itemId);
        expect(new Set(got).size).toBe(got.length);
        expect(got.length).toBeLessThanOrEqual(x.limit);
        for (const id of got) expect(x.unknown).not.toContain(id);
      }),
    );
  });

  it("lists exactly the sources that proposed each candidate, and fills up to the limit when there are enough", () => {
    fc.assert(
      fc.property(input, (x) => {
        const { candidates } = run(x);
        const byId = new Map(x.lists.map((l) => [l.source, proposed(l, x.quotas[l.source], x.unknown)]));
        for (const c of candidates) {
          const want = x.lists.filter((l) => byId.get(l.source)!.includes(c.itemId)).map((l) => l.source);
          expect([...c.sources].sort()).toEqual(want.sort());
          expect(c.retrievalScore).toBeGreaterThanOrEqual(0);
          expect(c.retrievalScore).toBeLessThanOrEqual(1);
        }
        const union = new Set([...byId.values()].flat());
        expect(candidates.length).toBe(Math.min(x.limit, union.size));
      }),
    );
  });

  it('respects every quota and starves no source when the limit allows one slot each', () => {
    fc.assert(
      fc.property(input, (x) => {
        const { candidates, counts } = run(x);
        for (const l of x.lists) {
          const attributed = candidates.filter((c) => c.sources.includes(l.source)).length;
          expect(attributed).toBeLessThanOrEqual(x.quotas[l.source]);
          expect(counts[l.source]!.attributed).toBe(attributed);
          expect(counts[l.source]!.placed).toBeLessThanOrEqual(attributed);
        }
        const withProposals = x.lists.filter((l) => proposed(l, x.quotas[l.source], x.unknown).length > 0);
        if (x.limit >= withProposals.length) for (const l of withProposals) expect(counts[l.source]!.attributed).toBeGreaterThan(0);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(input, (x) => {
        expect(run(x)).toEqual(run(x));
      }),
    );
  });
});

describe('mergeProposals examples', () => {
  const quotas = { ...DEFAULT_QUOTAS, ann: 4, similar: 2, trending: 2 };
  const list = (source: SourceName, ...items: [string, number, string?][]): SourceProposals => ({
    source,
    items: items.map(([itemId, score, because]) => ({ itemId, score, ...(because && { because }) })),
  });

  it('gives every source its best item first, then slots in proportion to the quotas', () => {
    const { candidates, counts } = mergeProposals(
      [list('trending', ['t1', 90], ['t2', 45]), list('ann', ['a1', 0.9], ['a2', 0.8], ['a3', 0.6], ['a4', 0.3]), list('similar', ['s1', 0.7, 'seen-1'], ['a2', 0.35, 'seen-2'])],
      { limit: 100, quotas },
    );
    // Round 1 in priority order (ann, similar, trending); then ann at 1/4 goes before similar and trending at 1/2,
    // and at the 2/4 = 1/2 tie ann goes first again; similar's next item (a2) is placed already, so it is done.
    expect(candidates.map((c) => c.itemId)).toEqual(['a1', 's1', 't1', 'a2', 'a3', 't2', 'a4']);
    const a2 = candidates.find((c) => c.itemId === 'a2')!;
    expect(a2.sources).toEqual(['ann', 'similar']);
    expect(a2.retrievalScore).toBeCloseTo(0.8 / 0.9); // the better of ann's 0.8/0.9 and similar's 0.35/0.7
    expect(a2.because).toBe('seen-2');
    expect(candidates.find((c) => c.itemId === 't2')!.retrievalScore).toBe(0.5);
    expect(counts.similar).toEqual({ listed: 2, excluded: 0, proposed: 2, placed: 1, attributed: 2 });
  });

  it('cuts at the limit keeping the interleaving, and skips unknown items without spending the quota', () => {
    const { candidates, counts } = mergeProposals([list('ann', ['x', 1], ['a1', 0.9], ['a2', 0.8]), list('trending', ['t1', 3])], {
      limit: 2,
      quotas: { ...quotas, ann: 2 },
      known: (id) => id !== 'x',
    });
    expect(candidates.map((c) => c.itemId)).toEqual(['a1', 't1']);
    expect(counts.ann).toEqual({ listed: 3, excluded: 1, proposed: 2, placed: 1, attributed: 1 });
  });

  it('follows the configured priority on ties', () => {
    const { candidates } = mergeProposals([list('ann', ['a', 1]), list('editorial', ['e', 1])], { limit: 10, quotas, priority: ['ann'] });
    expect(candidates.map((c) => c.itemId)).toEqual(['a', 'e']);
  });

  it('scores a source whose best score is not positive, or a NaN score, as 0', () => {
    const { candidates } = mergeProposals([list('popular', ['p1', 0], ['p2', Number.NaN]), list('ann', ['a', -0.2])], { limit: 10, quotas });
    expect(candidates.map((c) => c.retrievalScore)).toEqual([0, 0, 0]);
  });

  it('refuses an unknown source, two lists of one source, a bad quota or limit', () => {
    expect(() => mergeProposals([{ source: 'nope' as SourceName, items: [] }], { limit: 1, quotas })).toThrow('unknown source "nope"');
    expect(() => mergeProposals([list('ann'), list('ann')], { limit: 1, quotas })).toThrow('source ann has two lists');
    expect(() => mergeProposals([list('ann')], { limit: 1, quotas: { ...quotas, ann: -1 } })).toThrow('quota of ann must be a non-negative integer, got -1');
    expect(() => mergeProposals([], { limit: 1.5, quotas } as MergeOptions)).toThrow('limit must be a non-negative integer, got 1.5');
  });
});
