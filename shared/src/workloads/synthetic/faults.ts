// Malformed records, as buggy clients really send them: each kind of defect
// in turn, each naming the field a validator must blame ("" = the record).
import type { EngagementEvent } from '../../events/engagement-event.js';

export const DEFECTS = [
  { defect: 'not_json', field: '' },
  { defect: 'truncated_json', field: '' },
  { defect: 'not_an_object', field: '' },
  { defect: 'missing_event_id', field: 'event_id' },
  { defect: 'unknown_type', field: 'type' },
  { defect: 'seconds_timestamp', field: 'event_time' },
  { defect: 'progress_out_of_range', field: 'progress' },
  { defect: 'bad_local_hour', field: 'context.local_hour' },
  { defect: 'user_id_not_string', field: 'user_id' },
  { defect: 'oversized', field: '' },
] as const;

export type Defect = (typeof DEFECTS)[number]['defect'];

export interface MalformedRecord {
  readonly raw: string;
  readonly defect: Defect;
  /** The field a validator must name in its error. */
  readonly field: string;
}

/** The n-th malformed record derived from a valid event (defects cycle in order). */
export function malform(event: EngagementEvent, n: number): MalformedRecord {
  const { defect, field } = DEFECTS[n % DEFECTS.length]!;
  const json = JSON.stringify(event);
  const raw = ((): string => {
    switch (defect) {
      case 'not_json':
        return `event_id=${event.event_id}&type=${event.type}&user_id=${event.user_id}`;
      case 'truncated_json':
        return json.slice(0, Math.floor(json.length / 2));
      case 'not_an_object':
        return JSON.stringify([event]);
      case 'missing_event_id': {
        const { event_id: _dropped, ...rest } = event;
        return JSON.stringify(rest);
      }
      case 'unknown_type':
        return JSON.stringify({ ...event, type: 'media_watched' });
      case 'seconds_timestamp':
        return JSON.stringify({ ...event, event_time: Math.floor(event.event_time / 1000) });
      case 'progress_out_of_range':
        return JSON.stringify({ ...event, progress: 1.7 });
      case 'bad_local_hour':
        return JSON.stringify({ ...event, context: { ...event.context, local_hour: 25 } });
      case 'user_id_not_string':
        return JSON.stringify({ ...event, user_id: 12345 });
      case 'oversized':
        return JSON.stringify({ ...event, note: 'x'.repeat(20_000) });
    }
  })();
  return { raw, defect, field };
}
