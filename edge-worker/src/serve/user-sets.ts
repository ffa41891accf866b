// What the re-ranking rules need about the user beyond the ranking features,
// from the same state (no extra round trip): items they completed this week or
// finished or endorsed this year ("consumed": not recommended again), items
// they disliked, and their plays
// per content type (the discovery rule).
// Only events up to the feature time count, as for every feature.
import type { EntityState } from '@freshet/shared/features/state/entity-state';
import { contentTypePlays28d } from '@freshet/shared/features/user-features';

export interface UserSets {
  readonly consumed: ReadonlySet<string>;
  readonly disliked: ReadonlySet<string>;
  /** Plays per content type over 28 days, for the discovery rule (absent: no state read). */
  readonly contentTypeCounts?: { readonly VIDEO: number; readonly AUDIO: number };
}

const EMPTY: UserSets = { consumed: new Set(), disliked: new Set() };

export function userSets(state: EntityState | null, t: number): UserSets {
  if (state === null) return EMPTY;
  const consumed = new Set<string>();
  const disliked = new Set<string>();
  for (const entry of state.log()) {
    if (entry.time > t) break; // oldest first
    if (entry.type === 'media_completed') consumed.add(entry.itemId);
    else if (entry.type === 'media_disliked') disliked.add(entry.itemId);
  }
  // The history: items finished, replayed, liked or shared over the year, beyond the log's 7 days.
  for (const entry of state.history()) if (entry.time <= t) consumed.add(entry.itemId);
  return { consumed, disliked, contentTypeCounts: contentTypePlays28d(state, t) };
}
