// The hard filters: rules that remove candidates outright (availability,
// licensing, maturity, policy, consumed, disliked). They run before every
// rule that places items (pins, exploration, diversity), so nothing they
// remove can come back. Each is one linear pass, so its cost shows apart.
import { MATURITY_RATINGS, type MaturityRating } from '../events/catalog-item.js';
import type { RerankConfig } from './config.js';
import type { RerankCandidate, RerankContext, RerankFacts, RuleName, StringSet } from './types.js';

export interface FilterEnv {
  readonly now: number;
  readonly country: string | undefined;
  /** Index in MATURITY_RATINGS of the most mature rating allowed; Infinity: no limit. */
  readonly ceilingRank: number;
  readonly unratedRank: number;
  readonly keepUnknownFacts: boolean;
  readonly blockedItems: ReadonlySet<string>;
  readonly blockedCategories: ReadonlySet<string>;
  readonly blockedCreators: ReadonlySet<string>;
  readonly consumed: ReadonlySet<string>;
  readonly disliked: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();
const toSet = (s: StringSet | undefined): ReadonlySet<string> => (s === undefined ? EMPTY : s instanceof Set ? s : new Set(s as readonly string[]));
const union = (a: readonly string[], b: StringSet | undefined): ReadonlySet<string> => {
  if (a.length === 0) return toSet(b);
  const out = new Set(a);
  if (b !== undefined) for (const x of b) out.add(x);
  return out;
};
const rank = (m: MaturityRating) => MATURITY_RATINGS.indexOf(m);

export function filterEnvOf(context: RerankContext, config: RerankConfig): FilterEnv {
  const ceiling = context.maturityCeiling ?? config.maturity.defaultCeiling;
  return {
    now: context.now,
    country: context.country,
    ceilingRank: ceiling === null ? Infinity : rank(ceiling),
    unratedRank: rank(config.maturity.unratedAs),
    keepUnknownFacts: config.unknownFacts === 'keep',
    blockedItems: union(config.policy.blockedItems, context.blockedItems),
    blockedCategories: union(config.policy.blockedCategories, context.blockedCategories),
    blockedCreators: union(config.policy.blockedCreators, context.blockedCreators),
    consumed: toSet(context.consumed),
    disliked: toSet(context.disliked),
  };
}

type FactTest = (facts: RerankFacts, env: FilterEnv) => boolean;

/** Shown only inside its window [availableFrom, availableUntil) and once published. */
const available: FactTest = (f, env) =>
  f.publishTime <= env.now && (f.availableFrom === null || f.availableFrom <= env.now) && (f.availableUntil === null || env.now < f.availableUntil);

/** A country list means "only there"; without a known user country only unrestricted items pass. */
const licensed: FactTest = (f, env) => f.countries === null || (env.country !== undefined && f.countries.includes(env.country));

const matureEnough: FactTest = (f, env) => {
  if (env.ceilingRank === Infinity) return true;
  const r = f.maturity === 'unrated' ? env.unratedRank : rank(f.maturity);
  return r <= env.ceilingRank;
};

const allowedByPolicy: FactTest = (f, env) => {
  if (env.blockedCreators.has(f.creatorId)) return false;
  if (env.blockedCategories.size > 0) for (const c of f.categories) if (env.blockedCategories.has(c)) return false;
  return true;
};

export interface HardFilter {
  readonly rule: RuleName;
  keep(candidate: RerankCandidate, env: FilterEnv): boolean;
}

/** A rule on facts: candidates without facts reach it only with unknownFacts = 'keep', and then pass it. */
const onFacts = (rule: RuleName, test: FactTest): HardFilter => ({ rule, keep: (c, env) => c.facts === null || test(c.facts, env) });

/** The hard filters, in the order they run. */
export const HARD_FILTERS: readonly HardFilter[] = [
  { rule: 'unknown-facts', keep: (c, env) => c.facts !== null || env.keepUnknownFacts },
  onFacts('availability', available),
  onFacts('licensing', licensed),
  onFacts('maturity', matureEnough),
  { rule: 'policy', keep: (c, env) => !env.blockedItems.has(c.itemId) && (c.facts === null || allowedByPolicy(c.facts, env)) },
  { rule: 'consumed', keep: (c, env) => !env.consumed.has(c.itemId) },
  { rule: 'disliked', keep: (c, env) => !env.disliked.has(c.itemId) },
];
