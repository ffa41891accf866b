// One dataset's evaluation → the flat figures and bar series of
// bench/results/quality.json (names: <dataset>_<system>_<metric>, units in
// the key where there is one), and the workload line naming every dataset.
import type { Series } from '../lib/results.js';
import { FIGURE_PREFIX } from './dataset.js';
import { CANDIDATE_DEPTH, SLICES, SYSTEMS, type DatasetEvaluation, type MetricName } from './evaluate-dataset.js';

const METRIC_KEYS: Readonly<Record<MetricName, string>> = {
  recall_at_20: 'recall_at_20',
  ndcg_at_10: 'ndcg_at_10',
  hit_rate_at_10: 'hit_rate_at_10',
  mrr: 'mrr_at_100',
  novelty_at_10: 'novelty_at_10_bits',
};
const SLICE_METRICS: readonly MetricName[] = ['recall_at_20', 'ndcg_at_10', 'hit_rate_at_10', 'mrr'];
const round = (x: number, digits = 5) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

export function figuresOf(e: DatasetEvaluation): Record<string, number> {
  const p = FIGURE_PREFIX[e.id];
  const f: Record<string, number> = {};
  for (const system of SYSTEMS) {
    const all = e.scores[system].all.metrics;
    for (const [metric, key] of Object.entries(METRIC_KEYS) as [MetricName, string][]) f[`${p}_${system}_${key}`] = round(all[metric]);
    f[`${p}_${system}_catalog_coverage_at_10`] = round(e.coverage[system]);
    for (const slice of SLICES) {
      if (slice === 'all') continue;
      for (const metric of SLICE_METRICS) f[`${p}_${system}_${slice}_${METRIC_KEYS[metric]}`] = round(e.scores[system][slice].metrics[metric]);
    }
  }
  for (const [metric, change] of Object.entries(e.freshness)) {
    f[`${p}_freshness_${metric}_rel_change`] = round(change.estimate);
    f[`${p}_freshness_${metric}_ci_low`] = round(change.low);
    f[`${p}_freshness_${metric}_ci_high`] = round(change.high);
  }
  for (const [baseline, change] of Object.entries(e.versus)) {
    f[`${p}_ours_vs_${baseline}_ndcg_at_10_rel_change`] = round(change.estimate);
    f[`${p}_ours_vs_${baseline}_ndcg_at_10_ci_low`] = round(change.low);
    f[`${p}_ours_vs_${baseline}_ndcg_at_10_ci_high`] = round(change.high);
  }
  for (const [source, { slots, hits }] of Object.entries(e.oursTop10BySource)) {
    f[`${p}_ours_top10_slots_from_${source}`] = slots;
    f[`${p}_ours_top10_hits_from_${source}`] = hits;
  }
  const age = e.rankerAge;
  f[`${p}_ours_ranker_young_candidates`] = age.youngCandidates;
  f[`${p}_ours_ranker_old_candidates`] = age.oldCandidates;
  f[`${p}_ours_ranker_click_p_young_items`] = round(age.youngClick);
  f[`${p}_ours_ranker_click_p_young_items_aged_10y`] = round(age.youngClickAgedTenYears);
  f[`${p}_ours_ranker_click_p_old_items`] = round(age.oldClick);
  f[`${p}_freshness_bootstrap_resamples`] = e.freshness.ndcg_at_10.resamples;
  Object.assign(f, {
    [`${p}_cutoff_epoch_ms`]: e.cutoff,
    [`${p}_train_events`]: e.trainEvents,
    [`${p}_test_events`]: e.testEvents,
    [`${p}_train_interactions`]: e.trainInteractions,
    [`${p}_test_interactions`]: e.testInteractions,
    [`${p}_catalog_items`]: e.catalogItems,
    [`${p}_indexed_items`]: e.indexedItems,
    [`${p}_new_test_items`]: e.newTestItems,
    [`${p}_eligible_users`]: e.eligibleUsers,
    [`${p}_eligible_requests`]: e.eligibleRequests,
    [`${p}_sampled_users`]: e.sampledUsers,
    [`${p}_sampled_requests`]: e.sampledRequests,
    [`${p}_cold_users_requests`]: e.scores.ours.cold_users.requests,
    [`${p}_cold_users_users`]: e.scores.ours.cold_users.users,
    [`${p}_cold_items_requests`]: e.scores.ours.cold_items.requests,
    [`${p}_mean_relevant_items`]: round(e.meanRelevant, 3),
    [`${p}_ours_mean_candidates`]: round(e.candidates.mean, 1),
    [`${p}_ours_candidate_recall`]: round(e.candidates.recall),
    [`${p}_item_knn_recall_at_${CANDIDATE_DEPTH}`]: round(e.candidates.knnRecall),
    [`${p}_degraded_requests`]: e.degradedRequests,
    [`${p}_snapshots_built`]: e.snapshotsBuilt,
    [`${p}_train_seconds`]: e.seconds.train,
    [`${p}_replay_seconds`]: e.seconds.replay,
  });
  // A figure that does not exist on this data (e.g. no candidate older than a year on MovieLens 100K,
  // which spans seven months) is left out rather than written as null.
  return Object.fromEntries(Object.entries(f).filter(([, value]) => Number.isFinite(value)));
}

