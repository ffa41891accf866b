// From engagement events to the evaluation's unit: one interaction per
// (user, item) pair — when the user first touched the item, and whether the
// pair ended positive (a completion: MovieLens ratings of 3.5 stars and up,
// docs/datasets.md) — plus the pair's net signal for the MF baseline.
import { SIGNALS, type EventType } from '../events/event-types.js';

export interface EventLike {
  readonly user_id: string;
  readonly item_id?: string;
  readonly type: EventType;
  readonly event_time: number;
}

export interface Interaction {
  readonly user: string;
  readonly item: string;
  /** Time of the pair's first event. */
  readonly time: number;
  readonly positive: boolean;
  /** Σ signal weights of the pair's events (R1). */
  readonly signal: number;
}

/** What counts as a positive: the user completed the item. */
export const POSITIVE_TYPE: EventType = 'media_completed';

/** One Interaction per (user, item) pair, ordered by time (ties by user, then item). Events without an item are skipped. */
export function interactionsOf(events: Iterable<EventLike>): Interaction[] {
  const pairs = new Map<string, { user: string; item: string; time: number; positive: boolean; signal: number }>();
  for (const e of events) {
    if (e.item_id === undefined) continue;
    const key = `${e.user_id}\u0000${e.item_id}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { user: e.user_id, item: e.item_id, time: e.event_time, positive: false, signal: 0 }));
    pair.time = Math.min(pair.time, e.event_time);
    if (e.type === POSITIVE_TYPE) pair.positive = true;
    pair.signal += SIGNALS[e.type].weight;
  }
  return [...pairs.values()].sort((a, b) => a.time - b.time || (a.user < b.user ? -1 : a.user > b.user ? 1 : a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}
