// The retrieval sources of the first serving stage (R13), by name. A name is
// what a candidate's attribution lists, what the per-source quotas and the
// debug counts are keyed by, and what the interleaving's priority order is
// written in. The order of SOURCES is the default priority: when two sources
// are due at the same moment of the interleaving, the earlier one goes first.

export const SOURCES = [
  /** Pins from config: business decisions come first. */
  'editorial',
  /** Recent items started but not completed (continue-watching.ts). */
  'continue',
  /** ANN over the user's query vector (pooled from their recent items). */
  'ann',
  /** Neighbours of the user's top recent items ("because you watched X"). */
  'similar',
  /** Items liked by the same users as the user's recent items: co-visitation lists, scores summed over the items (item-kNN). */
  'co_visitation',
  /** Content-based: the content projection of onboarding choices or category affinity (cold users). */
  'content',
  /** Items published after the index was built, searched with the same query vector (R12). */
  'fresh',
  /** Trending in the request's cohort (geo × device class). */
  'trending_cohort',
  /** Trending in the request's geography. */
  'trending_geo',
  /** Trending everywhere. */
  'trending',
  /** The bundle's popular list (fallback.json): needs nothing but the bundle. */
  'popular',
] as const;

export type SourceName = (typeof SOURCES)[number];

export const isSourceName = (value: unknown): value is SourceName => typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
