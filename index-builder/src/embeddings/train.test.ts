import type { CatalogItem } from '@freshet/shared';
import { decodeProjection, embedContent, encodeProjection } from '@freshet/shared/embeddings/index';
import { describe, expect, it } from 'vitest';
import type { Interaction } from './interaction-matrix.js';
import { trainEmbeddings, type TrainProgress } from './train.js';

const item = (id: string, category: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: id,
  title: `${category === 'western' ? 'Dusty Trail' : 'Singing Stars'} ${id}`,
  categories: [category],
  content_type: 'VIDEO',
  creator_id: category,
  duration_ms: 90 * 60_000,
  language: 'en',
  publish_time: 0,
  maturity_rating: 'all',
  unlisted: false,
  description: '',
  ...over,
});

const catalog: CatalogItem[] = [
  ...Array.from({ length: 12 }, (_, i) => item(`w${i}`, 'western')),
  ...Array.from({ length: 12 }, (_, i) => item(`m${i}`, 'musical')),
  item('w-new', 'western'),
  item('m-new', 'musical'),
  item('w-gone', 'western', { unlisted: true }),
];

// 30 users per taste, each completing 8 of their taste's 12 items; two users also watch an unlisted one.
const interactions: Interaction[] = [];
for (let u = 0; u < 60; u++) {
  const taste = u < 30 ? 'w' : 'm';
  for (let k = 0; k < 8; k++) interactions.push({ userId: `u${u}`, itemId: `${taste}${(u + k) % 12}`, type: 'media_completed', time: k });
  if (u < 2) interactions.push({ userId: `u${u}`, itemId: 'w-gone', type: 'media_completed', time: 9 });
}

const options = { version: 'emb-test', dim: 8, iterations: 6, featureBits: 12 } as const;
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d]!, 0);

describe('trainEmbeddings', () => {
  const trained = trainEmbeddings(interactions, catalog, options);
  const vectorOf = (id: string) => {
    const row = trained.itemIds.indexOf(id);
    return trained.vectors.subarray(row * 8, row * 8 + 8);
  };

  it('outputs unit vectors for the listed catalog items only, sorted by id, in the named space', () => {
    expect(trained.space).toEqual({ version: 'emb-test', dim: 8 });
    expect(trained.itemIds).toEqual([...catalog.filter((i) => !i.unlisted).map((i) => i.item_id)].sort());
    for (let r = 0; r < trained.itemIds.length; r++) expect(Math.hypot(...trained.vectors.subarray(r * 8, r * 8 + 8))).toBeCloseTo(1, 5);
    expect(trained.stats).toMatchObject({ items: 26, contentOnlyItems: 2, itemsNotOutput: 1, users: 60 });
  });

  it('places brand-new items next to their kind by content alone', () => {
    expect(dot(vectorOf('w-new'), vectorOf('w3'))).toBeGreaterThan(dot(vectorOf('w-new'), vectorOf('m3')) + 0.3);
    expect(dot(vectorOf('m-new'), vectorOf('m3'))).toBeGreaterThan(dot(vectorOf('m-new'), vectorOf('w3')) + 0.3);
  });

  it('ships a projection that embeds new items as the builder did (through the codec)', () => {
    const shipped = decodeProjection(encodeProjection(trained.projection), { version: 'emb-test' });
    expect(Array.from(embedContent(shipped, catalog[24]!))).toEqual(Array.from(vectorOf('w-new')));
  });

  it('is deterministic and independent of event order; reports progress per stage', () => {
    const stages = new Set<TrainProgress['stage']>();
    const again = trainEmbeddings([...interactions].reverse(), [...catalog].reverse(), { ...options, onProgress: (p) => stages.add(p.stage) });
    expect(again.vectors).toEqual(trained.vectors);
    expect([...stages]).toEqual(['matrix', 'als', 'projection', 'vectors']);
  });

  it('refuses bad input with a TrainingInputError that says what is wrong', () => {
    const refuse = (run: () => unknown, message: RegExp) => expect(run).toThrow(expect.objectContaining({ name: 'TrainingInputError', message: expect.stringMatching(message) }) as Error);
    refuse(() => trainEmbeddings(interactions, [], options), /the catalog has no listed items/);
    refuse(() => trainEmbeddings(interactions, [item('x', 'western', { unlisted: true })], options), /no listed items/);
    refuse(() => trainEmbeddings([], catalog, options), /no interactions/);
    refuse(() => trainEmbeddings(interactions, catalog, { ...options, dim: 1 }), /dim must be an integer in \[3, 1024\], got 1/);
    refuse(() => trainEmbeddings(interactions, catalog, { ...options, version: '' }), /version must not be empty/);
    refuse(() => trainEmbeddings(interactions, catalog, { ...options, contentConfidence: 0 }), /contentConfidence must be in \(0, 1\], got 0/);
    refuse(() => trainEmbeddings(interactions, catalog, { ...options, minTargetUsers: 1000 }), /no catalog item has 1000 or more positive users/);
  });
});
