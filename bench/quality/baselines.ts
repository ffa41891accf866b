// The four baselines as the replay runs them, each ranking the full catalog
// for a user at t and excluding what the protocol excludes (the user's
// history as of t, items not published yet): popularity and recent
// popularity are counted online from every positive interaction before t;
// item-kNN and implicit MF use models from the training period with the
// user's history as of t.
import { foldInUser, scoreAllItems, type FoldInEntry } from '@freshet/shared/evaluation/als-fold-in';
import { scoreItemKnn } from '@freshet/shared/evaluation/item-knn';
import { PopularityCounts, WindowedPopularity } from '@freshet/shared/evaluation/popularity';
import { topK } from '@freshet/shared/evaluation/top-k';
import type { Interaction } from '@freshet/shared/evaluation/interactions';
import type { BaselineModels } from './training.js';

export const BASELINES = ['popularity', 'recent_popularity', 'item_knn', 'implicit_mf'] as const;
export type BaselineName = (typeof BASELINES)[number];

/** The trending window of recent popularity. */
export const RECENT_WINDOW_MS = 30 * 86_400_000;

export class BaselineRecommenders {
  private readonly popularity: PopularityCounts;
  private readonly recent: WindowedPopularity;
  private readonly scratch: Float64Array;

  constructor(
    private readonly itemIds: readonly string[],
    private readonly models: BaselineModels,
  ) {
    this.popularity = new PopularityCounts(itemIds.length);
    this.recent = new WindowedPopularity(itemIds.length, RECENT_WINDOW_MS);
    this.scratch = new Float64Array(itemIds.length);
  }

  /** One interaction, in time order, as it happens (before any request after it). */
  observe(item: number, interaction: Interaction): void {
    if (!interaction.positive) return;
    this.popularity.add(item);
    this.recent.add(item, interaction.time);
  }

  /** Top `k` item ids for a user whose history as of t is `history` (catalog index, interaction). */
  recommend(name: BaselineName, t: number, history: readonly (readonly [number, Interaction])[], excluded: (index: number) => boolean, k: number): string[] {
    let scores: ArrayLike<number>;
    switch (name) {
      case 'popularity':
        scores = this.popularity.scores;
        break;
      case 'recent_popularity':
        this.recent.advance(t);
        scores = this.recent.scores;
        break;
      case 'item_knn':
        this.scratch.fill(0);
        scores = scoreItemKnn(this.models.knn, history.filter(([, x]) => x.positive).map(([i]) => i), this.scratch);
        break;
      case 'implicit_mf':
        scores = this.mfScores(history);
        break;
    }
    return topK(scores, k, excluded).map((i) => this.itemIds[i]!);
  }

  private mfScores(history: readonly (readonly [number, Interaction])[]): Float64Array {
    const m = this.models;
    const { alpha, negativeBoost, exposureWeight } = m.confidence;
    // The index builder's confidence rule (interaction-matrix.ts) on the pair's net signal.
    const entries: FoldInEntry[] = [];
    for (const [i, x] of history) {
      const row = m.alsRow[i]!;
      if (row < 0) continue;
      const s = x.signal;
      entries.push(s > 0 ? { item: row, pref: 1, conf: 1 + alpha * s } : { item: row, pref: 0, conf: 1 + alpha * (s < 0 ? negativeBoost * -s : exposureWeight) });
    }
    const user = foldInUser(m.alsItems, m.alsDim, m.alsGram, entries);
    const byRow = scoreAllItems(m.alsItems, m.alsDim, user);
    const out = this.scratch;
    for (let i = 0; i < out.length; i++) out[i] = m.alsRow[i]! < 0 ? Number.NaN : byRow[m.alsRow[i]!]!;
    return out;
  }
}
