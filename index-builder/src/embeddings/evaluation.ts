// Offline quality of trained embeddings, as the edge would use them.
//
// Warm: train on a time-based hold-out; each test user's query is pooled
// (userQueryVector) from the real `user_recent_items` feature computed at
// their last training event, exactly as the stream job would have stored it.
// Items are ranked by dot product, the user's training items excluded; the
// relevant items are held-out items with net signal ≥ `relevantMinScore`
// (completed or stronger). Baseline: popularity (positive users in training).
// Users whose query is null fall back to popularity, as the edge would.
//
// Cold: a share of items loses all its events before training, so those
// items get content-only vectors; each user is ranked the cold items only, by
// their pooled query. Baseline: a random order (expected recall@k = k / n).
import {
  LOGGED_TYPES, SIGNALS, userLog, userRecentItems, type CatalogItem, type EntityState, type LogEntry, type RecentItem,
} from '@freshet/shared';
import { userQueryVector, type ItemVectors, type PoolingOptions, type QueryVector } from '@freshet/shared/embeddings/index';
import { coldItemSplit, groupByUser, warmSplit } from './hold-out.js';
import type { Interaction } from './interaction-matrix.js';
import { ndcgAt, recallAt, topK } from './ranking-metrics.js';
import { trainEmbeddings, type TrainedEmbeddings, type TrainOptions } from './train.js';

export interface EvaluationOptions {
  readonly heldOutPerUser?: number;
  readonly coldItemShare?: number;
  readonly relevantMinScore?: number;
  readonly seed?: number;
  readonly train?: Omit<TrainOptions, 'version' | 'keepUserFactors'>;
  readonly pooling?: PoolingOptions;
  /** Extra negative weights to report pooling figures for. */
  readonly negativeWeights?: readonly number[];
  readonly onStage?: (stage: string) => void;
}

export interface RankingFigures {
  readonly recallAt10: number;
  readonly recallAt100: number;
  readonly ndcgAt10: number;
}

export interface WarmReport {
  readonly users: number;
  /** Share of test users whose recent items gave a query (the rest fell back to popularity). */
  readonly queryCoverage: number;
  readonly pooled: RankingFigures;
  readonly popularity: RankingFigures;
  /** Reference only: the ALS user factor (the edge does not have it). */
  readonly alsUserFactor: RankingFigures;
  readonly pooledByNegativeWeight: Readonly<Record<string, RankingFigures>>;
  readonly trainMillis: number;
}

export interface ColdReport {
  readonly coldItems: number;
  readonly users: number;
  readonly queryCoverage: number;
  readonly content: { readonly recallAt10: number; readonly ndcgAt10: number };
  readonly random: { readonly recallAt10: number; readonly ndcgAt10: number };
  readonly trainMillis: number;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The user's `user_recent_items` value at time t, computed by the feature definition itself. */
export function recentItemsAt(events: readonly Interaction[], t: number): RecentItem[] {
  const entries: LogEntry[] = events
    .filter((e) => e.time <= t && LOGGED_TYPES.has(e.type))
    .sort((a, b) => a.time - b.time)
    .slice(-userLog.cap)
    .map((e, i) => ({ time: e.time, type: e.type, itemId: e.itemId, eventHash: String(i) }));
  const state: EntityState = { counter: () => new Map(), log: () => entries, history: () => [], catalog: null };
  return userRecentItems.value(state, t);
}

export function itemVectorsOf(trained: TrainedEmbeddings): ItemVectors & { readonly rowOf: Map<string, number> } {
  const { dim } = trained.space;
  const rowOf = new Map(trained.itemIds.map((id, i) => [id, i]));
  return {
    space: trained.space,
    rowOf,
    vectorOf: (itemId) => {
      const row = rowOf.get(itemId);
      return row === undefined ? undefined : trained.vectors.subarray(row * dim, (row + 1) * dim);
    },
  };
}

function scoresFor(values: Float32Array, trained: TrainedEmbeddings, rows?: readonly number[]): Float64Array {
  const { dim } = trained.space;
  const v = trained.vectors;
  const ids = rows ?? null;
  const n = ids ? ids.length : trained.itemIds.length;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const base = (ids ? ids[j]! : j) * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += values[d]! * v[base + d]!;
    out[j] = s;
  }
  return out;
}

class FigureSum {
  private r10 = 0;
  private r100 = 0;
  private n10 = 0;
  private count = 0;
  add(ranked: readonly number[], relevant: ReadonlySet<number>): void {
    this.r10 += recallAt(ranked, relevant, 10);
    this.r100 += recallAt(ranked, relevant, 100);
    this.n10 += ndcgAt(ranked, relevant, 10);
    this.count++;
  }
  figures(): RankingFigures {
    const n = Math.max(this.count, 1);
    return { recallAt10: round4(this.r10 / n), recallAt100: round4(this.r100 / n), ndcgAt10: round4(this.n10 / n) };
  }
}

