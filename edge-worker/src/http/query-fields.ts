// zod schemas for single query-parameter values (always strings on the wire),
// each with messages that name the parameter and the accepted range. The
// .meta() describes the decoded value for the OpenAPI document (a transform
// has no JSON Schema of its own).
import { z } from 'zod';

/** A whole number in [min, max] written in decimal digits ("020" is 20; "2.0", "1e2", "-1" are refused). */
export const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: `${name} must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be a whole number from ${min} to ${max}` })
        .max(max, { error: `${name} must be a whole number from ${min} to ${max}` }),
    )
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined });

export const booleanParam = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true, false, 1 or 0` })
    .transform((v) => v === 'true' || v === '1')
    .meta({ type: 'boolean', enum: undefined });
