import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../events/catalog-item.js';
import { catalogItemArb } from '../testing/arbitraries.js';
import { BIAS_FEATURE, contentFeatures, featuresOfFacts, wordsOf, type SparseVector } from './content-features.js';
import { hash32 } from './feature-hash.js';

const item = (over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: 'i1',
  title: 'The Grand Budapest Hotel',
  categories: ['comedy', 'drama'],
  content_type: 'VIDEO',
  creator_id: 'wes',
  duration_ms: 99 * 60_000,
  language: 'en',
  publish_time: 1_700_000_000_000,
  release_year: 2014,
  maturity_rating: '13+',
  unlisted: false,
  description: 'A concierge and his lobby boy.',
  ...over,
});

const dot = (a: SparseVector, b: SparseVector) => {
  let s = 0;
  let j = 0;
  for (let i = 0; i < a.indices.length; i++) {
    while (j < b.indices.length && b.indices[j]! < a.indices[i]!) j++;
    if (b.indices[j] === a.indices[i]) s += a.values[i]! * b.values[j]!;
  }
  return s;
};

describe('hash32', () => {
  it('is pinned: these values must never change (every content embedding depends on them)', () => {
    expect([hash32(''), hash32('a'), hash32('ab'), hash32('c:comedy'), hash32('c:comedy', 0x9e3779b9)]).toEqual([
      0, 1867108634, 374890698, 2310509417, 3406133253,
    ]);
  });
  it('spreads similar tokens apart', () => {
    expect(hash32('w:hotel')).not.toBe(hash32('w:hotels'));
  });
});

describe('content features', () => {
  it('are deterministic, sorted, unique, finite and within the feature range', () => {
    fc.assert(
      fc.property(catalogItemArb, fc.integer({ min: 8, max: 16 }), (it, bits) => {
        const f = contentFeatures(it, bits);
        expect(contentFeatures(it, bits)).toEqual(f);
        expect(f.indices[0]).toBe(BIAS_FEATURE);
        for (let k = 0; k < f.indices.length; k++) {
          expect(f.indices[k]!).toBeLessThan(2 ** bits);
          if (k > 0) expect(f.indices[k]!).toBeGreaterThan(f.indices[k - 1]!);
          expect(Number.isFinite(f.values[k]!)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('make items that share categories, creator and title words closer than unrelated ones', () => {
    const a = contentFeatures(item());
    const sibling = contentFeatures(item({ item_id: 'i2', title: 'The Grand Budapest Hotel: Extended Cut' }));
    const other = contentFeatures(
      item({ item_id: 'i3', title: 'Deep Sea Podcast', categories: ['science'], creator_id: 'x', content_type: 'AUDIO', language: 'fr', release_year: 1970, description: 'Fish.' }),
    );
    expect(dot(a, sibling)).toBeGreaterThan(dot(a, other) + 1);
  });

  it('scale each group to its weight, so a long description does not drown the categories', () => {
    const short = contentFeatures(item({ description: 'hotel' }));
    const long = contentFeatures(item({ description: 'hotel '.repeat(2000) }));
    const cats = featuresOfFacts({ categories: ['comedy', 'drama'] });
    expect(dot(short, cats)).toBeCloseTo(dot(long, cats), 5);
  });

  it('ignore absent facts: an empty profile is the bias feature alone', () => {
    expect(featuresOfFacts({})).toEqual({ indices: Int32Array.of(0), values: Float32Array.of(1) });
  });

  it('read words of any script, lower-cased, punctuation as separators', () => {
    expect(wordsOf('Amélie (2001): Le Fabuleux-Destin')).toEqual(['amélie', '2001', 'le', 'fabuleux', 'destin']);
    expect(wordsOf('千と千尋の神隠し')).toEqual(['千と千尋の神隠し']);
  });

  it('refuse feature bits outside [8, 22] with a RangeError that says so', () => {
    expect(() => contentFeatures(item(), 7)).toThrow(/feature bits must be an integer in \[8, 22\], got 7/);
    expect(() => contentFeatures(item(), 15.5)).toThrow(RangeError);
  });
});
