// fast-check arbitraries for valid domain records, shared by the property
// tests of every package (codecs, stream jobs, HTTP handlers).
import fc from 'fast-check';
import {
  AGE_BUCKETS,
  CONTENT_TYPES,
  DEVICES,
  EVENT_TYPES,
  MATURITY_RATINGS,
  MAX_TIME_MS,
  MIN_TIME_MS,
  type CatalogItem,
  type EngagementEvent,
  type EventType,
  type UserProfile,
} from '../events/index.js';

const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-'.split(''));
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));

export const idArb: fc.Arbitrary<string> = fc
  .tuple(alnum, fc.array(idChars, { maxLength: 40 }))
  .map(([first, rest]) => first + rest.join(''));

export const epochMsArb: fc.Arbitrary<number> = fc.integer({ min: MIN_TIME_MS, max: MAX_TIME_MS - 1 });

const countryArb = fc.constantFrom('US', 'DE', 'FR', 'BR', 'JP', 'IN', 'GB', 'NG');

const contextArb = fc.record(
  {
    device: fc.constantFrom(...DEVICES),
    country: countryArb,
    local_hour: fc.integer({ min: 0, max: 23 }),
  },
  { requiredKeys: [] },
);

/** Progress that satisfies the per-type rules (completed >= 0.9, paused early < 0.3). */
function progressFor(type: EventType): fc.Arbitrary<number> {
  if (type === 'media_completed') return fc.double({ min: 0.9, max: 1, noNaN: true });
  if (type === 'media_paused_early') return fc.double({ min: 0, max: 0.29, noNaN: true });
  return fc.double({ min: 0, max: 1, noNaN: true });
}

export const eventArb: fc.Arbitrary<EngagementEvent> = fc.constantFrom(...EVENT_TYPES).chain((type) => {
  const attributed = type === 'impression';
  return fc
    .record(
      {
        event_id: idArb,
        user_id: idArb,
        item_id: idArb,
        creator_id: idArb,
        event_time: epochMsArb,
        progress: progressFor(type),
        watch_time_ms: fc.integer({ min: 0, max: 24 * 3600 * 1000 }),
        context: contextArb,
        request_id: idArb,
        position: fc.integer({ min: 0, max: 500 }),
        surface: fc.constantFrom('home', 'search', 'player', 'notifications'),
      },
      {
        requiredKeys: [
          'event_id',
          'user_id',
          'event_time',
          ...(type === 'subscription_to_creator' ? (['creator_id'] as const) : (['item_id'] as const)),
          ...(attributed ? (['request_id', 'position'] as const) : []),
        ],
      },
    )
    .map((fields) => {
      const event: EngagementEvent = { type, ...fields };
      // Attribution needs both halves: drop a position that lost its request_id.
      if (event.position !== undefined && event.request_id === undefined) delete event.position;
      return event;
    });
});

export const catalogItemArb: fc.Arbitrary<CatalogItem> = fc
  .record({
    item_id: idArb,
    title: fc.string({ minLength: 1, maxLength: 80 }),
    categories: fc.uniqueArray(fc.constantFrom('drama', 'comedy', 'news', 'jazz', 'sport', 'kids', 'true-crime'), { maxLength: 4 }),
    content_type: fc.constantFrom(...CONTENT_TYPES),
    creator_id: idArb,
    duration_ms: fc.integer({ min: 1, max: 4 * 3600 * 1000 }),
    language: fc.constantFrom('en', 'de', 'pt-BR', 'und'),
    publish_time: epochMsArb,
    maturity_rating: fc.constantFrom(...MATURITY_RATINGS),
    unlisted: fc.boolean(),
    description: fc.string({ maxLength: 200 }),
    window: fc.option(fc.tuple(epochMsArb, fc.integer({ min: 1, max: 365 * 24 * 3600 * 1000 })), { nil: undefined }),
  })
  .filter((r) => r.window === undefined || r.window[0] + r.window[1] < MAX_TIME_MS)
  .map(({ window, ...item }) =>
    window === undefined ? item : { ...item, available_from: window[0], available_until: window[0] + window[1] },
  );

export const userProfileArb: fc.Arbitrary<UserProfile> = fc.record(
  {
    user_id: idArb,
    age_bucket: fc.constantFrom(...AGE_BUCKETS),
    gender: fc.constantFrom('F' as const, 'M' as const, 'X' as const),
    occupation: fc.constantFrom('artist', 'engineer', 'student'),
    country: countryArb,
  },
  { requiredKeys: ['user_id'] },
);
