// Content features: a catalog item's metadata and text as a sparse hashed
// vector (the hashing trick), the input of the content projection that gives a
// brand-new item a position in the embedding space from day zero (R7).
//
// Nothing is learned or downloaded here: the same item always yields the same
// features, in the index builder and at the edge. Each group of features
// (categories, creator, title text, ...) is scaled to a fixed L2 norm so that a
// long description cannot drown the categories, and a group's weight says how
// much it counts. Changing anything here changes every content embedding:
// bump CONTENT_FEATURES_VERSION, which the projection codec records.
import type { CatalogItem } from '../events/catalog-item.js';
import { hash32 } from './feature-hash.js';

/** Version of the feature definition below; a projection trained on another version is refused. */
export const CONTENT_FEATURES_VERSION = 1;
/** 2^15 hashed features: few collisions for catalogs' vocabularies, a projection of at most 8 MB at D = 64. */
export const DEFAULT_FEATURE_BITS = 15;
export const MIN_FEATURE_BITS = 8;
export const MAX_FEATURE_BITS = 22;
/** Feature 0 is a constant 1 (the projection's intercept); hashed features use 1 .. 2^bits − 1. */
export const BIAS_FEATURE = 0;

/** Sparse vector: strictly increasing indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** What the features are made of: a catalog item's facts, or a partial profile (a cold user's onboarding choices). */
export interface ContentFacts {
  readonly categories?: readonly string[];
  readonly tags?: readonly string[];
  readonly creatorId?: string;
  readonly languages?: readonly string[];
  readonly contentType?: string;
  readonly durationMs?: number;
  readonly releaseYear?: number;
  readonly maturity?: string;
  readonly title?: string;
  readonly description?: string;
}

/** Group weights (each group is L2-normalised first). Categories and title carry most of the signal in practice. */
export const GROUP_WEIGHTS = {
  category: 1.0,
  tag: 0.6,
  creator: 1.0,
  language: 0.5,
  contentType: 0.5,
  duration: 0.4,
  releaseYear: 0.7,
  maturity: 0.4,
  titleWords: 0.8,
  titleChars: 0.5,
  descriptionWords: 0.6,
  descriptionChars: 0.3,
} as const;

/** Descriptions are cut here: the first paragraphs say what an item is, and the edge must stay fast. */
export const MAX_DESCRIPTION_CHARS = 2_000;

export function checkFeatureBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < MIN_FEATURE_BITS || bits > MAX_FEATURE_BITS) {
    throw new RangeError(`feature bits must be an integer in [${MIN_FEATURE_BITS}, ${MAX_FEATURE_BITS}], got ${bits}`);
  }
}

export function factsOfItem(item: CatalogItem): ContentFacts {
  return {
    categories: item.categories,
    tags: item.tags ?? [],
    creatorId: item.creator_id,
    languages: [item.language],
    contentType: item.content_type,
    durationMs: item.duration_ms,
    releaseYear: item.release_year,
    maturity: item.maturity_rating,
    title: item.title,
    description: item.description,
  };
}

/** The sparse feature vector of a catalog item. */
export function contentFeatures(item: CatalogItem, bits = DEFAULT_FEATURE_BITS): SparseVector {
  return featuresOfFacts(factsOfItem(item), bits);
}

