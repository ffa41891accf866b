// What events write: every piece of feature state, declared as data. A
// feature reads one or more of these; the feature job, the offline replay and
// the tests all derive their writes from this one list.
import { SIGNALS, type EventType } from '../../events/event-types.js';
import { cohortOf, geoOf } from '../cohorts.js';
import type { EnrichedEvent } from '../enrich.js';
import { DAY, HOUR, LONG_TERM_EPOCH_MS, MINUTE, WEEK } from '../time.js';
import { TTL_MS, keys } from '../../keys.js';
import { fnv1aHex } from '../../util/hash.js';
import { LOGGED_TYPES, encodeLogMember } from './event-log.js';

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
  /**
   * What one event adds: `emit(dimension, integer amount)` once per dimension it touches
   * ('' = no dimension). An emitter rather than a returned list: this runs for every event.
   */
  readonly write: (e: EnrichedEvent, emit: Emit) => void;
}

/** A user's sorted set (score = event time): a re-added member keeps the larger score (event-log.ts mergeLog). */
export interface LogSpec {
  readonly kind: 'log';
  readonly name: string;
  readonly entity: 'user';
  readonly retentionMs: number;
  readonly cap: number;
  readonly key: (userId: string) => string;
  readonly ttlMs: number;
  /** The member one event adds, or undefined when it adds none. */
  readonly member: (e: EnrichedEvent) => string | undefined;
}

export type StateSpec = CounterSpec | LogSpec;

export type Emit = (dim: string, amount: number) => void;

/** Signal weights as integer points (×100), so sums are exact whatever the order. */
const POINTS = Object.fromEntries(Object.entries(SIGNALS).map(([type, signal]) => [type, Math.round(signal.weight * 100)])) as Record<EventType, number>;
export const weightPoints = (type: EventType): number => POINTS[type];

const ALL_TIME = 1000 * 365 * DAY;
const isPlay = (e: EnrichedEvent) => e.event.type === 'media_started';

function weightedCategories(e: EnrichedEvent, emit: Emit): void {
  const points = weightPoints(e.event.type);
  if (points === 0 || !e.item) return;
  for (const category of e.item.categories) emit(category, points);
}

