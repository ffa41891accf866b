// Engagement events (from the offline store or a dataset loader) → the plain
// interactions training reads. Events without an item (e.g. a subscription to
// a creator) carry no item-level preference and are left out.
import type { EngagementEvent } from '@freshet/shared';
import type { Interaction } from './interaction-matrix.js';

export function interactionsFromEvents(events: Iterable<EngagementEvent>): Interaction[] {
  const out: Interaction[] = [];
  for (const e of events) {
    if (e.item_id === undefined) continue;
    out.push({ userId: e.user_id, itemId: e.item_id, type: e.type, time: e.event_time });
  }
  return out;
}
