import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryVector, normalize, EmbeddingVersionMismatch } from '../embeddings/space.js';
import type { CatalogItem } from '../events/catalog-item.js';
import { decodeFreshDelta, encodeFreshDelta, FreshDeltaFormatError } from './fresh-delta-codec.js';
import { FreshItems, freshFactsOf, searchFresh, type FreshDelta } from './fresh-items.js';

const space = { version: 'emb-test-1', dim: 4 };
const T0 = Date.UTC(2026, 10, 22);
const item = (id: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: id,
  title: `title ${id}`,
  categories: ['drama'],
  content_type: 'VIDEO',
  creator_id: 'c1',
  duration_ms: 60_000,
  language: 'en',
  publish_time: T0 + 1000,
  maturity_rating: '13+',
  unlisted: false,
  description: '',
  ...over,
});
const axis = (i: number) => (it: CatalogItem) => {
  const v = new Float32Array(4);
  v[i] = 1;
  void it;
  return v;
};

describe('fresh items', () => {
  it('adds items published after the index, ignores indexed ones, drops unlisted and expired ones', () => {
    const fresh = new FreshItems(space, T0);
    expect(fresh.apply(item('old', { publish_time: T0 - 1 }), axis(0), T0 + 5000)).toBe('indexed');
    expect(fresh.apply(item('a'), axis(0), T0 + 5000)).toBe('added');
    expect(fresh.apply(item('a'), axis(0), T0 + 6000)).toBe('unchanged');
    expect(fresh.apply(item('a', { title: 'new title' }), axis(1), T0 + 7000)).toBe('updated');
    expect(fresh.apply(item('b', { unlisted: true }), axis(2), T0 + 7000)).toBe('hidden');
    expect(fresh.apply(item('a', { unlisted: true }), axis(2), T0 + 8000)).toBe('removed');
    expect(fresh.apply(item('c', { available_until: T0 + 2000 }), axis(2), T0 + 8000)).toBe('hidden');
    expect(fresh.size).toBe(0);
  });

  it('keeps the newest items within the count and age limits', () => {
    const fresh = new FreshItems(space, T0, { maxItems: 3, maxAgeMs: 10_000 });
    for (let n = 1; n <= 5; n++) fresh.apply(item(`i${n}`, { publish_time: T0 + n * 1000 }), axis(n % 4), T0 + 6000);
    expect(fresh.list().map((i) => i.itemId).sort()).toEqual(['i3', 'i4', 'i5']);
    fresh.prune(T0 + 13_500);
    expect(fresh.list().map((i) => i.itemId).sort()).toEqual(['i4', 'i5']);
  });

  it('refuses embeddings of the wrong size or with NaN, leaving the set as it was', () => {
    const fresh = new FreshItems(space, T0);
    expect(() => fresh.apply(item('a'), () => new Float32Array(3), T0)).toThrow(/3 dimensions/);
    expect(() => fresh.apply(item('a'), () => Float32Array.from([Number.NaN, 0, 0, 0]), T0)).toThrow(/not finite/);
    expect(fresh.size).toBe(0);
  });

  it('finds a new item by its own embedding, and refuses a query from another embedding version', () => {
    const fresh = new FreshItems(space, T0);
    fresh.apply(item('x'), axis(0), T0);
    fresh.apply(item('y'), axis(1), T0);
    const delta: FreshDelta = { space, indexedUntil: T0, builtAt: T0, items: fresh.list() };
    expect(searchFresh(delta, queryVector(space, Float32Array.from([0.1, 0.9, 0, 0])), 1)[0]?.itemId).toBe('y');
    expect(searchFresh(delta, queryVector(space, Float32Array.from([0.1, 0.9, 0, 0])), 2, new Set(['y'])).map((h) => h.itemId)).toEqual(['x']);
    expect(() => searchFresh(delta, queryVector({ version: 'emb-other', dim: 4 }, new Float32Array(4)), 1)).toThrow(EmbeddingVersionMismatch);
  });
});

