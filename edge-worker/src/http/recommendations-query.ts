// GET /v1/recommendations: the query parameters, their rules and the typed
// request the serving path receives. Context fields (device, country,
// local_hour) use the shared event-context rules; categories are onboarding
// preferences for cold users.
import { DEVICES, MAX_CATEGORIES, countrySchema, idSchema, type Result } from '@freshet/shared';
import { z } from 'zod';
import { CURSOR_PATTERN, MAX_CURSOR_CHARS } from './cursor.js';
import type { Problem } from './problems.js';
import { booleanParam, intParam } from './query-fields.js';
import { parseQuery } from './query-params.js';

export const SURFACES = ['home', 'detail', 'search', 'notification'] as const;
export type Surface = (typeof SURFACES)[number];
export const DEFAULT_LIMIT = 20;
export const DEFAULT_SURFACE: Surface = 'home';
export const MAX_LIMIT = 100;
export const MAX_CATEGORY_LENGTH = 64;
/** What an absent parameter means (the OpenAPI document shows these; zod drops defaults of input schemas). */
export const QUERY_DEFAULTS: Readonly<Record<string, unknown>> = { limit: DEFAULT_LIMIT, surface: DEFAULT_SURFACE, debug: false };

export const limitParam = intParam('limit', 1, MAX_LIMIT).optional();

const categoriesParam = z
  .string()
  .transform((text, ctx) => {
    const list = text.split(',').map((c) => c.trim());
    if (list.length > MAX_CATEGORIES) {
      ctx.addIssue({ code: 'custom', message: `categories may list at most ${MAX_CATEGORIES} categories (got ${list.length})` });
      return z.NEVER;
    }
    list.forEach((category, i) => {
      if (category === '') ctx.addIssue({ code: 'custom', path: [i], message: `categories.${i} is empty (write a,b not a,,b)` });
      else if (category.length > MAX_CATEGORY_LENGTH) {
        ctx.addIssue({ code: 'custom', path: [i], message: `categories.${i} must be at most ${MAX_CATEGORY_LENGTH} characters` });
      }
    });
    return [...new Set(list)];
  })
  .meta({ type: 'array', items: { type: 'string', minLength: 1, maxLength: MAX_CATEGORY_LENGTH }, maxItems: MAX_CATEGORIES, style: undefined })
  .optional();

export const recommendationsQuerySchema = z.object({
  user_id: idSchema('user_id'),
  limit: limitParam,
  surface: z.enum(SURFACES, { error: `surface must be one of ${SURFACES.join(', ')}` }).optional(),
  cursor: z
    .string()
    .max(MAX_CURSOR_CHARS, { error: `cursor must be at most ${MAX_CURSOR_CHARS} characters` })
    .regex(CURSOR_PATTERN, { error: 'cursor must be the next_cursor of a previous page, unchanged' })
    .optional(),
  device: z.enum(DEVICES, { error: `device must be one of ${DEVICES.join(', ')}` }).optional(),
  country: countrySchema.optional(),
  local_hour: intParam('local_hour', 0, 23).optional(),
  categories: categoriesParam,
  debug: booleanParam('debug').optional(),
});

export interface RecommendationsQuery {
  readonly userId: string;
  readonly limit: number;
  readonly surface: Surface;
  /** Still to be verified with decodeCursor (it needs the key and the binding). */
  readonly cursor?: string;
  readonly context: { readonly device?: (typeof DEVICES)[number]; readonly country?: string; readonly localHour?: number };
  /** Onboarding preferences, deduplicated, in the order given. */
  readonly categories: readonly string[];
  /** Asked for; only admins get it (checkAdmin). */
  readonly debug: boolean;
}

export function parseRecommendationsQuery(params: URLSearchParams): Result<RecommendationsQuery, Problem[]> {
  const parsed = parseQuery(recommendationsQuerySchema, params);
  if (!parsed.ok) return parsed;
  const q = parsed.value;
  return {
    ok: true,
    value: {
      userId: q.user_id,
      limit: q.limit ?? DEFAULT_LIMIT,
      surface: q.surface ?? DEFAULT_SURFACE,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      context: {
        ...(q.device !== undefined ? { device: q.device } : {}),
        ...(q.country !== undefined ? { country: q.country } : {}),
        ...(q.local_hour !== undefined ? { localHour: q.local_hour } : {}),
      },
      categories: q.categories ?? [],
      debug: q.debug ?? false,
    },
  };
}
