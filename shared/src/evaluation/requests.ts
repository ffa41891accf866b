// Where the replay asks for recommendations, and what counts as a hit there.
//
// A request point is a test-period positive interaction (user u, item i at
// time t ≥ cutoff): the replay asks for u's list just before t, given every
// event before t. Relevant are u's positive interactions that start in
// [t, t + horizon) — the item at t and whatever else u went on to enjoy
// within the horizon. Each is new to u (an interaction is a user's first
// touch of an item), so a list never has to repeat history to score.
//
// Users are sampled (seeded) among those with a request point, then up to
// `perUser` request points per user, so a long-tailed user cannot dominate.
import { Rng } from '../workloads/synthetic/rng.js';
import type { Interaction } from './interactions.js';

export interface RequestPoint {
  readonly user: string;
  readonly t: number;
  readonly relevant: readonly string[];
  /** The user's interactions before t (training and test): the cold-start slice is < 5. */
  readonly priorInteractions: number;
}

export interface RequestSampling {
  readonly cutoff: number;
  readonly horizonMs: number;
  readonly maxUsers: number;
  readonly perUser: number;
  readonly seed: number;
}

export interface SampledRequests {
  readonly points: RequestPoint[];
  /** Users with at least one request point before sampling. */
  readonly eligibleUsers: number;
  readonly eligiblePoints: number;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Request points in time order (ties by user). `interactions` must be in time order (interactionsOf). */
export function sampleRequests(interactions: readonly Interaction[], o: RequestSampling): SampledRequests {
  if (!(o.horizonMs > 0)) throw new RangeError(`horizonMs must be > 0 (got ${o.horizonMs})`);
  if (!Number.isInteger(o.maxUsers) || o.maxUsers < 1) throw new RangeError(`maxUsers must be a positive integer (got ${o.maxUsers})`);
  if (!Number.isInteger(o.perUser) || o.perUser < 1) throw new RangeError(`perUser must be a positive integer (got ${o.perUser})`);
  const byUser = new Map<string, Interaction[]>();
  for (let i = 0; i < interactions.length; i++) {
    const x = interactions[i]!;
    if (i > 0 && x.time < interactions[i - 1]!.time) throw new RangeError(`interactions must be in time order (index ${i} goes back in time)`);
    let list = byUser.get(x.user);
    if (!list) byUser.set(x.user, (list = []));
    list.push(x);
  }
  const candidates = new Map<string, number[]>(); // user → indexes into their list
  let eligiblePoints = 0;
  for (const [user, list] of byUser) {
    const at: number[] = [];
    list.forEach((x, i) => {
      if (x.positive && x.time >= o.cutoff) at.push(i);
    });
    if (at.length > 0) {
      candidates.set(user, at);
      eligiblePoints += at.length;
    }
  }
  const rng = Rng.for(o.seed, 'requests');
  const users = shuffle([...candidates.keys()].sort(), rng).slice(0, o.maxUsers);
  const points: RequestPoint[] = [];
  for (const user of users) {
    const list = byUser.get(user)!;
    const picked = shuffle([...candidates.get(user)!], rng).slice(0, o.perUser).sort((a, b) => a - b);
    for (const i of picked) {
      const t = list[i]!.time;
      // Interactions at the same instant as t are not "before t".
      let prior = i;
      while (prior > 0 && list[prior - 1]!.time >= t) prior--;
      const relevant: string[] = [];
      for (let j = prior; j < list.length && list[j]!.time < t + o.horizonMs; j++) if (list[j]!.positive) relevant.push(list[j]!.item);
      points.push({ user, t, relevant, priorInteractions: prior });
    }
  }
  points.sort((a, b) => a.t - b.t || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  return { points, eligibleUsers: candidates.size, eligiblePoints };
}
