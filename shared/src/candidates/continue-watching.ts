// Continue-watching (R13): recent items the user started but did not finish,
// derived from `user_recent_items` alone (no extra feature or KV read).
//
// The feature keeps, per item, score = Σ signal weight × e^(−age/τ) and the
// time of the last event. Dividing the score by the decay of that last event
// gives the engagement "as of its last event": every earlier event decayed at
// least as much, so this is at most the undecayed Σ weight, and exactly it
// when the events came together (one viewing). A lone start is 0.2
// (media_started); a start then a completion is 1.2, a like 1.0, adding to a
// playlist 0.9; an early pause makes it negative.
//
// The rule: an item is continued when 0 < engagement ≤ maxStartedScore
// (default 0.6: up to three starts, nothing stronger) and it was touched
// within maxAgeMs. Most recent first. Known blur: a completion days ago
// followed by a fresh start (a rewatch) decays below the bound and counts as
// continuing, which is what a rewatch is.
import { SIGNALS } from '../events/event-types.js';
import { RECENT_ITEM_TAU_MS, type RecentItem } from '../features/user-features.js';

export interface ContinueWatchingRule {
  readonly maxStartedScore: number;
  readonly maxAgeMs: number;
}

export interface ContinueItem {
  readonly itemId: string;
  readonly lastTime: number;
  /** Σ signal weight as of the last event (see the module comment). */
  readonly engagement: number;
  /** e^(−age/τ) of the last event: the source's score (recent first). */
  readonly recency: number;
}

/** The start alone, for documentation and tests: what one `media_started` contributes. */
export const STARTED_WEIGHT = SIGNALS.media_started.weight;

/** The engagement of a recent item as of its last event, at time `now`. */
export function engagementAtLastEvent(item: RecentItem, now: number): number {
  const age = Math.max(0, now - item.last_time);
  return item.score / Math.exp(-age / RECENT_ITEM_TAU_MS);
}

/** Recent items to offer again, most recent first (ties by id). */
export function continueWatching(recent: readonly RecentItem[], now: number, rule: ContinueWatchingRule): ContinueItem[] {
  const out: ContinueItem[] = [];
  for (const item of recent) {
    const age = now - item.last_time;
    if (!(age <= rule.maxAgeMs) || !Number.isFinite(item.score)) continue;
    const engagement = engagementAtLastEvent(item, now);
    // The tolerance absorbs the feature's rounding to 6 decimals, which the division amplifies up to e^(7d/τ) ≈ 10×.
    if (engagement > 0 && engagement <= rule.maxStartedScore + 1e-4) {
      out.push({ itemId: item.item_id, lastTime: item.last_time, engagement, recency: Math.exp(-Math.max(0, age) / RECENT_ITEM_TAU_MS) });
    }
  }
  return out.sort((a, b) => b.lastTime - a.lastTime || (a.itemId < b.itemId ? -1 : 1));
}
