// End to end on real data, small: the whole replay (build, in-process serving,
// baselines, ablation, slices) on a 60-user subset of MovieLens latest-small.
import { describe, expect, it } from 'vitest';
import { evaluateDataset, SLICES, SYSTEMS } from './evaluate-dataset.js';
import { figuresOf, seriesOf } from './result.js';

const options = {
  trainShare: 0.8,
  horizonMs: 86_400_000,
  maxUsers: 6,
  perUser: 2,
  seed: 3,
  snapshotEveryMs: 300_000,
  resamples: 50,
  datasetUsers: 60,
  build: { dim: 16, rankerExamples: 2_000 },
  progress: () => undefined,
};

describe('evaluateDataset', () => {
  it('fails naming the missing dataset folder', async () => {
    await expect(evaluateDataset('ml-latest-small', { ...options, dir: '/nonexistent-datasets' })).rejects.toThrow(/MovieLens latest-small.*\/nonexistent-datasets\/movielens-latest-small/);
  });

  it('replays MovieLens latest-small through the serving pipeline and every baseline', async () => {
    const e = await evaluateDataset('ml-latest-small', options);
    expect(e.title).toMatch(/^MovieLens latest-small/);
    expect(e.sampledRequests).toBeGreaterThan(0);
    expect(e.sampledRequests).toBeLessThanOrEqual(options.maxUsers * options.perUser);
    expect(e.trainEvents + e.testEvents).toBeGreaterThan(0);
    expect(e.degradedRequests).toBe(0); // the pipeline served every request without a fallback rung
    for (const system of SYSTEMS) {
      expect(e.scores[system].all.requests).toBe(e.sampledRequests);
      for (const slice of SLICES) {
        const m = e.scores[system][slice].metrics;
        for (const v of [m.recall_at_20, m.ndcg_at_10, m.hit_rate_at_10, m.mrr]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      expect(e.coverage[system]).toBeGreaterThan(0);
    }
    expect(e.freshness.ndcg_at_10.resamples).toBe(50);
    // Ours against each baseline is paired over the same users, and its estimate is the change of the two reported means.
    for (const [name, change] of Object.entries(e.versus)) {
      expect(change.users).toBe(e.sampledUsers);
      const base = e.scores[name as keyof typeof e.versus].all.metrics.ndcg_at_10;
      if (base > 0) expect(change.estimate).toBeCloseTo((e.scores.ours.all.metrics.ndcg_at_10 - base) / base, 9);
    }
    const figures = figuresOf(e);
    expect(figures.ml_latest_small_ours_ndcg_at_10).toBe(Math.round(e.scores.ours.all.metrics.ndcg_at_10 * 1e5) / 1e5);
    expect(figures.ml_latest_small_popularity_recall_at_20).toBeTypeOf('number');
    expect(Object.keys(figures).every((k) => /^[a-z0-9_]+$/.test(k))).toBe(true);
    const series = seriesOf(e);
    expect(series.ml_latest_small_ndcg_at_10?.kind).toBe('bars');
    expect(series.ml_latest_small_freshness_rel_change?.kind).toBe('bars');
    // A change over a baseline that scored 0 is undefined, and left out rather than written as null.
    if (e.scores.item_knn.all.metrics.ndcg_at_10 > 0) expect(figures.ml_latest_small_ours_vs_item_knn_ndcg_at_10_rel_change).toBe(Math.round(e.versus.item_knn.estimate * 1e5) / 1e5);
    else expect(figures).not.toHaveProperty('ml_latest_small_ours_vs_item_knn_ndcg_at_10_rel_change');
  });
});
