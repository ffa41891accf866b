// Sampled negatives for datasets without impressions (MovieLens): every
// rating is a contact the user chose, so click would be 1 everywhere. For
// each first contact we add `perContact` items the user never interacted
// with (in the whole dataset, so a later rating cannot contradict the
// label), drawn from the item events before the example's time — that is, in
// proportion to popularity as of t, which keeps the click head from merely
// learning popularity.
//
// Not from only the *latest* events: users contact old, quiet items too, and
// negatives that always had recent plays taught the model "no plays in 7 days
// ⇒ positive" — a sampling artefact that broke calibration on later data
// (measured on the ML-1M sample: held-out click log loss 1.7 vs 0.65).
import type { EngagementEvent } from '@freshet/shared';
import type { RankerExample } from './label-examples.js';
import type { Rng } from '@freshet/shared/synthetic';

export interface NegativeSamplingOptions {
  readonly perContact: number;
  /** How many of the latest item events form the pool (default: all events before t). */
  readonly poolSize?: number;
  readonly rng: Rng;
  /**
   * Share of the negatives drawn uniformly from the distinct items seen before t instead of in
   * proportion to their events (default 0: all by popularity).
   */
  readonly uniformShare?: number;
}

/** The examples plus sampled negatives, in t order. `events` must be in event-time order. */
export function withSampledNegatives(examples: readonly RankerExample[], events: readonly EngagementEvent[], options: NegativeSamplingOptions): RankerExample[] {
  if (!Number.isInteger(options.perContact) || options.perContact < 0) throw new RangeError(`perContact must be a non-negative integer (got ${options.perContact})`);
  if (options.perContact === 0) return [...examples];
  const poolSize = options.poolSize ?? Infinity;
  const seen = new Map<string, Set<string>>();
  for (const e of events) if (e.item_id !== undefined) (seen.get(e.user_id) ?? seen.set(e.user_id, new Set()).get(e.user_id)!).add(e.item_id);

  const uniformShare = options.uniformShare ?? 0;
  if (!(uniformShare >= 0 && uniformShare <= 1)) throw new RangeError(`uniformShare must be in [0, 1] (got ${uniformShare})`);
  const pool: string[] = [];
  const distinct: string[] = [];
  const known = new Set<string>();
  let poolAt = 0;
  let next = 0;
  const out: RankerExample[] = [];
  const sorted = [...examples].sort((a, b) => a.t - b.t);
  for (const example of sorted) {
    // The pool holds item events strictly before the example's time.
    while (next < events.length && events[next]!.event_time <= example.t) {
      const item = events[next++]!.item_id;
      if (item === undefined) continue;
      if (!known.has(item)) {
        known.add(item);
        distinct.push(item);
      }
      if (pool.length < poolSize) pool.push(item);
      else pool[poolAt++ % poolSize] = item;
    }
    out.push(example);
    if (example.source !== 'first-contact' || pool.length === 0) continue;
    const mine = seen.get(example.user_id);
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < options.perContact && attempt < 20 * options.perContact; attempt++) {
      const uniform = uniformShare > 0 && options.rng.next() < uniformShare;
      const item = uniform ? distinct[options.rng.int(distinct.length)]! : pool[options.rng.int(pool.length)]!;
      if (mine?.has(item) || chosen.has(item)) continue;
      chosen.add(item);
      out.push({ user_id: example.user_id, item_id: item, t: example.t, label: 0, click: 0, completion: 0, like: 0, source: 'sampled-negative' });
    }
  }
  return out;
}
