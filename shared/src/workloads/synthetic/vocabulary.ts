// Words for synthetic titles, descriptions and category names. Each category
// draws from its own slice of the vocabulary, so text carries real signal for
// content embeddings (similar categories → similar words).

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
