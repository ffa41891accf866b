// The user's item sets the re-ranking rules need, from their event log (the
// same state the features come from, so no extra round trip): items they
// completed ("consumed": not recommended again) and items they disliked.
// Only events up to the feature time count, as for every feature.
import type { EntityState } from '@freshet/shared/features/state/entity-state';

export interface UserSets {
  readonly consumed: ReadonlySet<string>;
  readonly disliked: ReadonlySet<string>;
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
  return { consumed, disliked };
}