describe('fresh-item delta codec', () => {
  const vectors = fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }).map((xs) => normalize(Float32Array.from(xs)));
  const deltas = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 20 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(vectors, { minLength: ids.length, maxLength: ids.length })))
    .map(
      ([ids, vs]): FreshDelta => ({
        space: { version: 'emb-ü-1', dim: 8 },
        indexedUntil: T0,
        builtAt: T0 + 1,
        items: ids.map((itemId, n) => ({ itemId, publishTime: T0 + n, embeddedAt: T0 + 2 * n, vector: vs[n]! })),
      }),
    );

  it('round-trips ids, times and vectors (within int8 precision)', () => {
    fc.assert(
      fc.property(deltas, (delta) => {
        const back = decodeFreshDelta(encodeFreshDelta(delta));
        expect(back.space).toEqual(delta.space);
        expect([back.indexedUntil, back.builtAt]).toEqual([delta.indexedUntil, delta.builtAt]);
        expect(back.items.map((i) => [i.itemId, i.publishTime, i.embeddedAt])).toEqual(delta.items.map((i) => [i.itemId, i.publishTime, i.embeddedAt]));
        back.items.forEach((b, n) => b.vector.forEach((x, i) => expect(Math.abs(x - delta.items[n]!.vector[i]!)).toBeLessThanOrEqual(1 / 254 + 1e-6)));
      }),
    );
  });

  it('rejects bytes that are not a delta, truncated or padded ones, and a bad header, with the reason', () => {
    const good = encodeFreshDelta({ space, indexedUntil: T0, builtAt: T0, items: [{ itemId: 'a', publishTime: T0, embeddedAt: T0, vector: axis(0)(item('a')) }] });
    expect(() => decodeFreshDelta(new Uint8Array([1, 2, 3]))).toThrow(/bad magic/);
    expect(() => decodeFreshDelta(good.slice(0, 12))).toThrow(/truncated/);
    expect(() => decodeFreshDelta(good.slice(0, good.length - 1))).toThrow(/header describes/);
    const padded = new Uint8Array(good.length + 1);
    padded.set(good);
    expect(() => decodeFreshDelta(padded)).toThrow(FreshDeltaFormatError);
    const badJson = good.slice();
    badJson[8] = 0x7b + 1; // '{' → '|'
    expect(() => decodeFreshDelta(badJson)).toThrow(/not JSON/);
  });

  it('carries each item’s catalog facts, so the edge can rank and rule it before the next build', () => {
    const set = new FreshItems(space, T0);
    const licensed = item('licensed', { available_countries: ['DE', 'FR'], available_until: T0 + 86_400_000, maturity_rating: '16+', categories: ['noir', 'drama'] });
    set.apply(licensed, axis(1), T0 + 5000);
    const delta: FreshDelta = { space, indexedUntil: T0, builtAt: T0 + 6000, items: set.list() };
    const back = decodeFreshDelta(encodeFreshDelta(delta));
    expect(back.items[0]!.facts).toEqual(freshFactsOf(licensed));
    expect(back.items[0]!.facts).toMatchObject({ countries: ['DE', 'FR'], maturity: '16+', categories: ['noir', 'drama'], creatorId: 'c1' });
    // A republished record with new facts (same vector) is an update, not "unchanged".
    expect(set.apply({ ...licensed, maturity_rating: '18+' }, axis(1), T0 + 7000)).toBe('updated');
  });

  it('reads deltas without facts (written before they were carried), and refuses malformed facts', () => {
    const old = encodeFreshDelta({ space, indexedUntil: T0, builtAt: T0, items: [{ itemId: 'a', publishTime: T0, embeddedAt: T0, vector: axis(0)(item('a')) }] });
    expect(decodeFreshDelta(old).items[0]!.facts).toBeUndefined();
    const text = new TextDecoder().decode(old);
    const start = text.indexOf('{');
    const headerLength = new DataView(old.buffer).getUint32(4, true);
    const header = JSON.parse(text.slice(start, start + headerLength)) as Record<string, unknown>;
    const rebuilt = (h: Record<string, unknown>) => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const pad = (n: number) => (n + 3) & ~3;
      const body = old.subarray(pad(8 + headerLength));
      const out = new Uint8Array(pad(8 + json.length) + body.length);
      out.set(old.subarray(0, 4));
      new DataView(out.buffer).setUint32(4, json.length, true);
      out.set(json, 8);
      out.set(body, pad(8 + json.length));
      return out;
    };
    expect(decodeFreshDelta(rebuilt({ ...header, facts: [null] })).items[0]!.facts).toBeUndefined();
    expect(() => decodeFreshDelta(rebuilt({ ...header, facts: [{ creatorId: 7 }] }))).toThrow(/facts\[0\] \(a\) is not a facts record/);
    expect(() => decodeFreshDelta(rebuilt({ ...header, facts: [] }))).toThrow(/one entry per id/);
  });
});
