// What events write: every piece of feature state, declared as data. A
// feature reads one or more of these; the feature job, the offline replay and
// the tests all derive their writes from this one list.
import { SIGNALS, type EventType } from '../../events/event-types.js';
import { cohortOf, geoOf } from '../cohorts.js';
import type { EnrichedEvent } from '../enrich.js';
import { DAY, HOUR, MINUTE, WEEK } from '../time.js';
import { LOGGED_TYPES } from './event-log.js';

export type Entity = 'user' | 'item' | 'creator';
/** Which hash an entity's counter lives in (see keys.ts). */
export type KeyGroup = 'userShort' | 'userLong' | 'item' | 'creator';

export interface CounterSpec {
  readonly kind: 'counter';
  readonly name: string;
  /** Field prefix in the entity's hash: the field is `<code>|<dimension>`. */
  readonly code: string;
  readonly entity: Entity;
  readonly keyGroup: KeyGroup;
  readonly bucketMs: number;
  /** Number of newest bucket indices kept. */
  readonly retention: number;
  /** What one event adds: [dimension, integer amount] pairs ('' = no dimension). */
  readonly write: (e: EnrichedEvent) => readonly (readonly [string, number])[];
}

export interface LogSpec {
  readonly kind: 'log';
  readonly name: string;
  readonly entity: 'user';
  readonly retentionMs: number;
  readonly cap: number;
}

export type StateSpec = CounterSpec | LogSpec;

/** Signal weights as integer points (×100), so sums are exact whatever the order. */
export const weightPoints = (type: EventType): number => Math.round(SIGNALS[type].weight * 100);

const ALL_TIME = 1000 * 365 * DAY;
const none: readonly (readonly [string, number])[] = [];
const one = (dim: string, amount = 1): readonly (readonly [string, number])[] => [[dim, amount]];
const isPlay = (e: EnrichedEvent) => e.event.type === 'media_started';

function weightedCategories(e: EnrichedEvent): readonly (readonly [string, number])[] {
  const points = weightPoints(e.event.type);
  if (points === 0 || !e.item) return none;
  return e.item.categories.map((c) => [c, points] as const);
}

function countedTypes(types: readonly EventType[]) {
  const set = new Set(types);
  return (e: EnrichedEvent) => (set.has(e.event.type) ? one(e.event.type) : none);
}

const USER_EVENT_TYPES: readonly EventType[] = [
  'media_started', 'media_completed', 'media_liked', 'media_skipped', 'media_paused_early', 'media_disliked', 'browse_past', 'hover_skip',
];
const ITEM_EVENT_TYPES: readonly EventType[] = [
  'impression', 'media_started', 'media_completed', 'media_liked', 'media_disliked', 'media_skipped', 'media_paused_early',
];

// --- user ------------------------------------------------------------------------------
export const userCategory5m: CounterSpec = {
  kind: 'counter', name: 'user_category_weight_5m', code: 'ca', entity: 'user', keyGroup: 'userShort',
  bucketMs: 5 * MINUTE, retention: 7, write: weightedCategories,
};
export const userCategory6h: CounterSpec = {
  kind: 'counter', name: 'user_category_weight_6h', code: 'cw', entity: 'user', keyGroup: 'userShort',
  bucketMs: 6 * HOUR, retention: 29, write: weightedCategories,
};
export const userEvents6h: CounterSpec = {
  kind: 'counter', name: 'user_event_count_6h', code: 'en', entity: 'user', keyGroup: 'userShort',
  bucketMs: 6 * HOUR, retention: 29, write: countedTypes(USER_EVENT_TYPES),
};
export const userLog: LogSpec = { kind: 'log', name: 'user_event_log', entity: 'user', retentionMs: 7 * DAY, cap: 200 };

