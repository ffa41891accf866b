// The re-ranking layer (R14): business rules applied after the ranker, in a
// fixed order (docs/reranking.md):
//   input → hard filters (unknown facts, availability, licensing, maturity,
//   policy, consumed, disliked) → freshness boost (and the sort) → content-type
//   discovery → editorial pins → exploration slots → diversity (fills the rest).
// Everything that removes runs before everything that places, so a removed
// item can never come back through a pin or an exploration slot.
import { DEFAULT_RERANK_CONFIG, type RerankConfig } from './config.js';
import { promoteDiscovery } from './discovery.js';
import { diversityViolations, fillWithDiversity } from './diversity.js';
import { choosePositions, explorationSlotCount, thompsonPicks } from './exploration.js';
import { HARD_FILTERS, filterEnvOf } from './hard-filters.js';
import { placePins } from './pins.js';
import { byScore, type Scored } from './scored.js';
import type { RerankCandidate, RerankContext, RerankedItem, RerankResult, RuleName, RuleTrace } from './types.js';

const HOUR_MS = 3_600_000;

export function rerank(candidates: readonly RerankCandidate[], context: RerankContext, config: RerankConfig = DEFAULT_RERANK_CONFIG): RerankResult {
  if (!Number.isInteger(context.limit) || context.limit < 1) throw new RangeError(`rerank: limit must be a positive integer (got ${context.limit})`);
  if (!Number.isFinite(context.now)) throw new RangeError(`rerank: now must be a finite epoch-ms time (got ${context.now})`);
  const clock = context.clock ?? (() => 0);
  const started = clock();
  const rules: RuleTrace[] = [];
  const rule = (name: RuleName, since: number, changes: Partial<Omit<RuleTrace, 'rule' | 'durationMs'>> = {}): void => {
    rules.push({ rule: name, removed: [], moved: [], inserted: [], ...changes, durationMs: clock() - since });
  };

  /** Which rule removed an item: a pin on it is reported with that reason. */
  const filteredBy = new Map<string, RuleName>();

  // Input: one entry per item (the first, i.e. best-ranked, wins) and a usable score.
  let t = clock();
  let list: Scored[] = [];
  const seen = new Set<string>();
  const badInput: string[] = [];
  let duplicates = 0;
  let badScores = 0;
  candidates.forEach((candidate, order) => {
    if (seen.has(candidate.itemId)) { duplicates++; badInput.push(candidate.itemId); return; }
    seen.add(candidate.itemId);
    if (!Number.isFinite(candidate.score)) { badScores++; badInput.push(candidate.itemId); filteredBy.set(candidate.itemId, 'input'); return; }
    list.push({ candidate, score: candidate.score, order });
  });
  rule('input', t, { removed: badInput, detail: { duplicates, badScores } });

  // Hard filters.
  const env = filterEnvOf(context, config);
  for (const filter of HARD_FILTERS) {
    t = clock();
    const kept: Scored[] = [];
    const removed: string[] = [];
    for (const s of list) {
      if (filter.keep(s.candidate, env)) kept.push(s);
      else {
        removed.push(s.candidate.itemId);
        filteredBy.set(s.candidate.itemId, filter.rule);
      }
    }
    list = kept;
    rule(filter.rule, t, { removed });
  }
  const passed = list.length;

  // Freshness boost, then the one sort by score.
  t = clock();
  const { weight, halfLifeHours } = config.freshness;
  if (weight > 0) {
    const halfLifeMs = halfLifeHours * HOUR_MS;
    for (const s of list) {
      const published = s.candidate.facts?.publishTime;
      if (published !== undefined) s.score += weight * Math.pow(2, -Math.max(0, context.now - published) / halfLifeMs);
    }
  }
  const before = new Map(list.map((s, i) => [s, i]));
  list.sort(byScore);
  rule('freshness', t, { moved: list.filter((s, i) => i < before.get(s)!).map((s) => s.candidate.itemId) });

  const length = Math.min(context.limit, list.length);

  t = clock();
  const discovery = promoteDiscovery(list, context.contentTypeCounts, config.discovery, length);
  list = discovery.ranked;
  rule('discovery', t, { moved: discovery.promoted, detail: discovery.detail });

  // Pins.
  t = clock();
  const slots = new Array<Scored | undefined>(length).fill(undefined);
  const fixed = new Array<boolean>(length + 1).fill(false);
  const pins = placePins(context.pins ?? [], slots, fixed, new Map(list.map((s) => [s.candidate.itemId, s])), filteredBy, context.limit);
  rule('pins', t, { inserted: [...pins.pinned].map((s) => s.candidate.itemId), detail: { dropped: pins.dropped, shifted: pins.shifted } });

  // Exploration: picks from the candidates just below those that would be shown.
  t = clock();
  let ordinary = pins.pinned.size > 0 ? list.filter((s) => !pins.pinned.has(s)) : list;
  const explored = new Map<Scored, number>();
  const explore = config.exploration;
  const share = context.isCold ? explore.coldShare : explore.warmShare;
  let explorationDetail: Record<string, unknown> = { enabled: explore.enabled };
  if (explore.enabled && length > 0) {
    const shown = length - pins.pinned.size;
    const pool = ordinary.slice(shown, shown + explore.poolSize);
    const free: number[] = [];
    for (let p = explore.minPosition; p < length; p++) if (!fixed[p]) free.push(p);
    const slotCount = Math.min(explorationSlotCount(share, length, context.random), pool.length, free.length);
    const picks = thompsonPicks(pool.map((s) => s.candidate.stats), { slots: slotCount, priorAlpha: explore.priorAlpha, priorBeta: explore.priorBeta, samples: explore.propensitySamples }, context.random);
    const positions = choosePositions(free, picks.length, context.random);
    picks.forEach((pick, j) => {
      const s = pool[pick.index]!;
      slots[positions[j]!] = s;
      fixed[positions[j]!] = true;
      explored.set(s, pick.propensity);
    });
    if (explored.size > 0) ordinary = ordinary.filter((s) => !explored.has(s));
    explorationDetail = {
      enabled: true, share, slots: picks.length, pool: pool.length,
      picks: picks.map((pick, j) => ({ itemId: pool[pick.index]!.candidate.itemId, position: positions[j], propensity: pick.propensity })),
    };
  }
  rule('exploration', t, { inserted: [...explored.keys()].map((s) => s.candidate.itemId), detail: explorationDetail });

  // Diversity fills every position still free.
  t = clock();
  const limits = { creator: config.diversity.maxConsecutiveCreator, category: config.diversity.maxConsecutiveCategory };
  const fill = fillWithDiversity(slots, fixed, ordinary, limits);
  const final = slots as Scored[];
  rule('diversity', t, { moved: fill.moved, detail: { violations: diversityViolations(final, limits, fill.forced) } });

  const items: RerankedItem[] = final.map((s, position) => {
    const propensity = explored.get(s);
    return {
      itemId: s.candidate.itemId,
      score: s.score,
      sources: s.candidate.sources,
      position,
      ...(propensity !== undefined && { explore: { propensity } }),
      ...(pins.pinned.has(s) && { pinned: true as const }),
    };
  });
  return { items, trace: { rules, passed, totalMs: clock() - started } };
}
