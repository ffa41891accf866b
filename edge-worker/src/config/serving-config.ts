// The serving configuration: deadlines of the fallback ladder, caches, ranking
// weights and the sections the retrieval and re-ranking stages read. Comes
// from the SERVING_CONFIG var (JSON), validated once per isolate; every field
// has a default taken from the 50 ms budget (issue 5, item 6), so an empty
// config is a working one. A bad config is refused with the field named —
// the worker then serves nothing but that error (never a silently wrong default).
import { z } from 'zod';
import { DEFAULT_HEAD_WEIGHTS, DEFAULT_CO_VISITATION_WEIGHT } from '@freshet/shared/ranking/combined-score';
import { experimentSchema, NO_EXPERIMENT } from '@freshet/shared/experiments/assign';

const ms = (what: string, max: number) =>
  z.number({ error: `${what} must be a number of milliseconds` }).positive({ error: `${what} must be > 0` }).max(max, { error: `${what} must be at most ${max} ms` });
const share = (what: string) => z.number({ error: `${what} must be a number` }).min(0, { error: `${what} must be between 0 and 1` }).max(1, { error: `${what} must be between 0 and 1` });

export const servingConfigSchema = z.strictObject(
  {
    deadlines_ms: z
      .strictObject({
        features: ms('deadlines_ms.features', 60_000).default(10),
        retrieval: ms('deadlines_ms.retrieval', 60_000).default(15),
        ranking: ms('deadlines_ms.ranking', 60_000).default(15),
        assembly: ms('deadlines_ms.assembly', 60_000).default(10),
        /** Loading the active bundle on a cold isolate; past it the request is served from the fallback lists and loading goes on in the background. */
        bundle_load: ms('deadlines_ms.bundle_load', 30_000).default(2_000),
      })
      .prefault({}),
    /** Candidates retrieval hands to the ranker. */
    candidates: z.number().int().min(10).max(2000, { error: 'candidates must be at most 2000' }).default(500),
    max_limit: z.number().int().min(1).max(100, { error: 'max_limit must be at most 100' }).default(100),
    /** Ranker heads → weights of the combined score (an experiment variant may override them). */
    head_weights: z.record(z.string(), z.number().finite()).default({ ...DEFAULT_HEAD_WEIGHTS }),
    /** Weight of the co-visitation prior added to the combined score (shared/src/ranking/combined-score.ts); 0: off. */
    co_visitation_weight: z.number().finite().min(0, { error: 'co_visitation_weight must be >= 0' }).max(100, { error: 'co_visitation_weight must be at most 100' }).default(DEFAULT_CO_VISITATION_WEIGHT),
    caches: z
      .strictObject({
        // The snapshot holds every active item (~5 MB at 100k items): fetching and decoding it costs
        // the isolate ~50–100 ms of its thread, so it is refreshed every 10 s, not at every publish (2 s).
        snapshot_ttl_ms: ms('caches.snapshot_ttl_ms', 60_000).default(10_000),
        fresh_ttl_ms: ms('caches.fresh_ttl_ms', 60_000).default(1_000),
        pointer_ttl_ms: ms('caches.pointer_ttl_ms', 600_000).default(10_000),
        /** Last-known user profiles kept per isolate for the features fallback. */
        profiles: z.number().int().min(0).max(1_000_000).default(10_000),
        profile_ttl_ms: ms('caches.profile_ttl_ms', 86_400_000).default(3_600_000),
      })
      .prefault({}),
    /** The running experiment: users are assigned a variant by hash (shared/src/experiments). */
    experiment: experimentSchema.default(NO_EXPERIMENT),
    /** Share of served lists whose ranking feature rows are logged for the parity monitor. */
    feature_log_sample: share('feature_log_sample').default(0.01),
    /** Editorial pins: candidates always; placed at `position` (0-based) by the re-ranking rules when given. */
    editorial: z
      .array(z.strictObject({ item_id: z.string().min(1).max(256), position: z.number().int().min(0).max(99).optional() }), { error: 'editorial must be an array of { item_id, position? }' })
      .max(100, { error: 'at most 100 editorial pins' })
      .default([]),
    /** Section read by the retrieval stage (shared/candidates/config.ts validates it; warmThreshold is the cold/warm line, R16). */
    retrieval: z.record(z.string(), z.unknown()).default({}),
    /** Section read by the re-ranking layer (its own schema validates it). */
    reranking: z.record(z.string(), z.unknown()).default({}),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : 'SERVING_CONFIG must be a JSON object') },
);

export type ServingConfig = z.output<typeof servingConfigSchema>;

export class ServingConfigError extends Error {
  override name = 'ServingConfigError';
}

/** The config from the SERVING_CONFIG text (absent or empty → all defaults). */
export function parseServingConfig(text: string | undefined): ServingConfig {
  let value: unknown = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ServingConfigError(`SERVING_CONFIG is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = servingConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
    throw new ServingConfigError(`SERVING_CONFIG is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
