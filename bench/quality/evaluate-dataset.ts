// The temporal replay of one dataset (docs/quality.md): split at a global
// cutoff, train everything on the training period, then walk the sampled
// request points in time order — before each, the feature timelines and the
// online baselines absorb every event before t — and score every system's
// list against what the user went on to do.
import { cutoffAtShare, splitAt } from '@freshet/shared/evaluation/temporal-split';
import { interactionsOf, type Interaction } from '@freshet/shared/evaluation/interactions';
import { sampleRequests, type RequestPoint } from '@freshet/shared/evaluation/requests';
import { CoverageCounter, LIST_METRICS, listMetrics, type ListMetrics } from '@freshet/shared/evaluation/metrics';
import { bootstrapRelativeChange, type RelativeChange } from '@freshet/shared/evaluation/bootstrap';
import { BASELINES, BaselineRecommenders, RECENT_WINDOW_MS, type BaselineName } from './baselines.js';
import { loadEvalDataset, type EvalDataset, type QualityDatasetId } from './dataset.js';
import { DAY_MS, FeatureTimeline } from './feature-timeline.js';
import { createInProcessServing, SERVED_LIMIT } from './in-process-serving.js';
import { probeRankerAge, type AgeProbe } from './ranker-age-probe.js';
import { trainBaselines, trainSystem, type BuildSize, type Progress } from './training.js';
import { Rng } from '@freshet/shared/synthetic';

/** How deep item-kNN's list is read to compare its recall with the retrieval stage's (whose limit is 500). */
export const CANDIDATE_DEPTH = 500;

/**
 * ours_retrieval_order is a diagnostic, not a system of its own: the same pipeline with the ranking
 * stage taken out (the fallback ladder's "ranker down → retrieval order" rung), to tell retrieval's
 * share of the result from the ranker's; ours_no_fresh_source likewise, with the fresh-item source's
 * quota set to 0 (items published after the build are then never candidates), and ours_ranker_only
 * with co_visitation_weight 0 (the ranker's heads alone order the candidates).
 */
export const SYSTEMS = ['ours', 'ours_nightly', 'ours_retrieval_order', 'ours_no_fresh_source', 'ours_ranker_only', ...BASELINES] as const;
const SERVED = ['ours', 'ours_nightly', 'ours_retrieval_order', 'ours_no_fresh_source', 'ours_ranker_only'] as const;
export type SystemName = (typeof SYSTEMS)[number];
export const SLICES = ['all', 'cold_users', 'cold_items'] as const;
export type SliceName = (typeof SLICES)[number];
export type MetricName = keyof ListMetrics;

export interface EvaluateOptions {
  readonly trainShare: number;
  readonly horizonMs: number;
  readonly maxUsers: number;
  readonly perUser: number;
  readonly seed: number;
  readonly snapshotEveryMs: number;
  readonly resamples: number;
  /** Datasets folder (default ../shared/datasets or $FRESHET_DATASETS_DIR). */
  readonly dir?: string;
  /** Development: keep and reuse training bundles here (trainSystem). */
  readonly cacheDir?: string;
  /** Tests: evaluate on a seeded subset of this many of the dataset's users (all their events), and a smaller build. */
  readonly datasetUsers?: number;
  readonly build?: BuildSize;
  readonly progress: Progress;
}

export const DEFAULT_EVALUATE_OPTIONS: Omit<EvaluateOptions, 'progress'> = {
  trainShare: 0.8,
  horizonMs: DAY_MS,
  maxUsers: 300,
  perUser: 10,
  seed: 7,
  snapshotEveryMs: 5 * 60_000,
  resamples: 1000,
};

export interface SliceScores {
  /** Mean over users of each user's mean over their request points. */
  readonly metrics: Readonly<Record<MetricName, number>>;
  readonly users: number;
  readonly requests: number;
}

