// The shapes the re-ranking layer (R14) reads and returns. It runs after the
// ranker on every request: ranked candidates plus the request's context in,
// the final ordered list plus a per-rule trace out.
import type { CatalogItem, MaturityRating } from '../events/catalog-item.js';
import type { ContentType } from '../events/primitives.js';
import { itemFactsOf, type ItemFacts } from '../catalog-table/item-table.js';

/**
 * What the rules need to know about an item. `ItemFacts` from the item table
 * fits as is; fresh items (not in the table yet) carry the same facts from
 * their catalog record (`factsOfCatalogItem`).
 */
export type RerankFacts = Pick<
  ItemFacts,
  'creatorId' | 'categories' | 'contentType' | 'maturity' | 'publishTime' | 'availableFrom' | 'availableUntil' | 'countries'
>;

/** Recent exposure of an item (e.g. over 24 h), for the exploration posterior. */
export interface ExplorationStats {
  readonly impressions: number;
  readonly clicks: number;
}

export interface RerankCandidate {
  readonly itemId: string;
  /** The combined ranking score (higher is better). */
  readonly score: number;
  /** Retrieval sources that produced the candidate (attribution, explanations). */
  readonly sources: readonly string[];
  /** null: nothing is known about the item (see the `unknownFacts` setting). */
  readonly facts: RerankFacts | null;
  /** Absent: no exposure yet, the prior alone. */
  readonly stats?: ExplorationStats;
}

/** An editorial pin: `itemId` at `position` (0-based) of the final list. */
export interface EditorialPin {
  readonly itemId: string;
  readonly position: number;
}

export type StringSet = ReadonlySet<string> | readonly string[];

export interface RerankContext {
  /** Request time, UTC epoch ms. */
  readonly now: number;
  /** Final list length wanted (≥ 1). */
  readonly limit: number;
  /** The user's country (ISO 3166-1 alpha-2); undefined: only unrestricted items pass. */
  readonly country?: string;
  /** Most mature rating the user may see; undefined: the config's `maturity.defaultCeiling`. */
  readonly maturityCeiling?: MaturityRating;
  /** Items the user completed: never recommended again. */
  readonly consumed?: StringSet;
  readonly disliked?: StringSet;
  /** Policy blocks for this request (added to the config's lists). */
  readonly blockedItems?: StringSet;
  readonly blockedCategories?: StringSet;
  readonly blockedCreators?: StringSet;
  readonly pins?: readonly EditorialPin[];
  /** Cold users get the larger exploration share (R16). */
  readonly isCold: boolean;
  /** The user's plays per content type (e.g. 28 d), for the discovery rule; absent: rule off. */
  readonly contentTypeCounts?: Readonly<Partial<Record<ContentType, number>>>;
  /** Uniform in [0, 1): e.g. `() => rng.next()` of a seeded `Rng` (workloads/synthetic/rng.ts). */
  readonly random: () => number;
  /** Milliseconds for the per-rule cost in the trace (e.g. `performance.now`); absent: costs are 0. */
  readonly clock?: () => number;
}

export interface RerankedItem {
  readonly itemId: string;
  /** The ranking score after the score rules (freshness boost). */
  readonly score: number;
  readonly sources: readonly string[];
  readonly position: number;
  /** An exploration pick; the propensity is the probability of this item being chosen for its slot. */
  readonly explore?: { readonly propensity: number };
  readonly pinned?: true;
}

export const RULE_NAMES = [
  'input',
  'unknown-facts',
  'availability',
  'licensing',
  'maturity',
  'policy',
  'consumed',
  'disliked',
  'freshness',
  'discovery',
  'pins',
  'exploration',
  'diversity',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** What one rule did. Ids are listed in the order the rule met them. */
export interface RuleTrace {
  readonly rule: RuleName;
  readonly removed: string[];
  readonly moved: string[];
  readonly inserted: string[];
  /** Rule-specific detail (dropped pins, diversity violations, exploration slots...). */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Cost measured with the context's clock. */
  durationMs: number;
}

export type PinDropReason = 'not-a-candidate' | `filtered:${RuleName}` | 'beyond-limit' | 'position-taken' | 'duplicate-item' | 'bad-position';

export interface DroppedPin {
  readonly itemId: string;
  readonly position: number;
  readonly reason: PinDropReason;
}

export interface DiversityViolation {
  readonly position: number;
  readonly itemId: string;
  readonly kind: 'creator' | 'category';
  /** Why the bound could not hold: no remaining candidate kept it, or fixed items (pins, exploration) formed the run. */
  readonly cause: 'no-alternative' | 'fixed';
}

export interface RerankResult {
  readonly items: RerankedItem[];
  readonly trace: {
    readonly rules: RuleTrace[];
    /** Candidates left after the hard filters. */
    readonly passed: number;
    readonly totalMs: number;
  };
}

/** The rule facts of a catalog record: for fresh items that the item table does not hold yet. */
export function factsOfCatalogItem(item: CatalogItem): RerankFacts {
  const { creatorId, categories, contentType, maturity, publishTime, availableFrom, availableUntil, countries } = itemFactsOf(item);
  return { creatorId, categories, contentType, maturity, publishTime, availableFrom, availableUntil, countries };
}
