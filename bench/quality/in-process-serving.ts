// The edge worker's request pipeline (edge-worker/src/serve/recommend.ts:
// bundle → features → retrieval → ranking → re-ranking) run in this Node
// process with in-memory dependencies, for the offline replay:
//   bundle    a bundle directory loaded as the edge loads it (serving-bundle.ts)
//   features  the replayed feature store, item snapshot and fresh delta (feature-timeline.ts)
//   ranking   the bundle's ONNX ranker in onnxruntime-web (node-ranker.ts)
//   the rest  the worker's own retrieval sources, candidate merge, head
//             weights and re-ranking rules, with the default serving config
// Deadlines are raised to 60 s so that no stage is ever dropped for being
// slow on a busy machine (a replay must be deterministic); every other
// setting is the worker's default. Randomness (exploration) is seeded.
import { Rng } from '@freshet/shared/synthetic';
import type { ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import { parseRetrievalConfig } from '@freshet/shared/candidates/config';
import { resolveRerankConfig, type RerankConfig } from '@freshet/shared/reranking/config';
import type { ActiveBundle } from '../../edge-worker/src/bundle/active-bundle.js';
import type { ServingBundle } from '../../edge-worker/src/bundle/load-bundle.js';
import { parseServingConfig } from '../../edge-worker/src/config/serving-config.js';
import type { FeatureStore } from '../../edge-worker/src/features/kv-store.js';
import { ProfileCache } from '../../edge-worker/src/features/profile-cache.js';
import type { Refreshing } from '../../edge-worker/src/features/refreshing.js';
import type { EdgeRanker } from '../../edge-worker/src/ranking/edge-ranker.js';
import { retrieveCandidates } from '../../edge-worker/src/retrieval/sources/retrieve.js';
import { recommend, type ServingDeps } from '../../edge-worker/src/serve/recommend.js';
import type { FeatureTimeline } from './feature-timeline.js';

export const SERVED_LIMIT = 100; // the serving config's max_limit

export interface ServedList {
  readonly items: string[];
  /** What retrieval proposed to the ranker (empty when the request never reached retrieval). */
  readonly candidates: readonly string[];
  /** The retrieval sources that proposed each served item. */
  readonly sources: readonly (readonly string[])[];
  readonly userClass: string;
  /** Fallback-ladder steps the request took (expected: none). */
  readonly degraded: readonly string[];
}

export interface InProcessServing {
  /** The user's list for a request at t (the timeline must have been advanced to t). */
  recommend(userId: string, t: number, exclude: ReadonlySet<string>): Promise<ServedList>;
}

/** A value the edge caches in the isolate, here always current (the timeline models the publisher's cadence). */
function current<T>(read: () => T | null): Refreshing<T> {
  return { get: () => Promise.resolve({ value: read(), ageMs: 0, problem: null }) } as unknown as Refreshing<T>;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: readonly { field: string; message: string }[] }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return result.value;
}

/** `overrides`: SERVING_CONFIG sections to change (diagnostic variants only; the default is the worker's config). */
export function createInProcessServing(bundle: ServingBundle, timeline: FeatureTimeline, ranker: EdgeRanker, seed: number, overrides: Record<string, unknown> = {}): InProcessServing {
  const config = parseServingConfig(JSON.stringify({ ...overrides, deadlines_ms: { features: 60_000, retrieval: 60_000, ranking: 60_000, assembly: 60_000, bundle_load: 30_000 } }));
  const rerank: RerankConfig = unwrap(resolveRerankConfig(config.reranking), 'reranking config');
  let now = 0;
  const store: FeatureStore = {
    userState: (userId) => Promise.resolve(timeline.store.userState(userId)),
    itemSnapshot: () => Promise.resolve(timeline.snapshot()),
    freshDelta: () => Promise.resolve(timeline.freshItems()),
  };
  // The isolate's bundle holder reads R2; here the one bundle is always the active one.
  const bundles = { get: () => Promise.resolve({ bundle, problem: null }) } as unknown as ActiveBundle;
  const rng = Rng.for(seed, 'serving');
  const deps: ServingDeps = {
    config,
    rerankConfig: () => rerank,
    bundles,
    artifacts: {} as R2Bucket,
    pinnedVersion: bundle.version,
    store,
    profiles: new ProfileCache(config.caches.profiles, config.caches.profile_ttl_ms, () => now),
    snapshot: current<ItemSnapshot>(() => timeline.snapshot()),
    fresh: () => current<FreshDelta>(() => timeline.freshItems()),
    retrievalConfig: unwrap(parseRetrievalConfig(config.retrieval), 'retrieval config'),
    editorial: [],
    retrieve: (input) => {
      const retrieved = retrieveCandidates(input);
      candidates = retrieved.candidates.map((c) => c.itemId);
      return retrieved;
    },
    ranker: () => Promise.resolve(ranker),
    lastResort: [],
    random: () => rng.next(),
    now: () => now,
    clock: () => performance.now(),
  };
  let n = 0;
  let candidates: readonly string[] = [];
  return {
    async recommend(userId, t, exclude) {
      now = t;
      candidates = [];
      const pending: Promise<unknown>[] = [];
      const outcome = await recommend(
        { requestId: `replay-${n++}`, userId, limit: SERVED_LIMIT, surface: 'home', servedBefore: (id) => exclude.has(id), servedCount: exclude.size, debug: false },
        deps,
        (p) => void pending.push(p),
      );
      await Promise.allSettled(pending);
      return { items: outcome.items.map((i) => i.item_id), candidates, sources: outcome.items.map((i) => i.sources), userClass: outcome.userClass, degraded: outcome.log.degraded.map((d) => `${d.stage}:${d.code}`) };
    },
  };
}
