// A fast path for the common case on the stream path: checks a parsed
// engagement event against exactly the rules of engagementEventSchema and, if
// it passes, returns the same object the schema would. Anything it is not
// sure about it leaves to the schema (which produces the field-level errors),
// so it can only make validation faster, never different. A property test
// holds the two together.
import { COMPLETED_MIN_PROGRESS, EVENT_TYPES, PAUSED_EARLY_MAX_PROGRESS } from './event-types.js';
import { EVENT_SCHEMA_VERSION, MAX_POSITION, MAX_WATCH_TIME_MS, type EngagementEvent, type EventContext } from './engagement-event.js';
import { DEVICES, ID_MAX_LENGTH, ID_PATTERN, MAX_TIME_MS, MIN_TIME_MS } from './primitives.js';

const TYPES = new Set<string>(EVENT_TYPES);
const DEVICE_SET = new Set<string>(DEVICES);
const COUNTRY = /^[A-Z]{2}$/;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= ID_MAX_LENGTH && ID_PATTERN.test(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
type Fields = Record<string, unknown>;

function context(raw: unknown): EventContext | undefined | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const c = raw as Fields;
  const out: { -readonly [K in keyof EventContext]: EventContext[K] } = {};
  if (c.device !== undefined) {
    if (typeof c.device !== 'string' || !DEVICE_SET.has(c.device)) return null;
    out.device = c.device as EventContext['device'];
  }
  if (c.country !== undefined) {
    if (typeof c.country !== 'string' || !COUNTRY.test(c.country)) return null;
    out.country = c.country;
  }
  if (c.local_hour !== undefined) {
    if (!isInt(c.local_hour, 0, 23)) return null;
    out.local_hour = c.local_hour;
  }
  return out;
}

/** The validated event, or undefined when the schema must decide (and explain). */
export function fastValidateEvent(raw: unknown): EngagementEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const e = raw as Fields;
  if (!isId(e.event_id) || typeof e.type !== 'string' || !TYPES.has(e.type) || !isId(e.user_id)) return undefined;
  if (!isInt(e.event_time, MIN_TIME_MS, MAX_TIME_MS - 1)) return undefined;
  const out: EngagementEvent = { event_id: e.event_id, type: e.type as EngagementEvent['type'], user_id: e.user_id, event_time: e.event_time };
  if (e.schema_version !== undefined) {
    if (e.schema_version !== EVENT_SCHEMA_VERSION) return undefined;
    out.schema_version = EVENT_SCHEMA_VERSION;
  }
  if (e.item_id !== undefined) {
    if (!isId(e.item_id)) return undefined;
    out.item_id = e.item_id;
  }
  if (e.creator_id !== undefined) {
    if (!isId(e.creator_id)) return undefined;
    out.creator_id = e.creator_id;
  }
  if (e.progress !== undefined) {
    if (typeof e.progress !== 'number' || !(e.progress >= 0 && e.progress <= 1)) return undefined;
    out.progress = e.progress;
  }
  if (e.watch_time_ms !== undefined) {
    if (!isInt(e.watch_time_ms, 0, MAX_WATCH_TIME_MS)) return undefined;
    out.watch_time_ms = e.watch_time_ms;
  }
  if (e.context !== undefined) {
    const c = context(e.context);
    if (c === null || c === undefined) return undefined;
    out.context = c;
  }
  if (e.request_id !== undefined) {
    if (!isId(e.request_id)) return undefined;
    out.request_id = e.request_id;
  }
  if (e.position !== undefined) {
    if (!isInt(e.position, 0, MAX_POSITION)) return undefined;
    out.position = e.position;
  }
  if (e.surface !== undefined) {
    if (!isId(e.surface)) return undefined;
    out.surface = e.surface;
  }
  // The cross-field rules of the schema's refinement.
  if (out.type === 'subscription_to_creator' ? out.creator_id === undefined : out.item_id === undefined) return undefined;
  if (out.type === 'media_completed' && out.progress !== undefined && out.progress < COMPLETED_MIN_PROGRESS) return undefined;
  if (out.type === 'media_paused_early' && out.progress !== undefined && out.progress >= PAUSED_EARLY_MAX_PROGRESS) return undefined;
  if (out.position !== undefined && out.request_id === undefined) return undefined;
  if (out.type === 'impression' && (out.request_id === undefined || out.position === undefined)) return undefined;
  return out;
}
