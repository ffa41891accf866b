// The serving dependencies of one isolate, built from its env once and kept
// for the isolate's life: the active bundle holder, the KV client, the
// caches and the parsed configs. State that must outlive a request lives
// here (and only here) on purpose. Tests pass overrides (an in-memory
// feature store, a seeded random, a failing ranker...).
import { parseRetrievalConfig } from '@freshet/shared/candidates/config';
import type { ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import { RANKER_HEADS } from '@freshet/shared/ranking/model';
import { resolveRerankConfig, type RerankConfig } from '@freshet/shared/reranking/config';
import type { Variant } from '@freshet/shared/experiments/assign';
import { ActiveBundle } from '../bundle/active-bundle.js';
import { parseServingConfig, ServingConfigError } from '../config/serving-config.js';
import type { Env } from '../env.js';
import { kvFeatureStore, type FeatureStore } from '../features/kv-store.js';
import { ProfileCache } from '../features/profile-cache.js';
import { Refreshing } from '../features/refreshing.js';
import { getRanker } from '../ranking/index.js';
import { retrieveCandidates } from '../retrieval/sources/retrieve.js';
import { checkRetrievalBundle } from '../retrieval/sources/bundle.js';
import type { ServingDeps } from './recommend.js';
import { FallbackCounters } from './stage-log.js';

export type ServingOverrides = Partial<Pick<ServingDeps, 'store' | 'ranker' | 'random' | 'now' | 'clock' | 'retrieve'>> & {
  /** Replaces the bundle loader's clock-free options (tests shorten the pointer TTL). */
  readonly pointerTtlMs?: number;
};

export type Serving = { readonly ok: true; readonly deps: ServingDeps; readonly counters: FallbackCounters; readonly bundles: ActiveBundle } | { readonly ok: false; readonly problem: string };

const FIELDS = ['SERVING_CONFIG', 'KV_REST_URL', 'KV_REST_TOKEN', 'INDEX_VERSION', 'LAST_RESORT_ITEMS'] as const;

/** One cached Serving per distinct env (an isolate has one; tests build several). */
export function servingCache(overrides: ServingOverrides = {}): (env: Env) => Serving {
  let fingerprint: string | undefined;
  let cached: Serving | undefined;
  return (env) => {
    const next = FIELDS.map((f) => String(env[f] ?? '')).join('\u0000');
    if (cached !== undefined && next === fingerprint && (!cached.ok || cached.deps.artifacts === env.ARTIFACTS)) return cached;
    fingerprint = next;
    cached = createServing(env, overrides);
    if (!cached.ok) console.error(JSON.stringify({ msg: 'serving config invalid', problem: cached.problem }));
    return cached;
  };
}

export function createServing(env: Env, overrides: ServingOverrides = {}): Serving {
  let config;
  try {
    config = parseServingConfig(env.SERVING_CONFIG);
  } catch (error) {
    if (error instanceof ServingConfigError) return { ok: false, problem: error.message };
    throw error;
  }
  const retrieval = parseRetrievalConfig(config.retrieval);
  if (!retrieval.ok) return { ok: false, problem: `SERVING_CONFIG retrieval: ${retrieval.error.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
  const rerankBase = resolveRerankConfig(config.reranking);
  if (!rerankBase.ok) return { ok: false, problem: `SERVING_CONFIG reranking: ${rerankBase.error.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
  // Each variant's re-ranking overrides are checked now, not on a user's request.
  const rerankByVariant = new Map<string, RerankConfig>();
  for (const variant of config.experiment.variants) {
    const resolved = resolveRerankConfig(config.reranking, variant.reranking);
    if (!resolved.ok) return { ok: false, problem: `SERVING_CONFIG experiment variant ${variant.name} reranking: ${resolved.error.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
    rerankByVariant.set(variant.name, resolved.value);
  }
  if ((env.KV_REST_URL ?? '') !== '' && (env.KV_REST_TOKEN ?? '') === '') return { ok: false, problem: 'KV_REST_URL is set but KV_REST_TOKEN is not' };

  const store: FeatureStore | null = overrides.store !== undefined ? overrides.store : env.KV_REST_URL ? kvFeatureStore(env.KV_REST_URL, env.KV_REST_TOKEN!) : null;
  const now = overrides.now ?? Date.now;
  const bundles = new ActiveBundle({
    pointerTtlMs: overrides.pointerTtlMs ?? config.caches.pointer_ttl_ms,
    firstLoadMs: config.deadlines_ms.bundle_load,
    now,
    check: (bundle) => void checkRetrievalBundle(bundle),
  });
  const freshCaches = new Map<string, Refreshing<FreshDelta>>();
  const deps: ServingDeps = {
    config,
    retrievalConfig: retrieval.value,
    rerankConfig: (variant: Variant) => rerankByVariant.get(variant.name) ?? rerankBase.value,
    editorial: config.editorial.map((e) => ({ itemId: e.item_id, ...(e.position !== undefined && { position: e.position }) })),
    bundles,
    artifacts: env.ARTIFACTS,
    pinnedVersion: env.INDEX_VERSION,
    store,
    profiles: new ProfileCache(config.caches.profiles, config.caches.profile_ttl_ms, now),
    snapshot: store === null ? null : new Refreshing<ItemSnapshot>(config.caches.snapshot_ttl_ms, () => store.itemSnapshot(), now),
    fresh: (embeddingVersion) => {
      if (store === null) return null;
      let cache = freshCaches.get(embeddingVersion);
      if (!cache) {
        freshCaches.clear(); // one embedding version is served at a time
        freshCaches.set(embeddingVersion, (cache = new Refreshing(config.caches.fresh_ttl_ms, () => store.freshDelta(embeddingVersion), now)));
      }
      return cache;
    },
    retrieve: overrides.retrieve ?? retrieveCandidates,
    ranker: overrides.ranker ?? ((bundle) => getRanker(bundle.manifest.ranker_version, () => bundle.rankerBytes(), RANKER_HEADS)),
    lastResort: (env.LAST_RESORT_ITEMS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    random: overrides.random ?? Math.random,
    now,
    clock: overrides.clock ?? (() => performance.now()),
  };
  return { ok: true, deps, counters: new FallbackCounters(), bundles };
}
