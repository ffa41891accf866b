// Which items a snapshot holds: those with any play in the last day or any
// event in the last week. The rest are left out (and forgotten by the
// publisher), so the snapshot and the publisher's memory follow activity, not
// the catalog; the edge reads an item missing from the snapshot as having no
// dynamic features.
import { DAY, itemEvents6h, itemPlays24h, windowSum, type EntityState } from '@freshet/shared';

export function isActive(state: EntityState, t: number): boolean {
  if (itemPlays24h.value(state, t) > 0) return true;
  for (const buckets of state.counter(itemEvents6h).values()) if (windowSum(buckets, t, 7 * DAY, itemEvents6h.bucketMs) !== 0) return true;
  return false;
}
