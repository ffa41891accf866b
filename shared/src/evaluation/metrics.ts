// Ranking metrics of the offline evaluation (docs/quality.md defines each),
// computed on one ranked list against one set of relevant items, with binary
// relevance and full-catalog ranking: the list is whatever the recommender
// returned from the whole catalog, never a re-ranking of sampled negatives.
// Pure and allocation-light: the replay calls these thousands of times.

export class MetricInputError extends Error {
  override readonly name = 'MetricInputError';
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new MetricInputError(`k must be a positive integer (got ${k})`);
}

/** Hits in the first k positions (a repeated id counts once). */
function hitsAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i]!;
    if (relevant.has(id) && !seen.has(id)) hits++;
    seen.add(id);
  }
  return hits;
}

/**
 * Recall@k, truncated: hits in the top k over min(k, |relevant|), so a perfect list scores 1 even
 * when more than k items are relevant. 0 when nothing is relevant (such lists are not scored at all).
 */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  checkK(k);
  if (relevant.size === 0) return 0;
  return hitsAt(ranked, relevant, k) / Math.min(k, relevant.size);
}

/** HitRate@k: 1 when at least one relevant item is in the top k, else 0. */
export function hitRateAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  checkK(k);
  return hitsAt(ranked, relevant, k) > 0 ? 1 : 0;
}

/**
 * NDCG@k with binary gains: Σ_{hit at rank r ≤ k} 1/log2(r + 1) over the ideal DCG, which puts
 * min(k, |relevant|) hits first. A repeated id gains only at its first position.
 */
export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  checkK(k);
  if (relevant.size === 0) return 0;
  let dcg = 0;
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i]!;
    if (relevant.has(id) && !seen.has(id)) dcg += 1 / Math.log2(i + 2);
    seen.add(id);
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** Reciprocal rank of the first relevant item within the first k positions; 0 when none is there. */
export function reciprocalRankAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  checkK(k);
  for (let i = 0; i < Math.min(k, ranked.length); i++) if (relevant.has(ranked[i]!)) return 1 / (i + 1);
  return 0;
}

/**
 * Novelty of a list: the mean self-information −log2 p(i) of its first k items, where
 * p(i) = (users who interacted with i in training + 1) / (training users + 1). Rarer items are
 * more novel; an item nobody touched in training has the highest novelty, log2(users + 1).
 */
export function noveltyAt(ranked: readonly string[], k: number, usersOf: (itemId: string) => number, trainingUsers: number): number {
  checkK(k);
  if (!Number.isInteger(trainingUsers) || trainingUsers < 0) throw new MetricInputError(`trainingUsers must be a non-negative integer (got ${trainingUsers})`);
  const n = Math.min(k, ranked.length);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const users = usersOf(ranked[i]!);
    if (!(users >= 0 && users <= trainingUsers)) throw new MetricInputError(`${ranked[i]} has ${users} training users, outside 0..${trainingUsers}`);
    sum += -Math.log2((users + 1) / (trainingUsers + 1));
  }
  return sum / n;
}

/** Catalog coverage: the share of the catalog that appears in at least one list's first k items. */
export class CoverageCounter {
  private readonly seen = new Set<string>();
  constructor(
    private readonly catalogSize: number,
    private readonly k: number,
  ) {
    checkK(k);
    if (!Number.isInteger(catalogSize) || catalogSize < 1) throw new MetricInputError(`catalogSize must be a positive integer (got ${catalogSize})`);
  }

  add(ranked: readonly string[]): void {
    for (let i = 0; i < Math.min(this.k, ranked.length); i++) this.seen.add(ranked[i]!);
  }

  get value(): number {
    return Math.min(1, this.seen.size / this.catalogSize);
  }
}

/** The per-list metrics the replay records, by name. */
export interface ListMetrics {
  readonly recall_at_20: number;
  readonly ndcg_at_10: number;
  readonly hit_rate_at_10: number;
  readonly mrr: number;
  readonly novelty_at_10: number;
}

export const LIST_METRICS = ['recall_at_20', 'ndcg_at_10', 'hit_rate_at_10', 'mrr', 'novelty_at_10'] as const satisfies readonly (keyof ListMetrics)[];

/** The cut-off of MRR: the longest list the serving path returns (max_limit). */
export const MRR_CUTOFF = 100;

export function listMetrics(ranked: readonly string[], relevant: ReadonlySet<string>, usersOf: (itemId: string) => number, trainingUsers: number): ListMetrics {
  return {
    recall_at_20: recallAt(ranked, relevant, 20),
    ndcg_at_10: ndcgAt(ranked, relevant, 10),
    hit_rate_at_10: hitRateAt(ranked, relevant, 10),
    mrr: reciprocalRankAt(ranked, relevant, MRR_CUTOFF),
    novelty_at_10: noveltyAt(ranked, 10, usersOf, trainingUsers),
  };
}