export interface DatasetEvaluation {
  readonly id: QualityDatasetId;
  readonly title: string;
  readonly folder: string;
  readonly cutoff: number;
  readonly trainEvents: number;
  readonly testEvents: number;
  readonly trainInteractions: number;
  readonly testInteractions: number;
  readonly catalogItems: number;
  readonly newTestItems: number;
  readonly eligibleUsers: number;
  readonly eligibleRequests: number;
  readonly sampledUsers: number;
  readonly sampledRequests: number;
  readonly meanRelevant: number;
  /**
   * Ours' retrieval stage: candidates per request, and the share of the relevant items among them
   * (pooled over requests), beside the share in item-kNN's top CANDIDATE_DEPTH.
   */
  readonly candidates: { readonly mean: number; readonly recall: number; readonly knnRecall: number };
  readonly scores: Readonly<Record<SystemName, Readonly<Record<SliceName, SliceScores>>>>;
  /** Share of the catalog in at least one top-10 list. */
  readonly coverage: Readonly<Record<SystemName, number>>;
  /** Real-time over nightly features, relative change with bootstrap CIs over users. */
  readonly freshness: { readonly ndcg_at_10: RelativeChange; readonly recall_at_20: RelativeChange };
  /** Ours over each baseline, NDCG@10, relative change with bootstrap CIs over users (paired: the same users and requests). */
  readonly versus: Readonly<Record<BaselineName, RelativeChange>>;
  /** Ours' top-10 slots by the retrieval source that proposed the item (an item with several counts for each), and the relevant ones among them. */
  readonly oursTop10BySource: Readonly<Record<string, { readonly slots: number; readonly hits: number }>>;
  /** Ours' ranker on its candidates: click probability by item age (ranker-age-probe.ts). */
  readonly rankerAge: AgeProbe;
  readonly degradedRequests: number;
  readonly snapshotsBuilt: number;
  readonly buildSeconds: Readonly<Record<string, number>>;
  readonly indexedItems: number;
  readonly seconds: { readonly load: number; readonly train: number; readonly replay: number };
}

class SliceAccumulator {
  private readonly perUser = new Map<string, { sums: Record<MetricName, number>; n: number }>();
  requests = 0;

  add(user: string, m: ListMetrics): void {
    let entry = this.perUser.get(user);
    if (!entry) this.perUser.set(user, (entry = { sums: Object.fromEntries(LIST_METRICS.map((k) => [k, 0])) as Record<MetricName, number>, n: 0 }));
    for (const k of LIST_METRICS) entry.sums[k] += m[k];
    entry.n++;
    this.requests++;
  }

  userMeans(metric: MetricName): Map<string, number> {
    return new Map([...this.perUser].map(([u, e]) => [u, e.sums[metric] / e.n]));
  }

  scores(): SliceScores {
    const metrics = Object.fromEntries(
      LIST_METRICS.map((k) => {
        const means = [...this.userMeans(k).values()];
        return [k, means.length === 0 ? 0 : means.reduce((a, b) => a + b, 0) / means.length];
      }),
    ) as Record<MetricName, number>;
    return { metrics, users: this.perUser.size, requests: this.requests };
  }
}

/** The dataset restricted to n users drawn with the seed (every event of theirs; the catalog whole). */
function usersSubset(data: EvalDataset, n: number, seed: number): EvalDataset {
  const users = [...new Set(data.events.map((e) => e.user_id))].sort();
  const rng = Rng.for(seed, 'dataset-users');
  for (let i = users.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [users[i], users[j]] = [users[j]!, users[i]!];
  }
  const kept = new Set(users.slice(0, n));
  return { ...data, events: data.events.filter((e) => kept.has(e.user_id)) };
}

const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

