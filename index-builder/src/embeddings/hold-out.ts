// Hold-out splits for measuring embedding quality offline.
//
// Warm split (time-based): for each user with at least 2 × `perUser` distinct
// items, the last `perUser` items they touched (by first event time) go to
// test with all their events; everything else trains. Other users' later
// events still train (the usual leave-last-out compromise), so the figures are
// for "what does this user do next", not for a global time cut.
//
// Cold split: a seeded random share of the items that have events loses all of
// them; those items can only be placed by their content.
import { SIGNALS } from '@freshet/shared';
import type { Interaction } from './interaction-matrix.js';
import { Rng } from '@freshet/shared/synthetic';

export interface WarmSplit {
  readonly train: Interaction[];
  /** user → item → net signal of the held-out items. */
  readonly test: Map<string, Map<string, number>>;
}

export function netSignals(events: readonly Interaction[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) out.set(e.itemId, (out.get(e.itemId) ?? 0) + SIGNALS[e.type].weight);
  return out;
}

export function groupByUser(interactions: readonly Interaction[]): Map<string, Interaction[]> {
  const byUser = new Map<string, Interaction[]>();
  for (const e of interactions) {
    let list = byUser.get(e.userId);
    if (!list) byUser.set(e.userId, (list = []));
    list.push(e);
  }
  return byUser;
}

export function warmSplit(interactions: readonly Interaction[], perUser: number): WarmSplit {
  const train: Interaction[] = [];
  const test = new Map<string, Map<string, number>>();
  for (const [userId, events] of groupByUser(interactions)) {
    const firstTime = new Map<string, number>();
    for (const e of events) firstTime.set(e.itemId, Math.min(firstTime.get(e.itemId) ?? Infinity, e.time));
    if (firstTime.size < 2 * perUser) {
      train.push(...events);
      continue;
    }
    const order = [...firstTime].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const held = new Set(order.slice(-perUser).map(([itemId]) => itemId));
    const heldEvents: Interaction[] = [];
    for (const e of events) (held.has(e.itemId) ? heldEvents : train).push(e);
    test.set(userId, netSignals(heldEvents));
  }
  return { train, test };
}

export interface ColdSplit {
  readonly train: Interaction[];
  readonly coldItems: Set<string>;
  /** user → item → net signal, over cold items only. */
  readonly test: Map<string, Map<string, number>>;
}

export function coldItemSplit(interactions: readonly Interaction[], share: number, seed: number): ColdSplit {
  const items = [...new Set(interactions.map((e) => e.itemId))].sort();
  const coldItems = new Set(Rng.for(seed, 'hold-out').shuffled(items).slice(0, Math.round(items.length * share)));
  const train: Interaction[] = [];
  const heldByUser = new Map<string, Interaction[]>();
  for (const e of interactions) {
    if (!coldItems.has(e.itemId)) {
      train.push(e);
      continue;
    }
    let list = heldByUser.get(e.userId);
    if (!list) heldByUser.set(e.userId, (list = []));
    list.push(e);
  }
  const test = new Map([...heldByUser].map(([userId, events]) => [userId, netSignals(events)]));
  return { train, coldItems, test };
}
