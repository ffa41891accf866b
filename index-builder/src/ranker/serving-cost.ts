// Measures what ranking one request costs in TypeScript on this machine:
// assembling 500 candidates' rows (user side once) and the reference
// forward pass over them. Reported by evaluate.ts; not a test (no timing
// assertions), a figure to compare with the ~15 ms ranking budget.
import { FEATURE_COUNT, assembleBatch, forwardRanker, prepareUserSide, type Candidate, type RankerModel } from '@freshet/shared/ranking/index';
import { Rng } from '@freshet/shared/synthetic';

export interface ServingCost {
  readonly candidates: number;
  readonly assembleMsMean: number;
  readonly forwardMsMean: number;
}

export function measureServingCost(model: RankerModel, candidates = 500, repeats = 200): ServingCost {
  const rng = Rng.for(5, 'serving-cost');
  const categories = ['drama', 'comedy', 'action', 'thriller', 'documentary', 'news', 'music', 'kids'];
  const user = {
    user_interaction_count: 240, user_completion_rate_7d: 0.4, user_avg_session_duration_7d: 35, user_session_binge_depth: 2,
    user_recent_items: Array.from({ length: 20 }, (_, i) => ({ item_id: `i${i * 7}`, score: 1 - i / 20, last_time: 0 })),
    user_top_categories_7d: categories.slice(0, 5).map((category, i) => ({ category, weight: 5 - i })),
    user_category_affinity_30m: { drama: 0.6, comedy: 0.4 }, user_category_affinity_7d: Object.fromEntries(categories.map((c, i) => [c, (8 - i) / 36])),
    user_category_affinity_long: Object.fromEntries(categories.map((c, i) => [c, (8 - i) / 36])), user_creator_affinity_long: { c1: 0.5, c2: 0.3 },
    user_hour_of_day_28d: Array.from({ length: 24 }, () => 1 / 24), user_preferred_language_28d: 'en', user_preferred_content_type_28d: 'MIXED',
    user_negative_counts_7d: { skips: 4, early_pauses: 2, dislikes: 1, browse_past: 30, hover_skips: 6 },
  };
  const list: Candidate[] = Array.from({ length: candidates }, (_, i) => ({
    itemId: `i${i}`,
    features: {
      item_plays_1h: rng.int(100), item_plays_24h: rng.int(2000), item_impressions_24h: rng.int(10_000), item_ctr_24h: rng.next() * 0.2,
      item_like_ratio_7d: rng.next(), item_completion_rate_7d: rng.next(), item_skip_rate_7d: rng.next() * 0.3, item_trending_score: rng.next() * 50,
      item_publish_age_hours: rng.next() * 5000, creator_subscriber_count: rng.int(1e6),
    },
    facts: {
      categories: [categories[rng.int(8)]!, categories[rng.int(8)]!], contentType: rng.next() < 0.7 ? 'VIDEO' : 'AUDIO', language: 'en',
      durationMs: 60_000 * (1 + rng.int(120)), creatorId: `c${rng.int(50)}`, retrievalScore: rng.next(),
    },
  }));
  const scratch = new Float32Array(candidates * FEATURE_COUNT);
  let assemble = 0;
  let forward = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const rows = assembleBatch(prepareUserSide(user, { time: Date.UTC(2026, 0, 1, 20), localHour: 20, device: 'tv' }), list, scratch);
    const t1 = performance.now();
    forwardRanker(model, rows, candidates);
    const t2 = performance.now();
    // The first repeats warm the JIT up; only the second half counts.
    if (r >= repeats / 2) {
      assemble += t1 - t0;
      forward += t2 - t1;
    }
  }
  return { candidates, assembleMsMean: assemble / (repeats / 2), forwardMsMean: forward / (repeats / 2) };
}
