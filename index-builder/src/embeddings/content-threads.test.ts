import type { CatalogItem } from '@freshet/shared';
import { embedContent, type ContentProjection } from '@freshet/shared/embeddings/content-projection';
import { Rng } from '@freshet/shared/synthetic';
import { describe, expect, it } from 'vitest';
import { contentThreadCount, embedContentBatch, MIN_ITEMS_FOR_THREADS } from './content-threads.js';

const bits = 10;
const dim = 8;
const rng = Rng.for(4, 'content-threads');
const rows = Int32Array.from({ length: 2 ** bits }, (_, i) => i).filter((i) => i % 3 !== 1);
const projection: ContentProjection = {
  version: 'emb-test',
  dim,
  featureBits: bits,
  featuresVersion: 1,
  confidence: 0.5,
  rows,
  weights: Float32Array.from({ length: rows.length * (dim - 1) }, () => rng.normal()),
};
const words = ['jazz', 'night', 'blue', 'train', 'river', 'hotel', 'grand', 'city'];
const items: CatalogItem[] = Array.from({ length: 3001 }, (_, i) => ({
  item_id: `i${i}`,
  title: `${rng.pick(words)} ${rng.pick(words)}`,
  description: Array.from({ length: 10 }, () => rng.pick(words)).join(' '),
  categories: [rng.pick(['drama', 'comedy', 'music'])],
  content_type: 'VIDEO',
  creator_id: `c${i % 17}`,
  duration_ms: 60_000 * (1 + (i % 90)),
  language: 'en',
  publish_time: 1_700_000_000_000,
  release_year: 1990 + (i % 30),
  maturity_rating: '13+',
  unlisted: false,
}));

describe('content embeddings on worker threads', () => {
  it('gives, on 1, 2 and 3 threads, bit for bit the vectors of embedding each item alone, in item order', () => {
    const single = new Float32Array(items.length * dim);
    items.forEach((item, i) => single.set(embedContent(projection, item), i * dim));
    for (const threads of [1, 2, 3]) {
      const batch = embedContentBatch(projection, items, threads);
      expect(Buffer.from(batch.buffer, 0, batch.byteLength).equals(Buffer.from(single.buffer))).toBe(true);
    }
  });

  it('embeds nothing for no items, and keeps small batches on one thread', () => {
    expect(embedContentBatch(projection, [], 2)).toHaveLength(0);
    expect(contentThreadCount(MIN_ITEMS_FOR_THREADS - 1)).toBe(1);
    expect(contentThreadCount(10, 2)).toBe(2);
  });
});
