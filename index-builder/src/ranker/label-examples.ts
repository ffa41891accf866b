// Labelled ranking examples from engagement events.
//
// An example is an exposure: an `impression`, or — where the client logged
// none (MovieLens) — the first contact of a user with an item (whatever event
// came first, browse-past and skips included). What the user did with the
// item within the outcome window after the exposure gives the labels:
//   click      started it (media_started, completed, replay, paused_early) or
//              acted on it after consuming (liked, shared, added to playlist);
//   completion media_completed, or any event with progress ≥ 90%;
//   like       media_liked.
// Impressions followed by nothing, browse-past, hover-skip and auto-play
// skips are negatives for every head; early pauses are clicks that did not
// complete; dislikes are negatives for like.
//
// The example's time is 1 ms before the exposing event, so its features
// cannot include the exposure or anything after it.
import { COMPLETED_MIN_PROGRESS, type EngagementEvent, type EventType } from '@freshet/shared';
import type { LabelledExample } from '@freshet/stream-jobs/offline/examples';

export type ExampleSource = 'impression' | 'first-contact' | 'sampled-negative';

export interface RankerExample extends LabelledExample {
  readonly user_id: string;
  readonly item_id: string;
  readonly t: number;
  /** The click label again: the training-set builder requires a `label`. */
  readonly label: number;
  readonly click: number;
  readonly completion: number;
  readonly like: number;
  readonly source: ExampleSource;
  readonly device?: string;
  readonly local_hour?: number;
}

export interface LabelOptions {
  /** How long after the exposure outcomes still count (default 30 minutes). */
  readonly outcomeWindowMs?: number;
}

const CLICK_TYPES: ReadonlySet<EventType> = new Set([
  'media_started', 'media_completed', 'media_replay', 'media_paused_early', 'media_liked', 'media_shared', 'media_added_to_playlist',
]);

interface Open {
  readonly start: number;
  readonly source: ExampleSource;
  readonly context: EngagementEvent['context'];
  click: number;
  completion: number;
  like: number;
}

function applyOutcome(open: Open, event: EngagementEvent): void {
  if (CLICK_TYPES.has(event.type)) open.click = 1;
  if (event.type === 'media_completed' || (event.progress !== undefined && event.progress >= COMPLETED_MIN_PROGRESS)) open.completion = 1;
  if (event.type === 'media_liked') open.like = 1;
}

/** Examples in exposure order from events in event-time order (events without an item are ignored). */
export function labelExamples(events: Iterable<EngagementEvent>, options: LabelOptions = {}): RankerExample[] {
  const windowMs = options.outcomeWindowMs ?? 30 * 60_000;
  const open = new Map<string, Open>();
  const contacted = new Set<string>();
  const closed: { key: string; open: Open }[] = [];
  let lastTime = -Infinity;
  for (const event of events) {
    if (event.event_time < lastTime) throw new RangeError(`events must be in event-time order (${event.event_id} at ${event.event_time} after ${lastTime})`);
    lastTime = event.event_time;
    if (event.item_id === undefined) continue;
    const key = `${event.user_id}\u0000${event.item_id}`;
    let current = open.get(key);
    if (current && event.event_time - current.start > windowMs) {
      closed.push({ key, open: current });
      open.delete(key);
      current = undefined;
    }
    if (!current) {
      const first = !contacted.has(key);
      if (event.type !== 'impression' && !first) continue; // a later contact without an exposure: not an example
      current = { start: event.event_time, source: event.type === 'impression' ? 'impression' : 'first-contact', context: event.context, click: 0, completion: 0, like: 0 };
      open.set(key, current);
      contacted.add(key);
    }
    applyOutcome(current, event);
  }
  for (const [key, current] of open) closed.push({ key, open: current });
  return closed
    .map(({ key, open: o }) => {
      const [user_id, item_id] = key.split('\u0000') as [string, string];
      return {
        user_id, item_id, t: o.start - 1, label: o.click, click: o.click, completion: o.completion, like: o.like, source: o.source,
        ...(o.context?.device !== undefined && { device: o.context.device }),
        ...(o.context?.local_hour !== undefined && { local_hour: o.context.local_hour }),
      };
    })
    .sort((a, b) => a.t - b.t || (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : a.item_id < b.item_id ? -1 : 1));
}
