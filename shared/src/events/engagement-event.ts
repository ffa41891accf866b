// R1: the engagement event — what client apps send for every play, like, skip,
// impression or browse-past, and what flows on `user.engagement.events`.
//
// Wire format is JSON with snake_case fields. Unknown fields are dropped (so
// producers can add fields before consumers know them); known fields are
// checked strictly, and every problem is reported against its field.
import { z } from 'zod';
import { COMPLETED_MIN_PROGRESS, EVENT_TYPES, PAUSED_EARLY_MAX_PROGRESS } from './event-types.js';
import { DEVICES, countrySchema, epochMsSchema, idSchema } from './primitives.js';

export const EVENT_SCHEMA_VERSION = 1;
/** The longest watch time we accept (7 days): anything longer is a client clock or unit bug. */
export const MAX_WATCH_TIME_MS = 7 * 24 * 3600 * 1000;
export const MAX_POSITION = 9999;

export const eventContextSchema = z.object({
  device: z.enum(DEVICES, { error: `device must be one of ${DEVICES.join(', ')}` }).optional(),
  country: countrySchema.optional(),
  local_hour: z
    .number({ error: 'local_hour must be a number' })
    .int({ error: 'local_hour must be an integer hour 0–23' })
    .min(0, { error: 'local_hour must be an integer hour 0–23' })
    .max(23, { error: 'local_hour must be an integer hour 0–23' })
    .optional(),
});

export const engagementEventSchema = z
  .object({
    schema_version: z.literal(EVENT_SCHEMA_VERSION, { error: `schema_version must be ${EVENT_SCHEMA_VERSION}` }).optional(),
    event_id: idSchema('event_id'),
    type: z.enum(EVENT_TYPES, { error: `type must be one of ${EVENT_TYPES.join(', ')}` }),
    user_id: idSchema('user_id'),
    item_id: idSchema('item_id').optional(),
    creator_id: idSchema('creator_id').optional(),
    event_time: epochMsSchema('event_time'),
    progress: z
      .number({ error: 'progress must be a number' })
      .min(0, { error: 'progress must be a fraction between 0 and 1' })
      .max(1, { error: 'progress must be a fraction between 0 and 1' })
      .optional(),
    watch_time_ms: z
      .number({ error: 'watch_time_ms must be a number' })
      .int({ error: 'watch_time_ms must be an integer' })
      .min(0, { error: 'watch_time_ms must not be negative' })
      .max(MAX_WATCH_TIME_MS, { error: 'watch_time_ms must be at most 7 days' })
      .optional(),
    context: eventContextSchema.optional(),
    request_id: idSchema('request_id').optional(),
    position: z
      .number({ error: 'position must be a number' })
      .int({ error: 'position must be an integer' })
      .min(0, { error: 'position must be 0 or more' })
      .max(MAX_POSITION, { error: `position must be at most ${MAX_POSITION}` })
      .optional(),
    surface: idSchema('surface').optional(),
  })
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (e.type === 'subscription_to_creator') {
      if (e.creator_id === undefined) issue('creator_id', 'creator_id is required for subscription_to_creator');
    } else if (e.item_id === undefined) {
      issue('item_id', `item_id is required for ${e.type}`);
    }
    if (e.type === 'media_completed' && e.progress !== undefined && e.progress < COMPLETED_MIN_PROGRESS) {
      issue('progress', `media_completed needs progress >= ${COMPLETED_MIN_PROGRESS} (got ${e.progress})`);
    }
    if (e.type === 'media_paused_early' && e.progress !== undefined && e.progress >= PAUSED_EARLY_MAX_PROGRESS) {
      issue('progress', `media_paused_early needs progress < ${PAUSED_EARLY_MAX_PROGRESS} (got ${e.progress})`);
    }
    if (e.position !== undefined && e.request_id === undefined) {
      issue('request_id', 'request_id is required when position is given (attribution needs both)');
    }
    if (e.type === 'impression') {
      if (e.request_id === undefined) issue('request_id', 'request_id is required for impression');
      if (e.position === undefined) issue('position', 'position is required for impression');
    }
  });

export type EngagementEvent = z.infer<typeof engagementEventSchema>;
export type EventContext = z.infer<typeof eventContextSchema>;
