// GET /v1/items/:id/similar: the item id from the path and the limit.
import { err, idSchema, ok, toFieldErrors, type Result } from '@freshet/shared';
import { z } from 'zod';
import type { Problem } from './problems.js';
import { parseQuery } from './query-params.js';
import { DEFAULT_LIMIT, limitParam } from './recommendations-query.js';

export const similarQuerySchema = z.object({ limit: limitParam });
export const itemIdParam = idSchema('id');

export interface SimilarQuery {
  readonly itemId: string;
  readonly limit: number;
}

/** `id` is the path segment as Hono decoded it (c.req.param('id')). */
export function parseSimilarQuery(id: string | undefined, params: URLSearchParams): Result<SimilarQuery, Problem[]> {
  const problems: Problem[] = [];
  const itemId = itemIdParam.safeParse(id);
  if (!itemId.success) problems.push(...toFieldErrors(itemId.error).map((p) => ({ ...p, field: 'id' })));
  const query = parseQuery(similarQuerySchema, params);
  if (!query.ok) problems.push(...query.error);
  if (problems.length > 0 || !itemId.success || !query.ok) return err(problems);
  return ok({ itemId: itemId.data, limit: query.value.limit ?? DEFAULT_LIMIT });
}