export async function evaluateDataset(id: QualityDatasetId, o: EvaluateOptions): Promise<DatasetEvaluation> {
  const log = o.progress;
  let t0 = performance.now();
  const data = o.datasetUsers === undefined ? await loadEvalDataset(id, o.dir) : usersSubset(await loadEvalDataset(id, o.dir), o.datasetUsers, o.seed);
  log(`${data.title}: ${data.events.length.toLocaleString('en-US')} events, ${data.catalog.length.toLocaleString('en-US')} items`);
  const interactions = interactionsOf(data.events);
  const cutoff = cutoffAtShare(interactions.map((x) => x.time), o.trainShare);
  const split = splitAt(data.events, cutoff, (e) => e.event_time);
  const trainInteractions = interactions.filter((x) => x.time < cutoff);
  const sampled = sampleRequests(interactions, { cutoff, horizonMs: o.horizonMs, maxUsers: o.maxUsers, perUser: o.perUser, seed: o.seed });
  const loadSeconds = seconds(t0);
  log(`${data.title}: cutoff ${new Date(cutoff).toISOString()}; ${split.train.length.toLocaleString('en-US')} training events, ${split.test.length.toLocaleString('en-US')} test events; ${sampled.points.length} request points of ${sampled.eligiblePoints} (${Math.min(o.maxUsers, sampled.eligibleUsers)} of ${sampled.eligibleUsers} users)`);

  t0 = performance.now();
  const system = await trainSystem(data.title, data.catalog, split.train, cutoff, o.seed, (line) => log(`${data.title}: ${line}`), o.cacheDir, o.build);
  const itemIds = data.catalog.map((i) => i.item_id);
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  log(`${data.title}: baselines (item-kNN, implicit ALS) from the training period`);
  const models = trainBaselines(itemIndex, trainInteractions, split.train, o.seed);
  log(`${data.title}: trained in ${seconds(t0)} s (bundle build ${JSON.stringify(system.report.seconds)})`);
  const trainSeconds = seconds(t0);

  t0 = performance.now();
  const timelineOptions = { snapshotEveryMs: o.snapshotEveryMs, space: system.bundle.index.space, projection: system.bundle.projection, indexedUntil: cutoff - 1 };
  const realtime = new FeatureTimeline(data.events, data.catalog, { ...timelineOptions, lag: 'realtime' });
  const nightly = new FeatureTimeline(data.events, data.catalog, { ...timelineOptions, lag: 'nightly' });
  const probe = probeRankerAge(system.ranker);
  const served = {
    ours: createInProcessServing(system.bundle, realtime, probe.ranker, o.seed),
    ours_nightly: createInProcessServing(system.bundle, nightly, system.ranker, o.seed),
    ours_retrieval_order: createInProcessServing(system.bundle, realtime, { ...system.ranker, score: () => Promise.reject(new Error('ranking stage off (diagnostic)')) }, o.seed),
    ours_no_fresh_source: createInProcessServing(system.bundle, realtime, system.ranker, o.seed, { retrieval: { quotas: { fresh: 0 } } }),
    ours_ranker_only: createInProcessServing(system.bundle, realtime, system.ranker, o.seed, { co_visitation_weight: 0 }),
  };
  const baselines = new BaselineRecommenders(itemIds, models);
  const publishTime = Float64Array.from(data.catalog, (i) => i.publish_time);
  const newItems = new Set(data.catalog.filter((i) => i.publish_time >= cutoff).map((i) => i.item_id));
  const trainingUsersOf = new Map<string, Set<string>>();
  for (const x of trainInteractions) {
    let users = trainingUsersOf.get(x.item);
    if (!users) trainingUsersOf.set(x.item, (users = new Set()));
    users.add(x.user);
  }
  const trainingUsers = new Set(trainInteractions.map((x) => x.user)).size;
  const usersOf = (item: string) => trainingUsersOf.get(item)?.size ?? 0;

  const byUser = new Map<string, Interaction[]>();
  for (const x of interactions) {
    let list = byUser.get(x.user);
    if (!list) byUser.set(x.user, (list = []));
    list.push(x);
  }
  const acc = Object.fromEntries(SYSTEMS.map((s) => [s, Object.fromEntries(SLICES.map((sl) => [sl, new SliceAccumulator()]))])) as Record<SystemName, Record<SliceName, SliceAccumulator>>;
  const coverage = Object.fromEntries(SYSTEMS.map((s) => [s, new CoverageCounter(itemIds.length, 10)])) as Record<SystemName, CoverageCounter>;
  let observed = 0;
  let degradedRequests = 0;
  let relevantSum = 0;
  // Retrieval's share of the relevant items, pooled over requests, against item-kNN's top CANDIDATE_DEPTH.
  let candidateHits = 0;
  let candidateCount = 0;
  let knnDeepHits = 0;
  const bySource: Record<string, { slots: number; hits: number }> = {};
  const started = performance.now();

  for (let n = 0; n < sampled.points.length; n++) {
    const point: RequestPoint = sampled.points[n]!;
    const t = point.t;
    while (observed < interactions.length && interactions[observed]!.time < t) {
      const x = interactions[observed++]!;
      const i = itemIndex.get(x.item);
      if (i !== undefined) baselines.observe(i, x);
    }
    realtime.advance(t);
    nightly.advance(t);
    const history = byUser.get(point.user)!.filter((x) => x.time < t);
    const historyIds = new Set(history.map((x) => x.item));
    const historyIndexed = history.flatMap((x) => {
      const i = itemIndex.get(x.item);
      return i === undefined ? [] : [[i, x] as const];
    });
    const historyIndexes = new Set(historyIndexed.map(([i]) => i));
    const excluded = (i: number) => historyIndexes.has(i) || !(publishTime[i]! < t);
    const relevant = new Set(point.relevant);
    const relevantNew = new Set(point.relevant.filter((id) => newItems.has(id)));
    relevantSum += relevant.size;

    const lists: Partial<Record<SystemName, readonly string[]>> = {};
    for (const name of SERVED) {
      const out = await served[name].recommend(point.user, t, historyIds);
      if ((name === 'ours' || name === 'ours_nightly') && out.degraded.length > 0) degradedRequests++;
      lists[name] = out.items;
      if (name === 'ours') {
        candidateCount += out.candidates.length;
        for (const id of out.candidates) if (relevant.has(id)) candidateHits++;
        out.items.slice(0, 10).forEach((id, i) => {
          for (const source of out.sources[i]!) {
            const entry = (bySource[source] ??= { slots: 0, hits: 0 });
            entry.slots++;
            if (relevant.has(id)) entry.hits++;
          }
        });
      }
    }
    // item-kNN is ranked once, CANDIDATE_DEPTH deep: its served list is that ranking's head (topK's order is total).
    const knnDeep = baselines.recommend('item_knn', t, historyIndexed, excluded, CANDIDATE_DEPTH);
    for (const id of knnDeep) if (relevant.has(id)) knnDeepHits++;
    for (const name of BASELINES) lists[name] = name === 'item_knn' ? knnDeep.slice(0, SERVED_LIMIT) : baselines.recommend(name, t, historyIndexed, excluded, SERVED_LIMIT);

    for (const name of SYSTEMS) {
      const list = lists[name]!;
      coverage[name].add(list);
      acc[name].all.add(point.user, listMetrics(list, relevant, usersOf, trainingUsers));
      if (point.priorInteractions < 5) acc[name].cold_users.add(point.user, listMetrics(list, relevant, usersOf, trainingUsers));
      if (relevantNew.size > 0) acc[name].cold_items.add(point.user, listMetrics(list, relevantNew, usersOf, trainingUsers));
    }
    if ((n + 1) % 200 === 0 || n + 1 === sampled.points.length) {
      const rate = (n + 1) / ((performance.now() - started) / 1000);
      log(`${data.title}: replay ${n + 1}/${sampled.points.length} requests (${rate.toFixed(1)}/s), ours NDCG@10 so far ${acc.ours.all.scores().metrics.ndcg_at_10.toFixed(4)}`);
    }
  }

  const paired = (metric: MetricName, control: SystemName, treatment: SystemName = 'ours') => {
    const t = acc[treatment].all.userMeans(metric);
    const c = acc[control].all.userMeans(metric);
    const users = [...t.keys()].sort();
    return bootstrapRelativeChange(users.map((u) => c.get(u)!), users.map((u) => t.get(u)!), { resamples: o.resamples, seed: o.seed });
  };
  const result: DatasetEvaluation = {
    id,
    title: data.title,
    folder: data.folder,
    cutoff,
    trainEvents: split.train.length,
    testEvents: split.test.length,
    trainInteractions: trainInteractions.length,
    testInteractions: interactions.length - trainInteractions.length,
    catalogItems: itemIds.length,
    newTestItems: newItems.size,
    eligibleUsers: sampled.eligibleUsers,
    eligibleRequests: sampled.eligiblePoints,
    sampledUsers: new Set(sampled.points.map((p) => p.user)).size,
    sampledRequests: sampled.points.length,
    meanRelevant: sampled.points.length === 0 ? 0 : relevantSum / sampled.points.length,
    candidates: {
      mean: sampled.points.length === 0 ? 0 : candidateCount / sampled.points.length,
      recall: relevantSum === 0 ? 0 : candidateHits / relevantSum,
      knnRecall: relevantSum === 0 ? 0 : knnDeepHits / relevantSum,
    },
    scores: Object.fromEntries(SYSTEMS.map((s) => [s, Object.fromEntries(SLICES.map((sl) => [sl, acc[s][sl].scores()]))])) as DatasetEvaluation['scores'],
    coverage: Object.fromEntries(SYSTEMS.map((s) => [s, coverage[s].value])) as Record<SystemName, number>,
    freshness: { ndcg_at_10: paired('ndcg_at_10', 'ours_nightly'), recall_at_20: paired('recall_at_20', 'ours_nightly') },
    versus: Object.fromEntries(BASELINES.map((b) => [b, paired('ndcg_at_10', b)])) as Record<BaselineName, RelativeChange>,
    oursTop10BySource: bySource,
    rankerAge: probe.result(),
    degradedRequests,
    snapshotsBuilt: realtime.snapshotsBuilt,
    buildSeconds: system.report.seconds,
    indexedItems: system.report.indexed_items,
    seconds: { load: loadSeconds, train: trainSeconds, replay: seconds(t0) },
  };
  await system.ranker.release();
  return result;
}

export { RECENT_WINDOW_MS };