export const userHourOfDay: CounterSpec = {
  kind: 'counter', name: 'user_hour_of_day_1d', code: 'ho', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29,
  // The user's local hour when the client said; MovieLens and other sources without it use UTC.
  write: (e) =>
    weightPoints(e.event.type) > 0
      ? one(String(e.event.context?.local_hour ?? new Date(e.event.event_time).getUTCHours()))
      : none,
};
export const userLanguage: CounterSpec = {
  kind: 'counter', name: 'user_language_plays_1d', code: 'la', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29, write: (e) => (isPlay(e) && e.item?.language ? one(e.item.language) : none),
};
export const userContentType: CounterSpec = {
  kind: 'counter', name: 'user_content_type_plays_1d', code: 'ct', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29, write: (e) => (isPlay(e) && e.item?.contentType ? one(e.item.contentType) : none),
};
export const userCategoryLong: CounterSpec = {
  kind: 'counter', name: 'user_category_weight_1w', code: 'cl', entity: 'user', keyGroup: 'userLong',
  bucketMs: WEEK, retention: 13, write: weightedCategories,
};
export const userCreatorLong: CounterSpec = {
  kind: 'counter', name: 'user_creator_weight_1w', code: 'cr', entity: 'user', keyGroup: 'userLong',
  bucketMs: WEEK, retention: 13,
  write: (e) => {
    const points = weightPoints(e.event.type);
    const creator = e.event.creator_id ?? e.item?.creatorId;
    return points !== 0 && creator ? one(creator, points) : none;
  },
};
export const userInteractions: CounterSpec = {
  kind: 'counter', name: 'user_interaction_count', code: 'n', entity: 'user', keyGroup: 'userLong',
  bucketMs: ALL_TIME, retention: 1, write: (e) => (LOGGED_TYPES.has(e.event.type) ? one('') : none),
};

// --- item ------------------------------------------------------------------------------
export const itemPlays5m: CounterSpec = {
  kind: 'counter', name: 'item_plays_5m', code: 'p5', entity: 'item', keyGroup: 'item',
  bucketMs: 5 * MINUTE, retention: 13, write: (e) => (isPlay(e) ? one('') : none),
};
export const itemEvents1h: CounterSpec = {
  kind: 'counter', name: 'item_event_count_1h', code: 'e1', entity: 'item', keyGroup: 'item',
  bucketMs: HOUR, retention: 25, write: countedTypes(['impression', 'media_started']),
};
export const itemEvents6h: CounterSpec = {
  kind: 'counter', name: 'item_event_count_6h', code: 'e6', entity: 'item', keyGroup: 'item',
  bucketMs: 6 * HOUR, retention: 29, write: countedTypes(ITEM_EVENT_TYPES),
};
export const itemPlaysByGeo5m: CounterSpec = {
  kind: 'counter', name: 'item_plays_by_geo_5m', code: 'g5', entity: 'item', keyGroup: 'item',
  bucketMs: 5 * MINUTE, retention: 13, write: (e) => (isPlay(e) ? one(geoOf(e.event.context?.country)) : none),
};
export const itemPlaysByCohort5m: CounterSpec = {
  kind: 'counter', name: 'item_plays_by_cohort_5m', code: 'h5', entity: 'item', keyGroup: 'item',
  bucketMs: 5 * MINUTE, retention: 13,
  write: (e) => (isPlay(e) ? one(cohortOf(e.event.context?.country, e.event.context?.device)) : none),
};

// --- creator ---------------------------------------------------------------------------
export const creatorSubscriptions: CounterSpec = {
  kind: 'counter', name: 'creator_subscription_count', code: 'sb', entity: 'creator', keyGroup: 'creator',
  bucketMs: ALL_TIME, retention: 1,
  write: (e) => (e.event.type === 'subscription_to_creator' ? one('') : none),
};

/** Every piece of state, in one list. */
export const STATE_SPECS: readonly StateSpec[] = [
  userCategory5m, userCategory6h, userEvents6h, userLog, userHourOfDay, userLanguage, userContentType, userCategoryLong,
  userCreatorLong, userInteractions, itemPlays5m, itemEvents1h, itemEvents6h, itemPlaysByGeo5m, itemPlaysByCohort5m,
  creatorSubscriptions,
];

export const COUNTER_SPECS = STATE_SPECS.filter((s): s is CounterSpec => s.kind === 'counter');

/** The hash field of a counter dimension. */
export const counterField = (spec: CounterSpec, dim: string) => `${spec.code}|${dim}`;
