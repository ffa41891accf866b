// Turning URL query parameters into the plain object a zod schema checks:
// each parameter at most once, no unknown names (a typo like `limt` must not
// silently fall back to a default), and zod issues as field problems.
import { err, ok, toFieldErrors, type Result } from '@freshet/shared';
import type { z } from 'zod';
import type { Problem } from './problems.js';

export function singleValuedParams(params: URLSearchParams, known: readonly string[]): Result<Record<string, string>, Problem[]> {
  const values: Record<string, string> = {};
  const problems: Problem[] = [];
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    if (!known.includes(name)) problems.push({ field: name, message: `unknown parameter "${name}"; known parameters: ${known.join(', ')}` });
    else if (all.length > 1) problems.push({ field: name, message: `${name} must be given once (got ${all.length} values)` });
    else values[name] = all[0]!;
  }
  return problems.length > 0 ? err(problems) : ok(values);
}

// Schemas are module constants; this only saves re-deriving their required names per request.
const requiredCache = new WeakMap<z.ZodObject, readonly string[]>();

/** Parameters whose schema refuses `undefined`, i.e. must be present. */
export function requiredParams(schema: z.ZodObject): readonly string[] {
  let names = requiredCache.get(schema);
  if (names === undefined) {
    names = Object.entries(schema.shape).filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success).map(([name]) => name);
    requiredCache.set(schema, names);
  }
  return names;
}

/**
 * Checks query parameters against an object schema whose keys are the known
 * parameter names. A missing required parameter is reported as "<name> is
 * required" (the field schemas, shared with the event schemas, would say
 * "must be a string").
 */
export function parseQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams): Result<z.output<S>, Problem[]> {
  const values = singleValuedParams(params, Object.keys(schema.shape));
  if (!values.ok) return values;
  const missing = requiredParams(schema).filter((name) => values.value[name] === undefined);
  const parsed = schema.safeParse(values.value);
  if (parsed.success) return ok(parsed.data);
  const problems = [
    ...missing.map((name) => ({ field: name, message: `${name} is required` })),
    ...toFieldErrors(parsed.error).filter((p) => !missing.includes(p.field)),
  ];
  return err(problems);
}
