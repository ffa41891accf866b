// Exploration slots (R14, R19): a share of the list goes to candidates the
// user would not have been shown, chosen by Thompson sampling over each
// item's click-rate posterior, so items with little exposure get their
// chance. Each pick carries its propensity, which training uses to debias.
//
// The scheme, exactly: draw `samples` independent replicates of θ_i ~
// Beta(α + clicks_i, β + impressions_i − clicks_i) for every pool item. Slot j
// takes the argmax of replicate j over the pool items not taken by earlier
// slots (a fresh Thompson draw per slot). Its propensity is the share of all
// replicates in which that item is the argmax over the same remaining items:
// a Monte Carlo estimate of P(item wins slot j | earlier picks), standard
// error √(p(1−p)/samples), never below 1/samples (the realised draw counts).
import { BetaSampler, type Uniform } from './beta-sampling.js';
import type { ExplorationStats } from './types.js';

/** Slots for `share` of `length` positions by randomised rounding: floor or ceil of share × length, share × length on average. */
export function explorationSlotCount(share: number, length: number, random: Uniform): number {
  const exact = share * length;
  const whole = Math.floor(exact);
  return whole + (random() < exact - whole ? 1 : 0);
}

/** `count` distinct positions drawn uniformly from `free` (partial Fisher–Yates; `free` is not modified). */
export function choosePositions(free: readonly number[], count: number, random: Uniform): number[] {
  const a = free.slice();
  const n = Math.min(count, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** Bad counts are repaired, not trusted: negatives and non-numbers count 0, clicks at most impressions. */
export function posteriorOf(stats: ExplorationStats | undefined, priorAlpha: number, priorBeta: number): [alpha: number, beta: number] {
  const impressions = stats !== undefined && Number.isFinite(stats.impressions) && stats.impressions > 0 ? stats.impressions : 0;
  const clicks = stats !== undefined && Number.isFinite(stats.clicks) && stats.clicks > 0 ? Math.min(stats.clicks, impressions) : 0;
  return [priorAlpha + clicks, priorBeta + impressions - clicks];
}

export interface ThompsonOptions {
  readonly slots: number;
  readonly priorAlpha: number;
  readonly priorBeta: number;
  readonly samples: number;
}

export interface ThompsonPick {
  /** Index into the pool. */
  readonly index: number;
  readonly propensity: number;
}

/** Picks min(slots, pool size, samples) distinct pool items, in slot order. */
export function thompsonPicks(pool: readonly (ExplorationStats | undefined)[], options: ThompsonOptions, random: Uniform): ThompsonPick[] {
  const n = pool.length;
  const m = options.samples;
  const slots = Math.min(options.slots, n, m);
  if (slots <= 0) return [];
  const posteriors = pool.map((s) => posteriorOf(s, options.priorAlpha, options.priorBeta));
  const sampler = new BetaSampler(random);
  const draws = new Float64Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) draws[r * n + i] = sampler.beta(posteriors[i]![0], posteriors[i]![1]);
  }
  const taken = new Uint8Array(n);
  const winnerOf = (r: number): number => {
    let best = -1;
    let bestDraw = -Infinity;
    for (let i = 0; i < n; i++) {
      // Ties go to the better-ranked (earlier) item.
      if (taken[i] === 0 && draws[r * n + i]! > bestDraw) {
        best = i;
        bestDraw = draws[r * n + i]!;
      }
    }
    return best;
  };
  const picks: ThompsonPick[] = [];
  for (let j = 0; j < slots; j++) {
    const chosen = winnerOf(j);
    let wins = 0;
    for (let r = 0; r < m; r++) if (winnerOf(r) === chosen) wins++;
    picks.push({ index: chosen, propensity: wins / m });
    taken[chosen] = 1;
  }
  return picks;
}
