// Words for synthetic titles, descriptions and category names. Each category
// draws from its own slice of the vocabulary, so text carries real signal for
// content embeddings (similar categories → similar words). Real titles and
// descriptions are mostly made of words that few other items share (names,
// places, plot), so every item also draws from a long-tail vocabulary of
// generated words with Zipf frequencies: without it, every item of a category
// was a bag of the same dozen words, and items known by content alone got
// near-identical embeddings (the 1M-item build's recall gate could not tell
// thousands of them apart).
import type { Rng } from './rng.js';
import { createZipf, type ZipfSampler } from './zipf.js';

export const NAMED_CATEGORIES = [
  'drama', 'comedy', 'documentary', 'news', 'sport', 'kids', 'animation', 'thriller', 'romance', 'sci-fi',
  'true-crime', 'history', 'cooking', 'travel', 'music-pop', 'music-rock', 'music-jazz', 'music-classical',
  'hip-hop', 'electronic', 'podcast-tech', 'podcast-business', 'podcast-comedy', 'podcast-health', 'audiobook',
  'meditation', 'gaming', 'fitness', 'science', 'nature', 'fashion', 'finance', 'politics', 'horror', 'fantasy',
  'western', 'anime', 'reality', 'talk-show', 'education',
] as const;

export function categoryName(index: number): string {
  return NAMED_CATEGORIES[index] ?? `category-${index}`;
}

export const WORDS = [
  'night', 'river', 'city', 'shadow', 'summer', 'storm', 'heart', 'road', 'signal', 'garden', 'empire', 'echo',
  'island', 'machine', 'winter', 'fire', 'glass', 'silver', 'ocean', 'forest', 'story', 'secret', 'light', 'dream',
  'journey', 'kitchen', 'market', 'planet', 'studio', 'voice', 'stage', 'season', 'legend', 'orbit', 'harbor',
  'circuit', 'canvas', 'horizon', 'rhythm', 'pulse', 'atlas', 'frontier', 'mirror', 'compass', 'lantern', 'meadow',
  'tide', 'summit', 'engine', 'festival', 'chronicle', 'method', 'theory', 'league', 'match', 'recipe', 'trail',
  'verse', 'chorus', 'ledger', 'market', 'quantum', 'galaxy', 'detective', 'witness', 'verdict', 'harvest', 'sunrise',
] as const;

/** `count` words drawn from the category's slice of the vocabulary (deterministic given `pick`). */
export function wordsFor(category: number, count: number, pick: (n: number) => number): string[] {
  const slice = 12;
  const offset = (category * 7) % WORDS.length;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[(offset + pick(slice)) % WORDS.length]!);
  return out;
}

/** Syllables of the generated long-tail words. */
const SYLLABLES = [
  'ka', 'lo', 'mi', 'ren', 'tor', 'sa', 'vel', 'dun', 'shi', 'ar', 'bel', 'cor', 'da', 'el', 'fin', 'gar', 'ha', 'is',
  'jo', 'ku', 'lan', 'mor', 'nez', 'ob', 'pel', 'qui', 'ros', 'tan', 'ul', 'vor', 'wen', 'yas', 'zo', 'bri', 'cha', 'dre',
] as const;

/** Distinct long-tail words (ranks 0..LONG_TAIL_WORDS − 1). */
export const LONG_TAIL_WORDS = 20_000;
/** Word frequencies in text follow Zipf's law with an exponent near 1. */
export const LONG_TAIL_EXPONENT = 1.0;

/** The long-tail word of a rank: two syllables for the first 36², three after (rank 0 is the most frequent). */
export function longTailWord(rank: number): string {
  const n = SYLLABLES.length;
  if (rank < n * n) return SYLLABLES[Math.floor(rank / n)]! + SYLLABLES[rank % n]!;
  const r = rank - n * n;
  return SYLLABLES[Math.floor(r / (n * n)) % n]! + SYLLABLES[Math.floor(r / n) % n]! + SYLLABLES[r % n]!;
}

/** Draws item text: category words (the signal) mixed with long-tail words (what makes each item's text its own). */
export interface TextSampler {
  /** `count` words; each is a category word with probability `categoryShare`, else a long-tail word. */
  words(category: number, count: number, categoryShare: number, rng: Rng): string[];
}

export function createTextSampler(): TextSampler {
  const zipf: ZipfSampler = createZipf(LONG_TAIL_WORDS, LONG_TAIL_EXPONENT);
  return {
    words(category, count, categoryShare, rng) {
      const pick = (n: number) => rng.int(n);
      const out: string[] = [];
      for (let i = 0; i < count; i++) out.push(rng.chance(categoryShare) ? wordsFor(category, 1, pick)[0]! : longTailWord(zipf.sample(rng)));
      return out;
    },
  };
}