function countedTypes(types: readonly EventType[]) {
  const set = new Set(types);
  return (e: EnrichedEvent, emit: Emit) => {
    if (set.has(e.event.type)) emit(e.event.type, 1);
  };
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
export const userLog: LogSpec = {
  kind: 'log', name: 'user_event_log', entity: 'user', retentionMs: 7 * DAY, cap: 200, key: keys.userLog, ttlMs: TTL_MS.userLog,
  member: ({ event }) => (LOGGED_TYPES.has(event.type) && event.item_id !== undefined ? encodeLogMember({ type: event.type, itemId: event.item_id, eventHash: fnv1aHex(event.event_id) }) : undefined),
};

/**
 * Events that put an item in the user's history: they finished it, played it again, liked or
 * shared it. Starting one is too weak a sign (a MovieLens rating of 1 star starts the movie), and
 * saving one for later says they have not seen it.
 */
export const HISTORY_TYPES: ReadonlySet<EventType> = new Set(['media_completed', 'media_replay', 'media_liked', 'media_shared']);

/**
 * The items a user finished or endorsed over the last year, one member per item (the item id,
 * scored by the latest such event): the memory of a user who comes back after the event log's
 * 7 days have passed. At most 200, the newest.
 */
export const userItemSet: LogSpec = {
  kind: 'log', name: 'user_item_set', entity: 'user', retentionMs: 365 * DAY, cap: 200, key: keys.userItems, ttlMs: TTL_MS.userItems,
  member: ({ event }) => (HISTORY_TYPES.has(event.type) && event.item_id !== undefined ? event.item_id : undefined),
};

export const userHourOfDay: CounterSpec = {
  kind: 'counter', name: 'user_hour_of_day_1d', code: 'ho', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29,
  // The user's local hour when the client said; MovieLens and other sources without it use UTC.
  write: (e, emit) => {
    if (weightPoints(e.event.type) > 0) emit(String(e.event.context?.local_hour ?? new Date(e.event.event_time).getUTCHours()), 1);
  },
};
export const userLanguage: CounterSpec = {
  kind: 'counter', name: 'user_language_plays_1d', code: 'la', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29,
  write: (e, emit) => {
    if (isPlay(e) && e.item?.language) emit(e.item.language, 1);
  },
};
export const userContentType: CounterSpec = {
  kind: 'counter', name: 'user_content_type_plays_1d', code: 'ct', entity: 'user', keyGroup: 'userLong',
  bucketMs: DAY, retention: 29,
  write: (e, emit) => {
    if (isPlay(e) && e.item?.contentType) emit(e.item.contentType, 1);
  },
};
export const userCategoryLong: CounterSpec = {
  kind: 'counter', name: 'user_category_weight_1w', code: 'cl', entity: 'user', keyGroup: 'userLong',
  bucketMs: WEEK, retention: 13, write: weightedCategories,
};
export const userCreatorLong: CounterSpec = {
  kind: 'counter', name: 'user_creator_weight_1w', code: 'cr', entity: 'user', keyGroup: 'userLong',
  bucketMs: WEEK, retention: 13,
  write: (e, emit) => {
    const points = weightPoints(e.event.type);
    const creator = e.event.creator_id ?? e.item?.creatorId;
    if (points !== 0 && creator) emit(creator, points);
  },
};
export const userInteractions: CounterSpec = {
  kind: 'counter', name: 'user_interaction_count', code: 'n', entity: 'user', keyGroup: 'userLong',
  // One bucket per long-term epoch: each epoch key holds its own count.
  bucketMs: LONG_TERM_EPOCH_MS, retention: 2,
  write: (e, emit) => {
    if (LOGGED_TYPES.has(e.event.type)) emit('', 1);
  },
};

// --- item ------------------------------------------------------------------------------
export const itemPlays5m: CounterSpec = {
  kind: 'counter', name: 'item_plays_5m', code: 'p5', entity: 'item', keyGroup: 'item',
  bucketMs: 5 * MINUTE, retention: 13,
  write: (e, emit) => {
    if (isPlay(e)) emit('', 1);
  },
};
/** Daily plays over four weeks: the item's longer-term popularity (a day is noise for a niche catalog). */
export const itemPlays1d: CounterSpec = {
  kind: 'counter', name: 'item_plays_1d', code: 'pd', entity: 'item', keyGroup: 'item',
  bucketMs: DAY, retention: 29,
  write: (e, emit) => {
    if (isPlay(e)) emit('', 1);
  },
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
  bucketMs: 5 * MINUTE, retention: 13,
  write: (e, emit) => {
    if (isPlay(e)) emit(geoOf(e.event.context?.country), 1);
  },
};
export const itemPlaysByCohort5m: CounterSpec = {
  kind: 'counter', name: 'item_plays_by_cohort_5m', code: 'h5', entity: 'item', keyGroup: 'item',
  bucketMs: 5 * MINUTE, retention: 13,
  write: (e, emit) => {
    if (isPlay(e)) emit(cohortOf(e.event.context?.country, e.event.context?.device), 1);
  },
};

// --- creator ---------------------------------------------------------------------------
export const creatorSubscriptions: CounterSpec = {
  kind: 'counter', name: 'creator_subscription_count', code: 'sb', entity: 'creator', keyGroup: 'creator',
  bucketMs: ALL_TIME, retention: 1,
  write: (e, emit) => {
    if (e.event.type === 'subscription_to_creator') emit('', 1);
  },
};

/** Every piece of state, in one list. */
export const STATE_SPECS: readonly StateSpec[] = [
  userCategory5m, userCategory6h, userEvents6h, userLog, userItemSet, userHourOfDay, userLanguage, userContentType, userCategoryLong,
  userCreatorLong, userInteractions, itemPlays5m, itemPlays1d, itemEvents1h, itemEvents6h, itemPlaysByGeo5m, itemPlaysByCohort5m,
  creatorSubscriptions,
];

export const COUNTER_SPECS = STATE_SPECS.filter((s): s is CounterSpec => s.kind === 'counter');

/** The hash field of a counter dimension. */
export const counterField = (spec: CounterSpec, dim: string) => `${spec.code}|${dim}`;
