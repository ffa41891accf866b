// The feature definition written the plain way (maps of tokens, one sum map),
// as it was first implemented: the optimised featuresOfFacts must give the
// same indices and bit-identical values, or every content embedding moves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogItemArb } from '../testing/arbitraries.js';
import { BIAS_FEATURE, factsOfItem, featuresOfFacts, GROUP_WEIGHTS, MAX_DESCRIPTION_CHARS, wordsOf, type ContentFacts, type SparseVector } from './content-features.js';
import { hash32 } from './feature-hash.js';

type Group = Map<string, number>;
const add = (g: Group, token: string) => g.set(token, (g.get(token) ?? 0) + 1);

function referenceFeatures(facts: ContentFacts, bits: number): SparseVector {
  const groups: [Group, number][] = [];
  const group = (weight: number, tokens: Iterable<string>) => {
    const g: Group = new Map();
    for (const t of tokens) add(g, t);
    groups.push([g, weight]);
  };
  const W = GROUP_WEIGHTS;
  group(W.category, (facts.categories ?? []).map((c) => `c:${c.toLowerCase()}`));
  group(W.tag, (facts.tags ?? []).map((t) => `t:${t.toLowerCase()}`));
  if (facts.creatorId !== undefined) group(W.creator, [`cr:${facts.creatorId}`]);
  group(W.language, (facts.languages ?? []).map((l) => `l:${l.toLowerCase()}`));
  if (facts.contentType !== undefined) group(W.contentType, [`ct:${facts.contentType}`]);
  if (facts.durationMs !== undefined && Number.isFinite(facts.durationMs) && facts.durationMs > 0) {
    const fine = Math.floor(Math.log2(Math.max(facts.durationMs / 60_000, 1 / 60)));
    group(W.duration, [`d:${fine}`, `dd:${Math.floor(fine / 2)}`]);
  }
  if (facts.releaseYear !== undefined && Number.isFinite(facts.releaseYear)) group(W.releaseYear, [`y5:${Math.floor(facts.releaseYear / 5)}`, `y10:${Math.floor(facts.releaseYear / 10)}`]);
  if (facts.maturity !== undefined) group(W.maturity, [`m:${facts.maturity}`]);
  for (const [text, wordWeight, charWeight, prefix] of [
    [facts.title ?? '', W.titleWords, W.titleChars, 'T'],
    [(facts.description ?? '').slice(0, MAX_DESCRIPTION_CHARS), W.descriptionWords, W.descriptionChars, 'D'],
  ] as const) {
    const words: Group = new Map();
    const chars: Group = new Map();
    const tokens = wordsOf(text);
    tokens.forEach((token, i) => {
      add(words, `${prefix}w:${token}`);
      if (i > 0) add(words, `${prefix}b:${tokens[i - 1]} ${token}`);
      const padded = `#${token}#`;
      for (let j = 0; j + 3 <= padded.length; j++) add(chars, `${prefix}g:${padded.slice(j, j + 3)}`);
    });
    groups.push([words, wordWeight], [chars, charWeight]);
  }
  const size = 2 ** bits;
  const sums = new Map<number, number>([[BIAS_FEATURE, 1]]);
  for (const [g, weight] of groups) {
    if (g.size === 0) continue;
    let norm = 0;
    for (const tf of g.values()) norm += (1 + Math.log(tf)) ** 2;
    const scale = weight / Math.sqrt(norm);
    for (const [token, tf] of g) {
      const index = 1 + (hash32(token) % (size - 1));
      const sign = hash32(token, 0x9e3779b9) & 1 ? -1 : 1;
      sums.set(index, (sums.get(index) ?? 0) + sign * scale * (1 + Math.log(tf)));
    }
  }
  const indices = Int32Array.from([...sums.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (i) => sums.get(i)!) };
}

const same = (a: SparseVector, b: SparseVector) => {
  expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
  expect(Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).equals(Buffer.from(b.values.buffer, b.values.byteOffset, b.values.byteLength))).toBe(true);
};

const wordy = fc.array(fc.constantFrom('the', 'hotel', 'Hôtel', 'grand', 'THE', 'jazz', '東京', 'a-b', '42', ' ', '!', 'ﬁne'), { maxLength: 40 }).map((w) => w.join(' '));

describe('featuresOfFacts against the plain reference', () => {
  it('gives the same features, bit for bit, for any catalog item', () => {
    fc.assert(fc.property(catalogItemArb, fc.integer({ min: 8, max: 18 }), (item, bits) => same(featuresOfFacts(factsOfItem(item), bits), referenceFeatures(factsOfItem(item), bits))), { numRuns: 300 });
  });

  it('gives the same features for partial facts with repeated words, collisions (tiny spaces) and any script', () => {
    const facts = fc.record(
      { categories: fc.array(fc.constantFrom('Jazz', 'jazz', 'drama', 'Comedy'), { maxLength: 5 }), title: wordy, description: wordy, creatorId: fc.string({ maxLength: 4 }), releaseYear: fc.integer({ min: 1900, max: 2030 }) },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(facts, fc.constantFrom(8, 9, 15), (f, bits) => same(featuresOfFacts(f, bits), referenceFeatures(f, bits))), { numRuns: 300 });
  });

  it('is unaffected by an earlier call that failed part-way', () => {
    const good: ContentFacts = { categories: ['jazz'], title: 'Blue Train' };
    const before = featuresOfFacts(good);
    // A category that is not a string fails after the bias and earlier groups were summed.
    expect(() => featuresOfFacts({ tags: ['x'], categories: [7 as unknown as string] })).toThrow(TypeError);
    same(featuresOfFacts(good), before);
  });
});