export function evaluateWarm(interactions: readonly Interaction[], catalog: readonly CatalogItem[], o: EvaluationOptions = {}): WarmReport {
  const perUser = o.heldOutPerUser ?? 10;
  const relevantMin = o.relevantMinScore ?? 0.7;
  const split = warmSplit(interactions, perUser);
  o.onStage?.('warm: training');
  const t0 = performance.now();
  const trained = trainEmbeddings(split.train, catalog, { ...o.train, version: 'eval-warm', keepUserFactors: true });
  const trainMillis = Math.round(performance.now() - t0);
  o.onStage?.('warm: ranking');
  const items = itemVectorsOf(trained);
  const dim = trained.space.dim;

  const positives = new Float64Array(trained.itemIds.length);
  const trainByUser = groupByUser(split.train);
  const netByPair = new Map<string, number>();
  for (const e of split.train) {
    const key = `${e.userId}\u0000${e.itemId}`;
    netByPair.set(key, (netByPair.get(key) ?? 0) + signalOf(e));
  }
  for (const [key, net] of netByPair) {
    const row = items.rowOf.get(key.slice(key.indexOf('\u0000') + 1));
    if (row !== undefined && net > 0) positives[row]!++;
  }
  const userRow = new Map(trained.userFactors!.userIds.map((id, i) => [id, i]));

  const negativeWeights = o.negativeWeights ?? [];
  const pooled = new FigureSum();
  const popularity = new FigureSum();
  const als = new FigureSum();
  const byNegative = new Map(negativeWeights.map((w) => [w, new FigureSum()]));
  let users = 0;
  let covered = 0;
  const popularityRanked = (skip: ReadonlySet<number>) => topK(positives, 100, skip);
  for (const [userId, heldOut] of split.test) {
    const relevant = new Set<number>();
    for (const [itemId, net] of heldOut) {
      const row = items.rowOf.get(itemId);
      if (row !== undefined && net >= relevantMin) relevant.add(row);
    }
    if (relevant.size === 0) continue;
    users++;
    const history = trainByUser.get(userId) ?? [];
    const seen = new Set<number>();
    let last = -Infinity;
    for (const e of history) {
      const row = items.rowOf.get(e.itemId);
      if (row !== undefined) seen.add(row);
      last = Math.max(last, e.time);
    }
    const recent = recentItemsAt(history, last);
    const rank = (q: QueryVector | null) => (q ? topK(scoresFor(q.values, trained), 100, seen) : popularityRanked(seen));
    const query = userQueryVector(items, recent, o.pooling);
    if (query) covered++;
    pooled.add(rank(query), relevant);
    popularity.add(popularityRanked(seen), relevant);
    for (const [w, sum] of byNegative) sum.add(rank(userQueryVector(items, recent, { ...o.pooling, negativeWeight: w })), relevant);
    const u = userRow.get(userId);
    if (u !== undefined) {
      const factor = trained.userFactors!.vectors.subarray(u * dim, (u + 1) * dim);
      als.add(topK(scoresFor(factor, trained), 100, seen), relevant);
    } else als.add(popularityRanked(seen), relevant);
  }
  return {
    users,
    queryCoverage: round4(covered / Math.max(users, 1)),
    pooled: pooled.figures(),
    popularity: popularity.figures(),
    alsUserFactor: als.figures(),
    pooledByNegativeWeight: Object.fromEntries([...byNegative].map(([w, sum]) => [String(w), sum.figures()])),
    trainMillis,
  };
}

export function evaluateCold(interactions: readonly Interaction[], catalog: readonly CatalogItem[], o: EvaluationOptions = {}): ColdReport {
  const relevantMin = o.relevantMinScore ?? 0.7;
  const split = coldItemSplit(interactions, o.coldItemShare ?? 0.1, o.seed ?? 7);
  o.onStage?.('cold: training');
  const t0 = performance.now();
  const trained = trainEmbeddings(split.train, catalog, { ...o.train, version: 'eval-cold' });
  const trainMillis = Math.round(performance.now() - t0);
  o.onStage?.('cold: ranking');
  const items = itemVectorsOf(trained);
  const coldRows = [...split.coldItems].map((id) => items.rowOf.get(id)).filter((r): r is number => r !== undefined);
  const n = coldRows.length;
  const trainByUser = groupByUser(split.train);
  let users = 0;
  let covered = 0;
  let recall = 0;
  let ndcg = 0;
  let randomNdcg = 0;
  for (const [userId, heldOut] of split.test) {
    const relevant = new Set<number>();
    coldRows.forEach((row, j) => {
      const net = heldOut.get(trained.itemIds[row]!);
      if (net !== undefined && net >= relevantMin) relevant.add(j);
    });
    if (relevant.size === 0) continue;
    users++;
    const history = trainByUser.get(userId) ?? [];
    const last = history.reduce((m, e) => Math.max(m, e.time), -Infinity);
    const query = userQueryVector(items, recentItemsAt(history, last), o.pooling);
    // Without a query the edge has no personal signal: count it as a random order.
    const k = Math.min(10, n);
    let expectedDcg = 0;
    let ideal = 0;
    for (let i = 0; i < k; i++) expectedDcg += relevant.size / n / Math.log2(i + 2);
    for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
    randomNdcg += expectedDcg / ideal;
    if (!query) {
      recall += k / n;
      ndcg += expectedDcg / ideal;
      continue;
    }
    covered++;
    const ranked = topK(scoresFor(query.values, trained, coldRows), 10);
    recall += recallAt(ranked, relevant, 10);
    ndcg += ndcgAt(ranked, relevant, 10);
  }
  const per = Math.max(users, 1);
  return {
    coldItems: n,
    users,
    queryCoverage: round4(covered / per),
    content: { recallAt10: round4(recall / per), ndcgAt10: round4(ndcg / per) },
    random: { recallAt10: round4(Math.min(10, n) / Math.max(n, 1)), ndcgAt10: round4(randomNdcg / per) },
    trainMillis,
  };
}

const signalOf = (e: Interaction) => SIGNALS[e.type].weight;