/** Lower-case words of letters and digits (any script); punctuation separates words. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

type Group = Map<string, number>;

function add(group: Group, token: string): void {
  group.set(token, (group.get(token) ?? 0) + 1);
}

/** Word, bigram and character 3-gram tokens of a text, already carrying their field's prefix (T or D). */
function textGroups(text: string, prefix: string, words: Group, chars: Group): void {
  const tokens = wordsOf(text);
  const w = `${prefix}w:`;
  const b = `${prefix}b:`;
  const g = `${prefix}g:`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    add(words, w + token);
    if (i > 0) add(words, `${b}${tokens[i - 1]} ${token}`);
    // Character 3-grams of "#word#" match inflections and typos that whole words miss.
    const padded = `#${token}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(chars, g + padded.slice(j, j + 3));
  }
}

/** log2 buckets of minutes: 1–2 min, 2–4, ..., so a 22-minute episode and a 25-minute one share a bucket. */
function durationTokens(durationMs: number): string[] {
  const minutes = Math.max(durationMs / 60_000, 1 / 60);
  const fine = Math.floor(Math.log2(minutes));
  return [`d:${fine}`, `dd:${Math.floor(fine / 2)}`];
}

function yearTokens(year: number): string[] {
  return [`y5:${Math.floor(year / 5)}`, `y10:${Math.floor(year / 10)}`];
}

/**
 * Sums of signed, scaled features by index, in the order they are added (so
 * that every sum is the same float whatever the implementation's containers).
 * One per feature-space size, reused: a catalog build embeds a million items.
 */
class FeatureSums {
  private readonly sums: Float64Array;
  private readonly seen: Uint8Array;
  private touched = new Int32Array(256);
  private count = 0;

  constructor(size: number) {
    this.sums = new Float64Array(size);
    this.seen = new Uint8Array(size);
  }

  add(index: number, amount: number): void {
    if (this.seen[index] === 0) {
      this.seen[index] = 1;
      this.sums[index] = amount;
      if (this.count === this.touched.length) {
        const grown = new Int32Array(this.count * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.count++] = index;
    } else this.sums[index]! += amount;
  }

  /** Forgets every sum (after a failure part-way through an item). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.seen[this.touched[i]!] = 0;
    this.count = 0;
  }

  /** The sparse vector, and the sums cleared for the next item. */
  take(): SparseVector {
    const indices = this.touched.slice(0, this.count).sort();
    const values = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      values[i] = this.sums[index]!;
      this.seen[index] = 0;
    }
    this.count = 0;
    return { indices, values };
  }
}

const sumsBySize = new Map<number, FeatureSums>();

/** The sparse feature vector of any set of facts (absent facts add nothing). */
export function featuresOfFacts(facts: ContentFacts, bits = DEFAULT_FEATURE_BITS): SparseVector {
  checkFeatureBits(bits);
  const size = 2 ** bits;
  let sums = sumsBySize.get(size);
  if (!sums) sumsBySize.set(size, (sums = new FeatureSums(size)));
  try {
    return collect(facts, size, sums);
  } catch (e) {
    sums.clear();
    throw e;
  }
}

function collect(facts: ContentFacts, size: number, sums: FeatureSums): SparseVector {
  sums.add(BIAS_FEATURE, 1);
  const addGroup = (g: Group, weight: number): void => {
    if (g.size === 0) return;
    // Sub-linear term frequency, then the group scaled to L2 norm `weight`.
    let norm = 0;
    for (const tf of g.values()) norm += (1 + Math.log(tf)) ** 2;
    const scale = weight / Math.sqrt(norm);
    for (const [token, tf] of g) {
      const index = 1 + (hash32(token) % (size - 1));
      // A sign from an independent hash keeps collisions unbiased (they cancel in expectation).
      const sign = hash32(token, 0x9e3779b9) & 1 ? -1 : 1;
      sums.add(index, sign * scale * (1 + Math.log(tf)));
    }
  };
  const group = (weight: number, tokens: Iterable<string>): void => {
    const g: Group = new Map();
    for (const t of tokens) add(g, t);
    addGroup(g, weight);
  };
  const W = GROUP_WEIGHTS;
  group(W.category, (facts.categories ?? []).map((c) => `c:${c.toLowerCase()}`));
  group(W.tag, (facts.tags ?? []).map((t) => `t:${t.toLowerCase()}`));
  if (facts.creatorId !== undefined) group(W.creator, [`cr:${facts.creatorId}`]);
  group(W.language, (facts.languages ?? []).map((l) => `l:${l.toLowerCase()}`));
  if (facts.contentType !== undefined) group(W.contentType, [`ct:${facts.contentType}`]);
  if (facts.durationMs !== undefined && Number.isFinite(facts.durationMs) && facts.durationMs > 0) group(W.duration, durationTokens(facts.durationMs));
  if (facts.releaseYear !== undefined && Number.isFinite(facts.releaseYear)) group(W.releaseYear, yearTokens(facts.releaseYear));
  if (facts.maturity !== undefined) group(W.maturity, [`m:${facts.maturity}`]);
  for (const [text, wordWeight, charWeight, prefix] of [
    [facts.title ?? '', W.titleWords, W.titleChars, 'T'],
    [(facts.description ?? '').slice(0, MAX_DESCRIPTION_CHARS), W.descriptionWords, W.descriptionChars, 'D'],
  ] as const) {
    const words: Group = new Map();
    const chars: Group = new Map();
    // Title and description words live in distinct features: a word in a title says more.
    textGroups(text, prefix, words, chars);
    addGroup(words, wordWeight);
    addGroup(chars, charWeight);
  }
  return sums.take();
}
