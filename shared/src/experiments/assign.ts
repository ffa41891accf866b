// Experiment assignment (R18): a user's variant is a pure function of the
// experiment's salt and the user id — the same on every edge, in every
// region, in the offline analysis, with no lookup. Buckets are FNV-1a of
// "<salt>:<user id>" mod 10,000, laid out in variant order by share.
import { z } from 'zod';
import { fnv1a32 } from '../util/hash.js';

export const BUCKETS = 10_000;

export const variantSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: 'a variant name is 1–32 of a-z 0-9 _ -, starting with a letter or digit' }),
  /** Share of users, 0–1; the shares of an experiment add up to 1. */
  share: z.number().min(0, { error: 'share must be between 0 and 1' }).max(1, { error: 'share must be between 0 and 1' }),
  /** Ranker head weights for this variant (absent: the serving default). */
  head_weights: z.record(z.string(), z.number().finite()).optional(),
  /** Re-ranking overrides for this variant (validated by the re-ranking layer). */
  reranking: z.record(z.string(), z.unknown()).optional(),
});

export const experimentSchema = z
  .strictObject({
    /** Changing the salt reshuffles every user: a new experiment, not the same one resized. */
    salt: z.string().min(1, { error: 'salt must not be empty' }).max(64),
    variants: z.array(variantSchema).min(1, { error: 'an experiment needs at least one variant' }).max(16),
  })
  .superRefine((e, ctx) => {
    const total = e.variants.reduce((sum, v) => sum + v.share, 0);
    if (Math.abs(total - 1) > 1e-9) ctx.addIssue({ code: 'custom', path: ['variants'], message: `variant shares add up to ${total}, not 1` });
    const names = new Set<string>();
    for (const [i, v] of e.variants.entries()) {
      if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `variant ${v.name} appears twice` });
      names.add(v.name);
    }
  });

export type Variant = z.output<typeof variantSchema>;
export type Experiment = z.output<typeof experimentSchema>;

/** The experiment every request is in when none is configured. */
export const NO_EXPERIMENT: Experiment = { salt: 'none', variants: [{ name: 'control', share: 1 }] };

/** The user's bucket in [0, BUCKETS). */
export const bucketOf = (salt: string, userId: string): number => fnv1a32(`${salt}:${userId}`) % BUCKETS;

/** The user's variant: the one whose cumulative share range holds their bucket. */
export function assignVariant(experiment: Experiment, userId: string): Variant {
  const bucket = bucketOf(experiment.salt, userId);
  let upper = 0;
  for (const variant of experiment.variants) {
    upper += Math.round(variant.share * BUCKETS);
    if (bucket < upper) return variant;
  }
  return experiment.variants[experiment.variants.length - 1]!;
}
