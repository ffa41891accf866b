// The re-ranking rules' settings: one validated object with defaults, read
// from env JSON and optionally overridden by an experiment variant's partial
// settings. Unknown keys are errors, so a misspelt knob never silently does nothing.
import { z } from 'zod';
import { MATURITY_RATINGS } from '../events/catalog-item.js';
import { toFieldErrors, type FieldError } from '../events/field-errors.js';
import { err, ok, type Result } from '../result.js';

const number = (what: string) => z.number({ error: `${what} must be a number` });
const between = (what: string, min: number, max: number) =>
  number(what).min(min, { error: `${what} must be between ${min} and ${max}` }).max(max, { error: `${what} must be between ${min} and ${max}` });
const integer = (what: string, min: number, max: number) =>
  between(what, min, max).int({ error: `${what} must be an integer` });
const names = (what: string) =>
  z.array(z.string({ error: `${what} must hold strings` }).min(1, { error: `${what} must not hold empty strings` }), { error: `${what} must be an array of strings` });
const maturity = (what: string) => z.enum(MATURITY_RATINGS, { error: `${what} must be one of ${MATURITY_RATINGS.join(', ')}` });
const section = <T extends z.ZodRawShape>(what: string, shape: T) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `${what}: unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${what} must be an object`) });

/** Bounds of the exploration shares (R14: 2–5 % of slots for warm users, ~10 % for cold ones). */
export const WARM_EXPLORE_BOUNDS = [0.02, 0.05] as const;
export const COLD_EXPLORE_BOUNDS = [0.05, 0.2] as const;

export const rerankConfigSchema = z.strictObject(
  {
    /** Candidates without facts: 'drop' (fail closed: their availability, licence and maturity are unknown) or 'keep'. */
    unknownFacts: z.enum(['drop', 'keep'], { error: 'unknownFacts must be "drop" or "keep"' }).default('drop'),
    maturity: section('maturity', {
      /** Ceiling for users whose request carries none; null: no maturity filter for them. */
      defaultCeiling: maturity('maturity.defaultCeiling').nullable().default(null),
      /** The rating "unrated" items count as when compared with a ceiling (MovieLens items are all unrated). */
      unratedAs: maturity('maturity.unratedAs').default('18+'),
    }).prefault({}),
    policy: section('policy', {
      /** Blocked everywhere, in addition to the request's own blocks. */
      blockedItems: names('policy.blockedItems').default([]),
      blockedCategories: names('policy.blockedCategories').default([]),
      blockedCreators: names('policy.blockedCreators').default([]),
    }).prefault({}),
    freshness: section('freshness', {
      /** Added to the score of an item published just now (units of the combined ranking score); 0: off. */
      weight: between('freshness.weight', 0, 10).default(0.05),
      /** The boost halves every this many hours since publish. */
      halfLifeHours: number('freshness.halfLifeHours').positive({ error: 'freshness.halfLifeHours must be positive' }).default(24),
    }).prefault({}),
    discovery: section('discovery', {
      /** Minimum share of the user's less-played content type in the top `window`, for users whose own share is below it; 0: off. */
      targetShare: between('discovery.targetShare', 0, 0.5).default(0.1),
      window: integer('discovery.window', 1, 1000).default(10),
    }).prefault({}),
    diversity: section('diversity', {
      /** At most this many consecutive items from one creator; 0: off. */
      maxConsecutiveCreator: integer('diversity.maxConsecutiveCreator', 0, 1000).default(2),
      /** At most this many consecutive items sharing the primary (first) category; 0: off. */
      maxConsecutiveCategory: integer('diversity.maxConsecutiveCategory', 0, 1000).default(3),
    }).prefault({}),
    exploration: section('exploration', {
      enabled: z.boolean({ error: 'exploration.enabled must be true or false' }).default(true),
      warmShare: between('exploration.warmShare', ...WARM_EXPLORE_BOUNDS).default(0.03),
      coldShare: between('exploration.coldShare', ...COLD_EXPLORE_BOUNDS).default(0.1),
      /** First position (0-based) an exploration pick may take: the top slots stay exploitative. */
      minPosition: integer('exploration.minPosition', 0, 1000).default(1),
      /** Exploration picks come from this many best candidates below the shown ones. */
      poolSize: integer('exploration.poolSize', 1, 1000).default(30),
      /** Beta prior of the click rate (mean alpha / (alpha + beta)). */
      priorAlpha: number('exploration.priorAlpha').positive({ error: 'exploration.priorAlpha must be positive' }).default(1),
      priorBeta: number('exploration.priorBeta').positive({ error: 'exploration.priorBeta must be positive' }).default(19),
      /** Monte Carlo draws that estimate each pick's propensity (its standard error is √(p(1−p)/n)). */
      propensitySamples: integer('exploration.propensitySamples', 10, 10_000).default(100),
    }).prefault({}),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}` : 'the re-ranking config must be an object') },
);

export type RerankConfig = z.output<typeof rerankConfigSchema>;
export type RerankConfigInput = z.input<typeof rerankConfigSchema>;

export const DEFAULT_RERANK_CONFIG: RerankConfig = rerankConfigSchema.parse({});

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `variant` over `base`: objects merge key by key, anything else (arrays included) replaces. */
function overlay(base: unknown, variant: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(variant)) return variant;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(variant)) out[key] = key in base ? overlay(base[key], value) : value;
  return out;
}

/**
 * Validates settings (undefined: all defaults) with an experiment variant's
 * partial settings laid over them. Errors name the field ("exploration.warmShare").
 */
export function resolveRerankConfig(base: unknown = {}, variant?: unknown): Result<RerankConfig, FieldError[]> {
  if (variant !== undefined && !isPlainObject(variant)) return err([{ field: '', message: 'the variant\'s re-ranking settings must be an object' }]);
  const parsed = rerankConfigSchema.safeParse(variant === undefined ? base : overlay(base ?? {}, variant));
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error));
}

/** Same, from JSON text (an env var); undefined or blank text means all defaults. */
export function parseRerankConfigJson(text: string | undefined, variant?: unknown): Result<RerankConfig, FieldError[]> {
  if (text === undefined || text.trim() === '') return resolveRerankConfig({}, variant);
  let base: unknown;
  try {
    base = JSON.parse(text);
  } catch (e) {
    return err([{ field: '', message: `the re-ranking config is not valid JSON (${(e as Error).message})` }]);
  }
  return resolveRerankConfig(base, variant);
}
