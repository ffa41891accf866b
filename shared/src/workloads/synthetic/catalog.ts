// The synthetic catalog. Item i is generated from (seed, i) alone, so a
// catalog of any size streams in O(1) memory and any item can be looked up by
// index. Index order is popularity order: item 0 is the most popular.
import type { CatalogItem, MaturityRating } from '../../events/catalog-item.js';
import type { ContentType } from '../../events/primitives.js';
import { MIN_TIME_MS } from '../../events/primitives.js';
import type { SyntheticConfig } from './config.js';
import { Rng, seedOf } from './rng.js';
import { categoryName, createTextSampler, wordsFor, type TextSampler } from './vocabulary.js';
import { createZipf, type ZipfSampler } from './zipf.js';

const DAY_MS = 24 * 3600 * 1000;

const AUDIO_LEANING = /^(music-|podcast-|audiobook|meditation|hip-hop|electronic)/;

export const itemIdOf = (index: number) => `syn-i${index}`;
export const creatorIdOf = (index: number) => `syn-c${index}`;

/** Per-config lookups that are costly to rebuild for every item. */
export interface CatalogModel {
  readonly config: SyntheticConfig;
  readonly seed: number;
  readonly categoriesOf: Readonly<Record<ContentType, readonly number[]>>;
  readonly categoryZipf: Readonly<Record<ContentType, ZipfSampler>>;
  readonly creatorZipf: ZipfSampler;
  readonly text: TextSampler;
  /** Memo of itemCategories: popular items are looked up again and again. Bounded. */
  readonly classCache: Map<number, ItemClass>;
}

export interface ItemClass {
  readonly contentType: ContentType;
  readonly categories: readonly number[];
}

const CLASS_CACHE_LIMIT = 200_000;

export function createCatalogModel(config: SyntheticConfig): CatalogModel {
  const all = Array.from({ length: config.categories }, (_, c) => c);
  const audio = all.filter((c) => AUDIO_LEANING.test(categoryName(c)) || (c >= 40 && c % 4 === 0));
  const video = all.filter((c) => !audio.includes(c));
  // Tiny configs may leave one side empty; then both types share every category.
  const categoriesOf = { AUDIO: audio.length > 0 ? audio : all, VIDEO: video.length > 0 ? video : all };
  return {
    config,
    seed: seedOf(config.seed),
    categoriesOf,
    categoryZipf: {
      AUDIO: createZipf(categoriesOf.AUDIO.length, 0.8),
      VIDEO: createZipf(categoriesOf.VIDEO.length, 0.8),
    },
    creatorZipf: createZipf(config.creators, 0.9),
    text: createTextSampler(),
    classCache: new Map(),
  };
}

const LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 55], ['es', 12], ['pt-BR', 8], ['de', 6], ['fr', 6], ['ja', 5], ['hi', 5], ['und', 3],
];
const MATURITY: readonly (readonly [MaturityRating, number])[] = [
  ['all', 60], ['7+', 10], ['13+', 15], ['16+', 8], ['18+', 5], ['unrated', 2],
];
const COUNTRIES = ['US', 'IN', 'BR', 'DE', 'GB', 'FR', 'JP', 'MX', 'NG', 'ES', 'CA', 'AU'] as const;

const capitalise = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/** The item's category indices (primary first); used by the behaviour model too. */
export function itemCategories(model: CatalogModel, index: number): ItemClass {
  const cached = model.classCache.get(index);
  if (cached) return cached;
  if (model.classCache.size >= CLASS_CACHE_LIMIT) model.classCache.clear();
  const rng = Rng.for(model.seed, 'item-class', index);
  const contentType: ContentType = rng.chance(model.config.audioShare) ? 'AUDIO' : 'VIDEO';
  const pool = model.categoriesOf[contentType];
  const primary = pool[model.categoryZipf[contentType].sample(rng)]!;
  const categories = [primary];
  if (rng.chance(0.35)) {
    const secondary = pool[model.categoryZipf[contentType].sample(rng)]!;
    if (secondary !== primary) categories.push(secondary);
  }
  const itemClass = { contentType, categories };
  model.classCache.set(index, itemClass);
  return itemClass;
}

export function syntheticItem(model: CatalogModel, index: number): CatalogItem {
  const { config } = model;
  const rng = Rng.for(model.seed, 'item', index);
  // Text draws come from their own stream: how much text an item has does not shift its other facts.
  const textRng = Rng.for(model.seed, 'item-text', index);
  const { contentType, categories } = itemCategories(model, index);
  const primary = categories[0]!;
  const pick = (n: number) => rng.int(n);
  const duration =
    contentType === 'VIDEO'
      ? Math.min(4 * 3600e3, Math.max(20e3, rng.logNormal(9 * 60e3, 0.9)))
      : Math.min(3 * 3600e3, Math.max(30e3, rng.logNormal(5 * 60e3, 1.0)));
  const publish = Math.max(MIN_TIME_MS, config.startTimeMs - Math.round(rng.exponential(180 * DAY_MS)));

  const item: CatalogItem = {
    item_id: itemIdOf(index),
    // Titles: mostly the item's own words, one in three from its category; descriptions: a third category words.
    title: model.text.words(primary, rng.between(2, 4), 0.3, textRng).map(capitalise).join(' '),
    categories: categories.map(categoryName),
    content_type: contentType,
    creator_id: creatorIdOf(model.creatorZipf.sample(rng)),
    duration_ms: Math.round(duration),
    language: rng.weighted(LANGUAGES),
    publish_time: publish,
    maturity_rating: rng.weighted(MATURITY),
    unlisted: rng.chance(0.005),
    description: model.text.words(primary, rng.between(12, 30), 0.35, textRng).join(' '),
    updated_at: publish,
  };
  const tagCount = rng.int(4);
  if (tagCount > 0) item.tags = [...new Set(wordsFor(primary, tagCount, pick))];
  const window = rng.next();
  if (window < 0.03) item.available_until = config.startTimeMs + rng.between(1, 30) * DAY_MS;
  else if (window < 0.05) item.available_from = config.startTimeMs + rng.between(0, 7) * DAY_MS;
  if (rng.chance(0.05)) item.available_countries = [...new Set([rng.pick(COUNTRIES), rng.pick(COUNTRIES)])];
  return item;
}

/** Every item, in index order, one at a time. */
export function* syntheticCatalog(model: CatalogModel): Generator<CatalogItem> {
  for (let i = 0; i < model.config.items; i++) yield syntheticItem(model, i);
}
