// The knobs of the synthetic workload, validated (they come from CLI flags).
import { z } from 'zod';
import { toFieldErrors, type FieldError } from '../../events/field-errors.js';
import { MAX_TIME_MS, MIN_TIME_MS } from '../../events/primitives.js';
import { err, ok, type Result } from '../../result.js';

const fraction = (what: string) =>
  z.number({ error: `${what} must be a number` }).min(0, { error: `${what} must be between 0 and 1` }).max(1, { error: `${what} must be between 0 and 1` });
const count = (what: string, min = 1) =>
  z.number({ error: `${what} must be a number` }).int({ error: `${what} must be an integer` }).min(min, { error: `${what} must be at least ${min}` });

export const syntheticConfigSchema = z
  .object({
    /** Same seed, same stream — byte for byte. */
    seed: z.union([z.number().int(), z.string().min(1)]).default(42),
    users: count('users').max(1e9).default(100_000),
    items: count('items').max(1e9).default(50_000),
    creators: count('creators').optional(),
    categories: count('categories').max(1000).default(40),
    /** Records to emit in total (valid events, duplicates and malformed records). */
    events: count('events', 0).default(1_000_000),
    startTimeMs: z.number().int().min(MIN_TIME_MS).max(MAX_TIME_MS).default(Date.UTC(2026, 0, 5)),
    /** Event-time density: valid events per simulated second (50M/day ≈ 580/s). */
    eventsPerSecond: z.number().positive({ error: 'eventsPerSecond must be positive' }).default(580),
    itemZipfExponent: z.number().positive().max(5).default(1.05),
    userZipfExponent: z.number().positive().max(5).default(0.7),
    /** Share of the catalog that is AUDIO (the rest is VIDEO). */
    audioShare: fraction('audioShare').default(0.3),
    /** Share of events delivered after events that happened later than them. */
    lateRate: fraction('lateRate').default(0.01),
    /** How far behind event time a late event may arrive. */
    maxLatenessMs: count('maxLatenessMs').default(120_000),
    /** Share of records that are redeliveries of an earlier event (same event_id). */
    duplicateRate: fraction('duplicateRate').default(0.005),
    /** Share of records that are malformed (each kind of defect in turn). */
    malformedRate: fraction('malformedRate').default(0.001),
    /** Items on one recommendation page (impressions per request). */
    pageSize: count('pageSize').max(100).default(8),
    /** Mean pages a session goes through. */
    pagesPerSession: z.number().min(1).max(100).default(3),
  })
  .superRefine((c, ctx) => {
    if (c.duplicateRate + c.malformedRate >= 1) {
      ctx.addIssue({ code: 'custom', path: ['duplicateRate'], message: 'duplicateRate + malformedRate must be below 1' });
    }
  });

export type SyntheticConfigInput = z.input<typeof syntheticConfigSchema>;
export type SyntheticConfig = z.output<typeof syntheticConfigSchema> & { readonly creators: number };

/** Validates and fills defaults; creators default to one per 25 items. */
export function resolveSyntheticConfig(input: SyntheticConfigInput = {}): Result<SyntheticConfig, FieldError[]> {
  const parsed = syntheticConfigSchema.safeParse(input);
  if (!parsed.success) return err(toFieldErrors(parsed.error));
  const creators = parsed.data.creators ?? Math.max(1, Math.ceil(parsed.data.items / 25));
  return ok({ ...parsed.data, creators });
}