export function seriesOf(e: DatasetEvaluation): Record<string, Series> {
  const p = FIGURE_PREFIX[e.id];
  const out: Record<string, Series> = {};
  for (const metric of ['ndcg_at_10', 'recall_at_20', 'hit_rate_at_10', 'mrr'] as const) {
    out[`${p}_${METRIC_KEYS[metric]}`] = {
      kind: 'bars',
      unit: `${METRIC_KEYS[metric]} (${e.title}, temporal replay)`,
      bars: SYSTEMS.map((s) => ({ label: s, value: round(e.scores[s].all.metrics[metric]) })),
    };
  }
  const versus = Object.entries(e.versus).filter(([, c]) => [c.estimate, c.low, c.high].every(Number.isFinite));
  if (versus.length > 0) {
    out[`${p}_ours_vs_baselines_ndcg_at_10`] = {
      kind: 'bars',
      unit: `relative change of ours' NDCG@10 over each baseline, 95% bootstrap CI over users (${e.title})`,
      bars: versus.map(([name, c]) => ({ label: name, value: round(c.estimate), low: round(c.low), high: round(c.high) })),
    };
  }
  if (![e.freshness.ndcg_at_10, e.freshness.recall_at_20].every((c) => [c.estimate, c.low, c.high].every(Number.isFinite))) return out;
  out[`${p}_freshness_rel_change`] = {
    kind: 'bars',
    unit: `relative change, real-time vs nightly features, 95% bootstrap CI over users (${e.title})`,
    bars: (['ndcg_at_10', 'recall_at_20'] as const).map((m) => ({ label: m, value: round(e.freshness[m].estimate), low: round(e.freshness[m].low), high: round(e.freshness[m].high) })),
  };
  return out;
}

export function notesOf(e: DatasetEvaluation): string[] {
  const s = e.scores;
  const ours = s.ours.all.metrics.ndcg_at_10;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const verdict = (name: 'popularity' | 'item_knn') => {
    const other = s[name].all.metrics.ndcg_at_10;
    const c = e.versus[name];
    const ci = `${pct(c.estimate)} [${pct(c.low)}, ${pct(c.high)}]`;
    const significance = c.low > 0 || c.high < 0 ? 'the interval excludes 0' : 'the interval includes 0';
    return `${ours > other ? 'beats' : 'does NOT beat'} ${name} (${ours.toFixed(4)} vs ${other.toFixed(4)}, ${ci}, ${significance})`;
  };
  const sources = Object.entries(e.oursTop10BySource).sort((a, b) => b[1].slots - a[1].slots).map(([k, v]) => `${k} ${v.slots} slots/${v.hits} hits`).join(', ');
  const fresh = e.freshness.ndcg_at_10;
  return [
    `${e.title}: cutoff ${new Date(e.cutoff).toISOString()} (80% of interactions before it); ${e.sampledRequests} request points from ${e.sampledUsers} users (of ${e.eligibleRequests} points, ${e.eligibleUsers} users); ours NDCG@10 ${verdict('popularity')}, ${verdict('item_knn')}.`,
    `${e.title}: ours' top-10 slots by retrieval source: ${sources}; diagnostics: the same pipeline in retrieval order (ranker off) NDCG@10 ${s.ours_retrieval_order.all.metrics.ndcg_at_10.toFixed(4)}, without the fresh-item source ${s.ours_no_fresh_source.all.metrics.ndcg_at_10.toFixed(4)}, the ranker alone (no co-visitation prior) ${s.ours_ranker_only.all.metrics.ndcg_at_10.toFixed(4)}; retrieval's ${e.candidates.mean.toFixed(0)} candidates per request hold ${(e.candidates.recall * 100).toFixed(1)}% of the relevant items (item-kNN's top ${CANDIDATE_DEPTH}: ${(e.candidates.knnRecall * 100).toFixed(1)}%).`,
    `${e.title}: ours' ranker gives candidates published < 1 year before the request a mean click probability of ${e.rankerAge.youngClick.toFixed(3)} (${e.rankerAge.youngCandidates} scored), ${e.rankerAge.youngClickAgedTenYears.toFixed(3)} for the same rows with their publish age set to 10 years, and ${Number.isFinite(e.rankerAge.oldClick) ? `${e.rankerAge.oldClick.toFixed(3)} for older candidates` : 'there were no older candidates'}.`,
    `${e.title}: real-time vs nightly features, NDCG@10 ${(fresh.estimate * 100).toFixed(1)}% [${(fresh.low * 100).toFixed(1)}%, ${(fresh.high * 100).toFixed(1)}%]; ${e.degradedRequests} served requests took a fallback rung.`,
  ];
}
