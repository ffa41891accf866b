// The knobs of multi-source retrieval, validated (they come from env JSON or
// an experiment variant). Every field has a default, so `{}` is a valid
// config; unknown keys are refused so a typo cannot silently keep a default.
import { z } from 'zod';
import { toFieldErrors, type FieldError } from '../events/field-errors.js';
import { err, ok, type Result } from '../result.js';
import { SOURCES, type SourceName } from './sources.js';

/** The kernel's largest k: no source may ask the index for more. */
export const MAX_SOURCE_QUOTA = 1024;
export const MAX_CANDIDATES = 2000;
const DAY_MS = 24 * 3600_000;

const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .min(min, { error: `${what} must be between ${min} and ${max}` })
    .max(max, { error: `${what} must be between ${min} and ${max}` });

const sourceName = z.enum(SOURCES, { error: `a source must be one of ${SOURCES.join(', ')}` });

/**
 * Default quotas: the cold path's sources (all but ann and similar) add up to
 * the default limit of 500, so a cold user's lists all fit; a warm user's
 * proposals (~950) are cut to 500 by the interleaving in proportion.
 */
export const DEFAULT_QUOTAS: Readonly<Record<SourceName, number>> = {
  editorial: 20,
  continue: 20,
  ann: 300,
  similar: 150,
  co_visitation: 150,
  content: 50,
  fresh: 50,
  trending_cohort: 60,
  trending_geo: 40,
  trending: 60,
  popular: 50,
};

/**
 * Cold users (R16): content, cohort popularity and trending, the business sources, and item-to-item
 * co-visitation (a list is as good after one item as after fifty); not the sources that need a
 * user vector or the vector neighbours of a few items (ann, similar).
 */
export const DEFAULT_COLD_SOURCES: readonly SourceName[] = ['editorial', 'continue', 'co_visitation', 'content', 'fresh', 'trending_cohort', 'trending_geo', 'trending', 'popular'];

const quotasSchema = z
  .strictObject(
    Object.fromEntries(SOURCES.map((s) => [s, int(`quota of ${s}`, 0, MAX_SOURCE_QUOTA).optional()])) as Record<SourceName, z.ZodOptional<z.ZodNumber>>,
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown source in quotas: ${issue.keys.join(', ')}` : 'quotas must be an object of source name → count') },
  )
  .default({});

const uniqueSources = (what: string) =>
  z.array(sourceName, { error: `${what} must be an array of source names` }).refine((list) => new Set(list).size === list.length, { error: `${what} must not repeat a source` });

const unknownKeys = (what: string) => (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `unknown ${what} field: ${issue.keys!.join(', ')}` : `${what} must be an object`;

export const retrievalConfigSchema = z.strictObject({
  /** Candidates handed to ranking at most. */
  limit: int('limit', 1, MAX_CANDIDATES).default(500),
  /** Users with fewer interactions than this take the cold path (R16). */
  warmThreshold: int('warmThreshold', 0, 1_000_000).default(50),
  /** Most items each source may propose (0 turns a source off). Missing sources keep their default. */
  quotas: quotasSchema,
  /** Interleaving priority on ties; sources not listed follow in the default order. */
  priority: uniqueSources('priority').default([...SOURCES]),
  /** Sources that run for cold users (warm users run them all). */
  coldSources: uniqueSources('coldSources').default([...DEFAULT_COLD_SOURCES]),
  /** Top recent items whose neighbours the item-to-item source proposes. */
  similarSeeds: int('similarSeeds', 1, 50).default(5),
  /** Recent items pooled into the user's query vector (user-vector.ts). */
  pooledItems: int('pooledItems', 1, 100).default(20),
  /** Factor on negatively scored recent items in the pooled query (0 = ignored, the measured best). */
  negativeWeight: z.number({ error: 'negativeWeight must be a number' }).min(0, { error: 'negativeWeight must be >= 0' }).max(4, { error: 'negativeWeight must be <= 4' }).default(0),
  /** Categories of the user's affinity used as the content query when there are no onboarding choices. */
  tasteCategories: int('tasteCategories', 1, 32).default(5),
  continueWatching: z
    .strictObject({
      /** Largest engagement (Σ signal weight, undecayed) of an item still counted as "started, not finished". */
      maxStartedScore: z.number({ error: 'continueWatching.maxStartedScore must be a number' }).positive({ error: 'continueWatching.maxStartedScore must be positive' }).max(10).default(0.6),
      /** Items last touched longer ago than this are not offered again. */
      maxAgeMs: int('continueWatching.maxAgeMs', 60_000, 90 * DAY_MS).default(7 * DAY_MS),
    }, { error: unknownKeys('continueWatching') })
    .default({ maxStartedScore: 0.6, maxAgeMs: 7 * DAY_MS }),
}, { error: unknownKeys('retrieval config') });

export type RetrievalConfigInput = z.input<typeof retrievalConfigSchema>;

export interface RetrievalConfig extends Omit<z.output<typeof retrievalConfigSchema>, 'quotas' | 'priority'> {
  /** Every source's quota (defaults filled in). */
  readonly quotas: Readonly<Record<SourceName, number>>;
  /** Every source, in interleaving priority. */
  readonly priority: readonly SourceName[];
}

/** Validates and fills defaults; errors name the field (`quotas.ann: quota of ann must be between 0 and 1024`). */
export function parseRetrievalConfig(input: unknown = {}): Result<RetrievalConfig, FieldError[]> {
  const parsed = retrievalConfigSchema.safeParse(input);
  if (!parsed.success) return err(toFieldErrors(parsed.error));
  const c = parsed.data;
  const quotas = Object.fromEntries(SOURCES.map((s) => [s, c.quotas[s] ?? DEFAULT_QUOTAS[s]])) as Record<SourceName, number>;
  const priority = [...c.priority, ...SOURCES.filter((s) => !c.priority.includes(s))];
  return ok({ ...c, quotas, priority });
}

/** The default config (what `{}` parses to). */
export const DEFAULT_RETRIEVAL_CONFIG: RetrievalConfig = (() => {
  const parsed = parseRetrievalConfig({});
  if (!parsed.ok) throw new Error('the default retrieval config does not validate');
  return parsed.value;
})();
