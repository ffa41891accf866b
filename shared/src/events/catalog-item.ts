// The catalog item: what `media.published` carries and what indexes, features
// and re-ranking rules read. VIDEO and AUDIO share one catalog (R2).
import { z } from 'zod';
import { CONTENT_TYPES, countrySchema, epochMsSchema, idSchema, languageSchema } from './primitives.js';

export const MATURITY_RATINGS = ['all', '7+', '13+', '16+', '18+', 'unrated'] as const;
export type MaturityRating = (typeof MATURITY_RATINGS)[number];

export const MAX_CATEGORIES = 32;
export const MAX_TITLE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** 30 days: longer "items" are channels or streams, not media. */
export const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;

const categorySchema = z
  .string({ error: 'category must be a string' })
  .min(1, { error: 'category must not be empty' })
  .max(64, { error: 'category must be at most 64 characters' });

export const catalogItemSchema = z
  .object({
    item_id: idSchema('item_id'),
    title: z
      .string({ error: 'title must be a string' })
      .min(1, { error: 'title must not be empty' })
      .max(MAX_TITLE_LENGTH, { error: `title must be at most ${MAX_TITLE_LENGTH} characters` }),
    categories: z
      .array(categorySchema, { error: 'categories must be an array of strings' })
      .max(MAX_CATEGORIES, { error: `at most ${MAX_CATEGORIES} categories` }),
    content_type: z.enum(CONTENT_TYPES, { error: `content_type must be ${CONTENT_TYPES.join(' or ')}` }),
    creator_id: idSchema('creator_id'),
    duration_ms: z
      .number({ error: 'duration_ms must be a number' })
      .int({ error: 'duration_ms must be an integer' })
      .min(1, { error: 'duration_ms must be positive' })
      .max(MAX_DURATION_MS, { error: 'duration_ms must be at most 30 days' }),
    language: languageSchema,
    /** When the item became available on this platform (not its original release). */
    publish_time: epochMsSchema('publish_time'),
    /** Original release year, when known (films, albums). */
    release_year: z
      .number({ error: 'release_year must be a number' })
      .int({ error: 'release_year must be an integer' })
      .min(1800, { error: 'release_year must be between 1800 and 2100' })
      .max(2100, { error: 'release_year must be between 1800 and 2100' })
      .optional(),
    available_from: epochMsSchema('available_from').optional(),
    available_until: epochMsSchema('available_until').optional(),
    /** Licensing: where the item may be shown; absent means everywhere. */
    available_countries: z.array(countrySchema, { error: 'available_countries must be an array' }).optional(),
    maturity_rating: z.enum(MATURITY_RATINGS, { error: `maturity_rating must be one of ${MATURITY_RATINGS.join(', ')}` }),
    unlisted: z.boolean({ error: 'unlisted must be true or false' }).default(false),
    description: z
      .string({ error: 'description must be a string' })
      .max(MAX_DESCRIPTION_LENGTH, { error: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` })
      .default(''),
    tags: z.array(categorySchema, { error: 'tags must be an array of strings' }).max(64, { error: 'at most 64 tags' }).optional(),
    /** When this version of the item was published to the topic; later versions win. */
    updated_at: epochMsSchema('updated_at').optional(),
  })
  .superRefine((item, ctx) => {
    if (item.available_from !== undefined && item.available_until !== undefined && item.available_until <= item.available_from) {
      ctx.addIssue({ code: 'custom', path: ['available_until'], message: 'available_until must be after available_from' });
    }
  });

/** A validated catalog item (defaults applied: unlisted=false, description=''). */
export type CatalogItem = z.output<typeof catalogItemSchema>;
/** What producers may send (unlisted and description may be omitted). */
export type CatalogItemInput = z.input<typeof catalogItemSchema>;
