// Field types shared by every schema: ids, epoch-millisecond times, countries.
// They bound what the KV key layout and the stream jobs have to cope with.
import { z } from 'zod';

/** Ids are opaque but bounded and printable, so they are safe inside KV keys and logs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
export const ID_MAX_LENGTH = 128;

export const idSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, { error: `${what} must not be empty` })
    .max(ID_MAX_LENGTH, { error: `${what} must be at most ${ID_MAX_LENGTH} characters` })
    .regex(ID_PATTERN, { error: `${what} may contain only letters, digits and _ . : @ - (and must start with a letter or digit)` });

/** 1990-01-01T00:00:00Z: old enough for the MovieLens history, new enough to catch seconds-for-ms mistakes. */
export const MIN_TIME_MS = Date.UTC(1990, 0, 1);
/** 2100-01-01T00:00:00Z. */
export const MAX_TIME_MS = Date.UTC(2100, 0, 1);

export const epochMsSchema = (what: string) =>
  z
    .number({ error: `${what} must be a number (UTC epoch milliseconds)` })
    .int({ error: `${what} must be an integer number of milliseconds` })
    .superRefine((value, ctx) => {
      if (value >= MIN_TIME_MS && value < MAX_TIME_MS) return;
      const hint =
        value >= MIN_TIME_MS / 1000 && value < MAX_TIME_MS / 1000 ? ` (${value} looks like seconds; send milliseconds)` : '';
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be UTC epoch milliseconds between 1990-01-01 and 2100-01-01${hint}`,
      });
    });

export const countrySchema = z
  .string({ error: 'country must be a string' })
  .regex(/^[A-Z]{2}$/, { error: 'country must be an ISO 3166-1 alpha-2 code in upper case, e.g. "DE"' });

/** BCP 47 language tag (simplified): "en", "pt-BR", "und" for undetermined. */
export const languageSchema = z
  .string({ error: 'language must be a string' })
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'language must be a BCP 47 tag such as "en", "pt-BR" or "und"' });

export const CONTENT_TYPES = ['VIDEO', 'AUDIO'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const DEVICES = ['tv', 'mobile', 'tablet', 'web', 'desktop', 'console', 'car', 'speaker', 'other'] as const;
export type Device = (typeof DEVICES)[number];
