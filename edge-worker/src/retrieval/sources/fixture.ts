// Test support: a small, real retrieval bundle built in the test (index, item
// table, similar lists, content projection, popular list) whose geometry is
// known — four categories, each a direction of the embedding space — plus a
// fresh delta and an item snapshot, so tests can say which items a user or a
// query must get. Not used by the worker.
import { DEFAULT_RETRIEVAL_CONFIG, type RetrievalConfig } from '@freshet/shared/candidates/config';
import { decodeItemTable, encodeItemTable } from '@freshet/shared/catalog-table/item-table';
import { featuresOfFacts, MIN_FEATURE_BITS, BIAS_FEATURE } from '@freshet/shared/embeddings/content-features';
import type { ContentProjection } from '@freshet/shared/embeddings/content-projection';
import { normalize, type EmbeddingSpace } from '@freshet/shared/embeddings/space';
import type { CatalogItem } from '@freshet/shared/events/catalog-item';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_COLUMNS, type ItemSnapshot, type SnapshotRow } from '@freshet/shared/features/item-snapshot';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import { encodeIndex } from '@freshet/shared/retrieval/index-codec';
import { flatIndexContent } from '@freshet/shared/retrieval/layout';
import { NO_NEIGHBOUR, type SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { loadIndex } from '../load.js';
import type { RetrievalBundle } from './bundle.js';
import type { RetrievalInput } from './types.js';

export const SPACE: EmbeddingSpace = { version: 'emb-fixture-1', dim: 16 };
export const CATEGORIES = ['drama', 'comedy', 'jazz', 'rock'] as const;
export const PER_CATEGORY = 25;
export const T0 = Date.UTC(2026, 10, 22, 12);
export const HOUR = 3600_000;
const SIMILAR_K = 6;

/** A deterministic generator for the fixture's noise (not a product RNG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Category k's direction: dims 3k and 3k+1 (the last dim stays the projection's slack). */
export function direction(category: string): Float32Array {
  const k = CATEGORIES.indexOf(category as (typeof CATEGORIES)[number]);
  const v = new Float32Array(SPACE.dim);
  v[3 * k] = Math.SQRT1_2;
  v[3 * k + 1] = Math.SQRT1_2;
  return v;
}

export const idOf = (category: string, i: number) => `${category}-${i}`;

function catalogItem(category: string, i: number): CatalogItem {
  return {
    item_id: idOf(category, i),
    title: `${category} ${i}`,
    categories: [category],
    content_type: category === 'jazz' || category === 'rock' ? 'AUDIO' : 'VIDEO',
    creator_id: `cr-${category}-${i % 3}`,
    duration_ms: 60_000 * (i + 1),
    language: 'en',
    publish_time: T0 - 30 * 24 * HOUR + i * HOUR,
    maturity_rating: '13+',
    unlisted: false,
    description: '',
  };
}

/** Similar lists from exact float dot products (the index builder uses HNSW; exact is fine at 100 items). */
function exactSimilar(vectors: Float32Array, count: number): SimilarLists {
  const rows = new Uint32Array(count * SIMILAR_K).fill(NO_NEIGHBOUR);
  const scores = new Float32Array(count * SIMILAR_K);
  for (let i = 0; i < count; i++) {
    const scored: [number, number][] = [];
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < SPACE.dim; d++) s += vectors[i * SPACE.dim + d]! * vectors[j * SPACE.dim + d]!;
      scored.push([j, s]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    scored.slice(0, SIMILAR_K).forEach(([j, s], n) => {
      rows[i * SIMILAR_K + n] = j;
      scores[i * SIMILAR_K + n] = s;
    });
  }
  return { count, k: SIMILAR_K, rows, scores };
}

/**
 * A projection that maps the onboarding choice "category c" onto c's direction:
 * one weight row per category feature (plus a zero bias row).
 */
export function categoryProjection(version = SPACE.version): ContentProjection {
  const width = SPACE.dim - 1;
  const rows = new Map<number, Float32Array>([[BIAS_FEATURE, new Float32Array(width)]]);
  for (const c of CATEGORIES) {
    const f = featuresOfFacts({ categories: [c] }, MIN_FEATURE_BITS);
    const k = [...f.indices].findIndex((index) => index !== BIAS_FEATURE);
    const index = f.indices[k]!;
    if (rows.has(index)) throw new Error(`fixture: category ${c} collides with another feature at ${MIN_FEATURE_BITS} bits`);
    rows.set(index, direction(c).subarray(0, width).map((x) => x / f.values[k]!));
  }
  const order = [...rows.keys()].sort((a, b) => a - b);
  const weights = new Float32Array(order.length * width);
  order.forEach((index, r) => weights.set(rows.get(index)!, r * width));
  return { version, dim: SPACE.dim, featureBits: MIN_FEATURE_BITS, featuresVersion: 1, confidence: 0.9, rows: Int32Array.from(order), weights };
}

export function buildBundle(): RetrievalBundle {
  const items: CatalogItem[] = [];
  const vectors = new Float32Array(CATEGORIES.length * PER_CATEGORY * SPACE.dim);
  const noise = lcg(7);
  for (const c of CATEGORIES) {
    for (let i = 0; i < PER_CATEGORY; i++) {
      const v = direction(c).slice();
      for (let d = 0; d < SPACE.dim - 1; d++) v[d] = v[d]! + 0.25 * noise();
      vectors.set(normalize(v), items.length * SPACE.dim);
      items.push(catalogItem(c, i));
    }
  }
  const ids = items.map((i) => i.item_id);
  return {
    index: loadIndex(encodeIndex(flatIndexContent(SPACE, ids, vectors))),
    items: decodeItemTable(encodeItemTable(items)),
    similar: exactSimilar(vectors, items.length),
    projection: categoryProjection(),
    popular: { as_of: T0, items: [{ item_id: 'drama-3', score: 12 }, { item_id: 'comedy-1', score: 6 }, { item_id: 'newest-unknown', score: 0 }] },
  };
}

/** One fresh jazz item, published after the index (not in its table). */
export function freshDelta(version = SPACE.version): FreshDelta {
  const vector = direction('jazz');
  return { space: { version, dim: SPACE.dim }, indexedUntil: T0 - HOUR, builtAt: T0, items: [{ itemId: 'jazz-fresh', publishTime: T0 - 10 * 60_000, embeddedAt: T0 - 9 * 60_000, vector }] };
}

/** A snapshot whose trending lists rank `global`, EU and EU.tv items by the given order. */
export function snapshotOf(trending: { global: readonly string[]; eu?: readonly string[]; euTv?: readonly string[] }): ItemSnapshot {
  const all = new Set([...trending.global, ...(trending.eu ?? []), ...(trending.euTv ?? [])]);
  const score = (list: readonly string[] | undefined, id: string) => (list && list.includes(id) ? list.length - list.indexOf(id) : 0);
  const rows: [string, SnapshotRow][] = [...all].map((id) => {
    const values = SNAPSHOT_COLUMNS.map(() => Number.NaN);
    values[SNAPSHOT_COLUMNS.length - 1] = score(trending.global, id);
    const byGeo: Record<string, number> = trending.eu?.includes(id) ? { EU: score(trending.eu, id) } : {};
    const byCohort: Record<string, number> = trending.euTv?.includes(id) ? { 'EU.tv': score(trending.euTv, id) } : {};
    return [id, { values, byGeo, byCohort }];
  });
  return decodeSnapshot(encodeSnapshot(rows, T0, T0));
}

/** A recent-items entry: `events` (signal weight) at `hoursAgo`, decayed like the feature. */
export const recentItem = (itemId: string, weight: number, hoursAgo: number) => ({
  item_id: itemId,
  score: Math.round(weight * Math.exp(-(hoursAgo * HOUR) / (3 * 24 * HOUR)) * 1e6) / 1e6,
  last_time: T0 - hoursAgo * HOUR,
});

export function inputFor(bundle: RetrievalBundle, over: Partial<RetrievalInput> & { config?: RetrievalConfig } = {}): RetrievalInput {
  return {
    bundle,
    user: {},
    snapshot: null,
    fresh: null,
    editorial: [],
    country: 'DE',
    device: 'tv',
    now: T0,
    config: DEFAULT_RETRIEVAL_CONFIG,
    ...over,
  };
}
