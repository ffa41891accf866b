// Offline event rows ⇄ columns. Decoding rebuilds each EngagementEvent with
// only the fields that were present and validates it with the shared schema,
// so a file that decodes is a file the feature code can trust. The context's
// fields are flat columns, so an empty `context: {}` reads back as no context.
import {
  CONTENT_TYPES, formatFieldErrors, validateEvent, type ContentType, type EngagementEvent, type EventContext, type ItemInfo,
} from '@freshet/shared';
import { OfflineStoreError } from './errors.js';
import type { ColumnValues, DecodedColumns } from './parquet-codec.js';
import { positionColumns, setPosition } from './position-columns.js';
import { EVENT_COLUMNS, type OfflineEventRow } from './schema.js';

export function eventColumns(rows: readonly OfflineEventRow[]): ColumnValues {
  const columns: Record<string, unknown[]> = Object.fromEntries(EVENT_COLUMNS.map((c) => [c.name, new Array<unknown>(rows.length)]));
  const set = (name: string, i: number, value: unknown) => {
    columns[name]![i] = value ?? null;
  };
  rows.forEach((row, i) => {
    const e = row.enriched.event;
    const item = row.enriched.item;
    set('event_id', i, e.event_id);
    set('type', i, e.type);
    set('user_id', i, e.user_id);
    set('item_id', i, e.item_id);
    set('creator_id', i, e.creator_id);
    set('event_time', i, e.event_time);
    set('progress', i, e.progress);
    set('watch_time_ms', i, e.watch_time_ms);
    set('device', i, e.context?.device);
    set('country', i, e.context?.country);
    set('local_hour', i, e.context?.local_hour);
    set('request_id', i, e.request_id);
    set('position', i, e.position);
    set('surface', i, e.surface);
    set('schema_version', i, e.schema_version);
    set('item_known', i, item !== null);
    set('item_categories', i, item?.categories);
    set('item_creator_id', i, item?.creatorId);
    set('item_language', i, item?.language);
    set('item_content_type', i, item?.contentType);
    set('item_duration_ms', i, item?.durationMs);
    set('item_publish_time', i, item?.publishTime);
    setPosition(set, i, row);
  });
  return columns;
}

/** Sets `key` on `target` only when the value is present, so rebuilt records equal what was written. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value !== null && value !== undefined) target[key] = value;
}

export function eventRowsOf(columns: DecodedColumns, file: string): OfflineEventRow[] {
  const str = (name: string) => columns.string(name);
  const num = (name: string) => columns.number(name);
  const c = {
    eventId: str('event_id'), type: str('type'), userId: str('user_id'), itemId: str('item_id'), creatorId: str('creator_id'),
    eventTime: num('event_time'), progress: num('progress'), watchTime: num('watch_time_ms'), device: str('device'),
    country: str('country'), localHour: num('local_hour'), requestId: str('request_id'), position: num('position'),
    surface: str('surface'), schemaVersion: num('schema_version'), itemKnown: columns.bool('item_known'),
    categories: columns.list('item_categories'), itemCreator: str('item_creator_id'), language: str('item_language'),
    contentType: str('item_content_type'), duration: num('item_duration_ms'), publishTime: num('item_publish_time'),
  };
  const at = positionColumns(columns, file);
  const rows: OfflineEventRow[] = new Array<OfflineEventRow>(columns.rows);
  for (let i = 0; i < columns.rows; i++) {
    const event: Record<string, unknown> = {};
    put(event, 'schema_version', c.schemaVersion[i]);
    put(event, 'event_id', c.eventId[i]);
    put(event, 'type', c.type[i]);
    put(event, 'user_id', c.userId[i]);
    put(event, 'item_id', c.itemId[i]);
    put(event, 'creator_id', c.creatorId[i]);
    put(event, 'event_time', c.eventTime[i]);
    put(event, 'progress', c.progress[i]);
    put(event, 'watch_time_ms', c.watchTime[i]);
    const context: EventContext = {};
    put(context, 'device', c.device[i] as EventContext['device'] | null);
    put(context, 'country', c.country[i]);
    put(context, 'local_hour', c.localHour[i]);
    if (Object.keys(context).length > 0) event.context = context;
    put(event, 'request_id', c.requestId[i]);
    put(event, 'position', c.position[i]);
    put(event, 'surface', c.surface[i]);
    const checked = validateEvent(event);
    if (!checked.ok) throw new OfflineStoreError(file, `row ${i}: invalid event: ${formatFieldErrors(checked.error)}`);
    rows[i] = { topic: at.topic[i]!, partition: at.partition[i]!, offset: at.offset[i]!, recordTime: at.recordTime[i]!, enriched: { event: event as EngagementEvent, item: itemOf(i) } };
  }
  return rows;

  function itemOf(i: number): ItemInfo | null {
    const known = c.itemKnown[i];
    if (known === null || known === undefined) throw new OfflineStoreError(file, `row ${i}: item_known is null`);
    if (!known) return null;
    const categories = c.categories[i];
    if (categories === null || categories === undefined) throw new OfflineStoreError(file, `row ${i}: item_categories is null for a known item`);
    const item: { -readonly [K in keyof ItemInfo]: ItemInfo[K] } = { categories };
    put(item, 'creatorId', c.itemCreator[i]);
    put(item, 'language', c.language[i]);
    const contentType = c.contentType[i] ?? null;
    if (contentType !== null && !(CONTENT_TYPES as readonly string[]).includes(contentType)) {
      throw new OfflineStoreError(file, `row ${i}: item_content_type must be ${CONTENT_TYPES.join(' or ')}, got "${contentType}"`);
    }
    put(item, 'contentType', contentType as ContentType | null);
    put(item, 'durationMs', c.duration[i]);
    put(item, 'publishTime', c.publishTime[i]);
    return item;
  }
}
