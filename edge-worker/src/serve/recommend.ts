// One recommendation request, top to bottom, with the fallback ladder (R15):
//
//   bundle    the isolate's active bundle      none      → last-resort list
//   features  user state (one KV round trip),  slow/down → last-known profile
//             item snapshot, fresh delta                   → cold path
//   retrieval sources → ~500 candidates         failing  → the bundle's popular list
//   ranking   ONNX heads, combined by weights  slow/down → retrieval order
//   rerank    business rules (shared/reranking)
//
// Every stage has a deadline from the serving config; a stage that misses it
// is left behind (its late answer ignored) and `degraded` says so. A request
// never ends in an empty list or a 5xx because a dependency failed: the last
// rung is a list that needs nothing but this isolate.
import type { ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import type { EntityState } from '@freshet/shared/features/state/entity-state';
import { assembleBatch, prepareUserSide, type Candidate, type FeatureValues, type RequestContext } from '@freshet/shared/ranking/assemble';
import { FEATURE_COUNT } from '@freshet/shared/ranking/feature-schema';
import { assignVariant, type Variant } from '@freshet/shared/experiments/assign';
import { rerank } from '@freshet/shared/reranking/rerank';
import type { RerankCandidate, RerankedItem, RuleTrace } from '@freshet/shared/reranking/types';
import type { RerankConfig } from '@freshet/shared/reranking/config';
import type { RetrievalConfig } from '@freshet/shared/candidates/config';
import { interactionCountOf } from '@freshet/shared/candidates/user-signals';
import { userClassOf, type UserClass } from '@freshet/shared/candidates/user-class';
import type { ItemFacts } from '@freshet/shared/catalog-table/item-table';
import type { RetrievalInput, RetrievalResult, RetrievedCandidate } from '../retrieval/sources/types.js';
import { rankingFactsOf } from '../retrieval/sources/retrieve.js';
import type { ActiveBundle } from '../bundle/active-bundle.js';
import type { ServingBundle } from '../bundle/load-bundle.js';
import type { ServingConfig } from '../config/serving-config.js';
import type { FeatureStore } from '../features/kv-store.js';
import type { ProfileCache } from '../features/profile-cache.js';
import type { Refreshing } from '../features/refreshing.js';
import { userFeatureValues } from '../features/user-values.js';
import { combineHeads, headWeightsFor } from '../ranking/head-weights.js';
import { addCoVisitationPrior } from '@freshet/shared/ranking/combined-score';
import { coVisitationWeightFor } from '@freshet/shared/candidates/user-signals';
import type { EdgeRanker } from '../ranking/edge-ranker.js';
import { withDeadline } from './deadline.js';
import { explanationOf } from './explanations.js';
import { userSets } from './user-sets.js';
import { StageLog } from './stage-log.js';

export interface RecommendRequest {
  readonly requestId: string;
  readonly userId: string;
  readonly limit: number;
  readonly surface: string;
  readonly device?: string;
  readonly country?: string;
  readonly localHour?: number;
  /** Onboarding categories sent by the client (cold start). */
  readonly categories?: readonly string[];
  /** True for items served on earlier pages of this list: never again (cursor pagination). */
  readonly servedBefore: (itemId: string) => boolean;
  /** How many items earlier pages served (retrieval asks its searches for that many more). */
  readonly servedCount: number;
  readonly debug: boolean;
}

export interface ServingDeps {
  readonly config: ServingConfig;
  readonly rerankConfig: (variant: Variant) => RerankConfig;
  readonly bundles: ActiveBundle;
  readonly artifacts: R2Bucket;
  readonly pinnedVersion: string | undefined;
  /** Null when no KV store is configured: every request takes the cold path, and says so. */
  readonly store: FeatureStore | null;
  readonly profiles: ProfileCache;
  readonly snapshot: Refreshing<ItemSnapshot> | null;
  readonly fresh: (embeddingVersion: string) => Refreshing<FreshDelta> | null;
  readonly retrievalConfig: RetrievalConfig;
  /** Editorial pins: every one is a candidate; those with a position are placed there by the rules. */
  readonly editorial: readonly { readonly itemId: string; readonly position?: number }[];
  readonly retrieve: (input: RetrievalInput) => RetrievalResult;
  readonly ranker: (bundle: ServingBundle) => Promise<EdgeRanker>;
  /** The list bundled with the deployment, for when no bundle is loaded at all. */
  readonly lastResort: readonly string[];
  readonly random: () => number;
  readonly now: () => number;
  readonly clock: () => number;
}

export interface ServedItem {
  readonly item_id: string;
  readonly score: number;
  readonly sources: readonly string[];
  readonly explanation: string;
  readonly position: number;
  readonly explore?: { readonly propensity: number };
  readonly pinned?: true;
}

export interface RecommendOutcome {
  readonly items: ServedItem[];
  readonly indexVersion: string | null;
  readonly modelVersion: string | null;
  readonly variant: string;
  readonly userClass: UserClass | 'unknown';
  readonly log: StageLog;
  /** Ranking rows of the served items, for the parity monitor's sample (null when not sampled or not ranked). */
  readonly featureRows: { readonly names: 'FEATURE_SLOTS'; readonly rows: Record<string, number[]> } | null;
  readonly debug?: Record<string, unknown>;
}

type WaitUntil = (p: Promise<unknown>) => void;

export async function recommend(req: RecommendRequest, deps: ServingDeps, waitUntil: WaitUntil): Promise<RecommendOutcome> {
  const log = new StageLog();
  const started = deps.clock();
  const variant = assignVariant(deps.config.experiment, req.userId);
  const d = deps.config.deadlines_ms;

  // 1. The bundle.
  let t0 = deps.clock();
  const state = await deps.bundles.get(deps.artifacts, deps.pinnedVersion, waitUntil);
  log.time('bundle', deps.clock() - t0);
  const bundle = state.bundle;
  if (bundle === null) {
    log.degrade('bundle', 'index_unavailable', state.problem ?? undefined);
    const items = lastResortItems(deps.lastResort, req);
    if (items.length === 0) log.degrade('bundle', 'last_resort_empty', 'no LAST_RESORT_ITEMS configured');
    log.time('total', deps.clock() - started);
    return { items, indexVersion: null, modelVersion: null, variant: variant.name, userClass: 'unknown', log, featureRows: null };
  }
  if (state.problem !== null && !state.problem.startsWith('switching to')) log.degrade('bundle', 'stale_index', state.problem);
  // Warm the ranker session while features load (first use on an isolate costs ~¼ s).
  const rankerPromise = deps.ranker(bundle);
  rankerPromise.catch(() => undefined);

  // 2. Features: the user (one round trip), the item snapshot and the fresh delta, in parallel.
  t0 = deps.clock();
  const wallNow = deps.now();
  const [userRead, snapshotRead, freshRead] = await Promise.all([
    deps.store === null ? null : withDeadline(d.features, () => deps.store!.userState(req.userId, wallNow)),
    deps.snapshot === null ? null : deps.snapshot.get(d.features, waitUntil),
    deps.fresh(bundle.manifest.embedding_version)?.get(d.features, waitUntil) ?? null,
  ]);
  const snapshot = snapshotRead?.value ?? null;
  // Feature time: the snapshot's event time advanced by the wall clock since it was built,
  // so replayed (historic) streams and live ones are read alike.
  const now = snapshot === null ? wallNow : snapshot.header.t + Math.max(0, wallNow - snapshot.header.builtAt);
  let user: FeatureValues = {};
  let userState: EntityState | null = null;
  if (userRead === null) {
    log.degrade('features', 'features_unconfigured', 'no KV_REST_URL: cold path');
  } else if (userRead.ok) {
    userState = userRead.value;
    user = userFeatureValues(userRead.value, now);
    deps.profiles.set(req.userId, user);
  } else {
    const cached = deps.profiles.get(req.userId);
    if (cached !== null) {
      user = cached.values;
      log.degrade('features', `features_${userRead.reason}_cached_profile`, userRead.error);
    } else {
      log.degrade('features', `features_${userRead.reason}_cold_path`, userRead.error);
    }
  }
  if (snapshotRead !== null && snapshotRead.value === null) log.degrade('features', 'snapshot_unavailable', snapshotRead.problem ?? undefined);
  const fresh = freshRead?.value ?? null;
  log.time('features', deps.clock() - t0);

  const userClass = userClassOf(interactionCountOf(user), deps.retrievalConfig.warmThreshold);
  const sets = userSets(userState, now);

  // 3. Retrieval.
  t0 = deps.clock();
  const exclude = (itemId: string) => req.servedBefore(itemId) || sets.consumed.has(itemId);
  const retrieved = await withDeadline(d.retrieval, () =>
    deps.retrieve({
      bundle, user, userClass, snapshot, fresh, now, clock: deps.clock,
      config: { ...deps.retrievalConfig, limit: deps.config.candidates },
      editorial: deps.editorial.map((e) => e.itemId),
      exclude: { has: exclude, size: req.servedCount + sets.consumed.size },
      ...(req.country !== undefined && { country: req.country }),
      ...(req.device !== undefined && { device: req.device }),
      ...(req.categories !== undefined && req.categories.length > 0 && { onboarding: { categories: req.categories } }),
    }),
  );
  let candidates: readonly RetrievedCandidate[];
  if (retrieved.ok && retrieved.value.candidates.length > 0) {
    candidates = retrieved.value.candidates;
  } else {
    log.degrade('retrieval', retrieved.ok ? 'retrieval_empty' : `retrieval_${retrieved.reason}`, retrieved.ok ? undefined : retrieved.error);
    candidates = popularCandidates(bundle, exclude, deps.config.candidates);
  }
  log.time('retrieval', deps.clock() - t0);
  const facts = candidates.map((c) => c.facts);
  const itemSide = candidates.map((c) => itemValues(snapshot, c.itemId));

  // 4. Ranking.
  t0 = deps.clock();
  const weights = headWeightsFor(variant, deps.config.head_weights);
  let scores: Float64Array;
  let modelVersion: string | null = null;
  let rows: Float32Array | null = null;
  const context: RequestContext = { time: now, ...(req.localHour !== undefined && { localHour: req.localHour }), ...(req.device !== undefined && { device: req.device }) };
  const ranked = await withDeadline(d.ranking, async () => {
    const ranker = await rankerPromise;
    const userSide = prepareUserSide(user, context);
    const batch: Candidate[] = candidates.map((c, i) => ({ itemId: c.itemId, features: itemSide[i]!, facts: c.rankingFacts }));
    const inputs = assembleBatch(userSide, batch);
    const probabilities = await ranker.score(inputs.subarray(0, batch.length * FEATURE_COUNT), batch.length);
    const combined = combineHeads(ranker.heads, probabilities, batch.length, weights);
    // Fresh-delta items (row −1) are in no list yet: they get the prior of the listed candidates scored like them.
    // No prior when the collaborative signals start from the history (coVisitationWeightFor).
    const priorWeight = coVisitationWeightFor(retrieved.ok && retrieved.value.seedsFromHistory, deps.config.co_visitation_weight);
    addCoVisitationPrior(combined, candidates.map((c) => c.rankingFacts.collaborative?.coVisitation), priorWeight, candidates.map((c) => c.row >= 0));
    return { version: ranker.version, inputs, scores: combined };
  });
  if (ranked.ok) {
    scores = ranked.value.scores;
    modelVersion = ranked.value.version;
    rows = ranked.value.inputs;
  } else {
    log.degrade('ranking', `ranker_${ranked.reason}`, ranked.error);
    scores = Float64Array.from(candidates, (_, i) => 1 - i / Math.max(1, candidates.length)); // retrieval order
  }
  log.time('ranking', deps.clock() - t0);

  // 5. Re-ranking: business rules, exploration, pins.
  t0 = deps.clock();
  const order = Array.from(candidates.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const rerankInput: RerankCandidate[] = order.map((i) => {
    const c = candidates[i]!;
    const stats = explorationStats(itemSide[i]!);
    return { itemId: c.itemId, score: scores[i]!, sources: c.sources, facts: facts[i] ?? null, ...(stats && { stats }) };
  });
  let reranked: RerankedItem[];
  let trace: RuleTrace[] | undefined;
  try {
    const pins = deps.editorial.flatMap((e) => (e.position === undefined ? [] : [{ itemId: e.itemId, position: e.position }]));
    const result = rerank(rerankInput, {
      now, limit: req.limit, isCold: userClass === 'cold', consumed: sets.consumed, disliked: sets.disliked, random: deps.random, clock: deps.clock, pins,
      ...(sets.contentTypeCounts !== undefined && { contentTypeCounts: sets.contentTypeCounts }),
      ...(req.country !== undefined && { country: req.country }),
    }, deps.rerankConfig(variant));
    reranked = result.items;
    trace = result.trace.rules;
  } catch (error) {
    log.degrade('rerank', 'rerank_failed', (error as Error).message);
    reranked = [];
  }
  if (reranked.length === 0) {
    // Everything was filtered (or the rules failed): the bundle's popular list through the same rules,
    // then the last resort. Never an empty row.
    log.degrade('rerank', 'rerank_empty');
    reranked = popularRerank(bundle, req, exclude, now, deps);
    if (reranked.length === 0) {
      // The curated last-resort list (assumed licensed everywhere); the bundle's own lists
      // are never served past the rules that just rejected them.
      log.degrade('rerank', 'last_resort');
      reranked = lastResortItems(deps.lastResort, req).map((i) => ({ itemId: i.item_id, score: 0, sources: i.sources, position: i.position }));
    }
  }
  log.time('rerank', deps.clock() - t0);

  const because = new Map(candidates.map((c) => [c.itemId, c.because]));
  const items: ServedItem[] = reranked.map((r) => ({
    item_id: r.itemId,
    score: round(r.score),
    sources: r.sources,
    explanation: explanationOf(r.sources, because.get(r.itemId), r.explore !== undefined),
    position: r.position,
    ...(r.explore && { explore: { propensity: round(r.explore.propensity) } }),
    ...(r.pinned && { pinned: true as const }),
  }));
  log.time('total', deps.clock() - started);

  const sampled = rows !== null && deps.random() < deps.config.feature_log_sample;
  const featureRows = sampled ? servedRows(rows!, candidates, new Set(items.map((i) => i.item_id))) : null;
  return {
    items,
    indexVersion: bundle.version,
    modelVersion,
    variant: variant.name,
    userClass,
    log,
    featureRows,
    ...(req.debug && {
      debug: {
        feature_time: new Date(now).toISOString(),
        candidates: candidates.length,
        retrieval: retrieved.ok ? { user_class: retrieved.value.userClass, sources: retrieved.value.sources, timings: retrieved.value.timings } : null,
        rerank_rules: trace ?? null,
        snapshot_age_ms: snapshotRead?.ageMs ?? null,
        fresh_items: fresh?.items.length ?? 0,
      },
    }),
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function factsOf(bundle: ServingBundle, itemId: string): ItemFacts | null {
  const row = bundle.items.rowOf(itemId);
  return row === undefined ? null : bundle.items.facts(row);
}

/** The retrieval rung of the ladder: the bundle's popular list as candidates. */
function popularCandidates(bundle: ServingBundle, exclude: (itemId: string) => boolean, limit: number): RetrievedCandidate[] {
  const out: RetrievedCandidate[] = [];
  for (const itemId of bundle.popular) {
    if (out.length >= limit) break;
    const row = bundle.items.rowOf(itemId);
    if (row === undefined || exclude(itemId)) continue;
    const facts = bundle.items.facts(row);
    out.push({ itemId, row, sources: ['popular'], retrievalScore: 1 - out.length / bundle.popular.length, facts, rankingFacts: rankingFactsOf(facts) });
  }
  return out;
}

/** The item's dynamic features from the snapshot, by feature name (missing → null or absent). */
function itemValues(snapshot: ItemSnapshot | null, itemId: string): FeatureValues {
  return snapshot?.row(itemId) ?? {};
}

function explorationStats(values: FeatureValues): { impressions: number; clicks: number } | undefined {
  const impressions = values.item_impressions_24h;
  const ctr = values.item_ctr_24h;
  if (typeof impressions !== 'number' || impressions <= 0) return undefined;
  return { impressions, clicks: typeof ctr === 'number' ? Math.round(ctr * impressions) : 0 };
}

function lastResortItems(list: readonly string[], req: RecommendRequest): ServedItem[] {
  return list
    .filter((id) => !req.servedBefore(id))
    .slice(0, req.limit)
    .map((item_id, position) => ({ item_id, score: 0, sources: ['fallback'], explanation: explanationOf(['fallback'], undefined, false), position }));
}

function popularRerank(bundle: ServingBundle, req: RecommendRequest, exclude: (itemId: string) => boolean, now: number, deps: ServingDeps): RerankedItem[] {
  const input: RerankCandidate[] = [];
  for (const itemId of bundle.popular) {
    if (exclude(itemId)) continue;
    input.push({ itemId, score: 1 - input.length / bundle.popular.length, sources: ['popular'], facts: factsOf(bundle, itemId) });
  }
  try {
    return rerank(input, { now, limit: req.limit, isCold: true, random: deps.random, ...(req.country !== undefined && { country: req.country }) }, deps.rerankConfig({ name: 'fallback', share: 0 })).items;
  } catch {
    return [];
  }
}

function servedRows(rows: Float32Array, candidates: readonly RetrievedCandidate[], served: ReadonlySet<string>): { names: 'FEATURE_SLOTS'; rows: Record<string, number[]> } {
  const out: Record<string, number[]> = {};
  candidates.forEach((c, i) => {
    if (served.has(c.itemId)) out[c.itemId] = Array.from(rows.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), (x) => Math.round(x * 1e6) / 1e6);
  });
  return { names: 'FEATURE_SLOTS', rows: out };
}

