// What we know about a user before behaviour: onboarding choices and cohort
// attributes (R16 cold start). All optional — most users tell us nothing.
import { z } from 'zod';
import { countrySchema, idSchema, languageSchema } from './primitives.js';

export const AGE_BUCKETS = ['<18', '18-24', '25-34', '35-44', '45-49', '50-55', '56+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export const userProfileSchema = z.object({
  user_id: idSchema('user_id'),
  age_bucket: z.enum(AGE_BUCKETS, { error: `age_bucket must be one of ${AGE_BUCKETS.join(', ')}` }).optional(),
  gender: z.enum(['F', 'M', 'X'], { error: 'gender must be F, M or X' }).optional(),
  occupation: z.string().min(1).max(64).optional(),
  country: countrySchema.optional(),
  /** Postal code prefix; used only to derive a coarse region cohort. */
  postal_prefix: z.string().max(16).optional(),
  language: languageSchema.optional(),
  onboarding_categories: z.array(z.string().min(1).max(64)).max(32).optional(),
});

export type UserProfile = z.infer<typeof userProfileSchema>;
