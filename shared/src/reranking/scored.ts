// A candidate on its way through the rules: its (adjusted) score and its
// place in the input, which breaks score ties so the order is deterministic.
import type { RerankCandidate } from './types.js';

export interface Scored {
  readonly candidate: RerankCandidate;
  score: number;
  /** Index in the input list. */
  readonly order: number;
}

/** Best first; equal scores keep their input order. */
export const byScore = (a: Scored, b: Scored): number => b.score - a.score || a.order - b.order;

export const creatorOf = (s: Scored): string | undefined => s.candidate.facts?.creatorId;
/** The first category is the item's primary one. */
export const primaryCategoryOf = (s: Scored): string | undefined => s.candidate.facts?.categories[0];
