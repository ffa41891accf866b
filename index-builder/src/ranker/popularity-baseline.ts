// The popularity-only baseline the ranker must beat: per head, a logistic
// regression on the item's popularity as of the example's time — log(1 +
// plays ever started before t) and log(1 + plays in the last 24 hours) —
// and nothing about the user.
import type { EngagementEvent } from '@freshet/shared';

export const POPULARITY_FEATURES = ['log1p_item_plays_before_t', 'log1p_item_plays_24h'] as const;

/**
 * [examples × 2] popularity inputs. `events` in event-time order; `plays24h` is the item_plays_24h
 * feature value per example (from the point-in-time builder).
 */
export function popularityInputs(examples: readonly { readonly item_id: string; readonly t: number }[], events: readonly EngagementEvent[], plays24h: ArrayLike<number>): Float32Array {
  const order = examples.map((_, i) => i).sort((a, b) => examples[a]!.t - examples[b]!.t);
  const plays = new Map<string, number>();
  const out = new Float32Array(examples.length * POPULARITY_FEATURES.length);
  let next = 0;
  for (const i of order) {
    const example = examples[i]!;
    while (next < events.length && events[next]!.event_time <= example.t) {
      const e = events[next++]!;
      if (e.type === 'media_started' && e.item_id !== undefined) plays.set(e.item_id, (plays.get(e.item_id) ?? 0) + 1);
    }
    out[i * 2] = Math.log1p(plays.get(example.item_id) ?? 0);
    out[i * 2 + 1] = Math.log1p(Math.max(0, plays24h[i] ?? 0));
  }
  return out;
}
