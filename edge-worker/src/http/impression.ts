// What a client reports after showing a recommendation list: which items it
// actually displayed, where, for which request, under which index and model
// versions (R18 exposure logging). Unknown fields are dropped, as for events.
// This schema belongs with the event schemas in shared/src/events once the
// ingestion gateway consumes it; it lives here until then.
import { MAX_POSITION, epochMsSchema, err, idSchema, ok, toFieldErrors, type FieldError, type Result } from '@freshet/shared';
import { z } from 'zod';
import { SURFACES } from './recommendations-query.js';

/** A page shows at most MAX_LIMIT items; a client may report a longer scrolled row, but not unboundedly. */
export const MAX_IMPRESSION_ITEMS = 500;

export const impressedItemSchema = z.object({
  item_id: idSchema('item_id'),
  position: z
    .number({ error: 'position must be a number' })
    .int({ error: 'position must be an integer' })
    .min(0, { error: 'position must be 0 or more' })
    .max(MAX_POSITION, { error: `position must be at most ${MAX_POSITION}` }),
});

export const impressionSchema = z
  .object({
    request_id: idSchema('request_id'),
    user_id: idSchema('user_id'),
    surface: z.enum(SURFACES, { error: `surface must be one of ${SURFACES.join(', ')}` }),
    items: z
      .array(impressedItemSchema, { error: 'items must be an array of {item_id, position}' })
      .min(1, { error: 'items must list at least one item' })
      .max(MAX_IMPRESSION_ITEMS, { error: `items must list at most ${MAX_IMPRESSION_ITEMS} items` }),
    index_version: idSchema('index_version'),
    model_version: idSchema('model_version'),
    /** When the list was shown, UTC epoch ms (client clock). */
    time: epochMsSchema('time'),
    variant: idSchema('variant').optional(),
  })
  .superRefine((impression, ctx) => {
    const items = new Set<string>();
    const positions = new Set<number>();
    impression.items.forEach((item, i) => {
      if (items.has(item.item_id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'item_id'], message: `item ${item.item_id} is listed twice` });
      if (positions.has(item.position)) ctx.addIssue({ code: 'custom', path: ['items', i, 'position'], message: `position ${item.position} is used twice` });
      items.add(item.item_id);
      positions.add(item.position);
    });
  });

export type Impression = z.output<typeof impressionSchema>;

export function validateImpression(input: unknown): Result<Impression, FieldError[]> {
  const parsed = impressionSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error));
}
