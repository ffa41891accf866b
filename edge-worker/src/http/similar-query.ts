// GET /v1/items/:id/similar: the item id from the path, the limit, and the
// viewer's country (licensing: without one, only items shown everywhere pass).
import { countrySchema, err, idSchema, ok, toFieldErrors, type Result } from '@freshet/shared';
import { z } from 'zod';
import type { Problem } from './problems.js';
import { parseQuery } from './query-params.js';
import { DEFAULT_LIMIT, limitParam } from './recommendations-query.js';

export const similarQuerySchema = z.object({ limit: limitParam, country: countrySchema.optional() });
export const itemIdParam = idSchema('id');

export interface SimilarQuery {
  readonly itemId: string;
  readonly limit: number;
  readonly country?: string;
}

/** `id` is the path segment as Hono decoded it (c.req.param('id')). */
export function parseSimilarQuery(id: string | undefined, params: URLSearchParams): Result<SimilarQuery, Problem[]> {
  const problems: Problem[] = [];
  const itemId = itemIdParam.safeParse(id);
  if (!itemId.success) problems.push(...toFieldErrors(itemId.error).map((p) => ({ ...p, field: 'id' })));
  const query = parseQuery(similarQuerySchema, params);
  if (!query.ok) problems.push(...query.error);
  if (problems.length > 0 || !itemId.success || !query.ok) return err(problems);
  return ok({ itemId: itemId.data, limit: query.value.limit ?? DEFAULT_LIMIT, ...(query.value.country !== undefined && { country: query.value.country }) });
}
