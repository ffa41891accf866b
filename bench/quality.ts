// `npm run bench:quality`: the offline quality evaluation (issue 6, items 1–4,
// docs/quality.md). For each MovieLens dataset: a temporal replay of the
// serving pipeline (in process) against four baselines on the same split and
// request points, the freshness ablation (real-time vs nightly features) with
// bootstrap CIs, and the cold-start slices. Writes bench/results/quality.json
// after each dataset, so an interrupted run keeps what it finished.
// Progress goes to stderr.
import { parseCommandLine } from './lib/cli.js';
import { FlagError, positiveInteger } from './lib/flags.js';
import { writeResult } from './lib/results.js';
import { QUALITY_DATASETS, type QualityDatasetId } from './quality/dataset.js';
import { DEFAULT_EVALUATE_OPTIONS, evaluateDataset, type DatasetEvaluation } from './quality/evaluate-dataset.js';
import { figuresOf, notesOf, seriesOf } from './quality/result.js';
import { RECENT_WINDOW_MS } from './quality/baselines.js';
import { KNN_NEIGHBOURS } from './quality/training.js';

const { values, ids, counts } = parseCommandLine(
  {
    script: 'bench:quality',
    summary: [
      'The offline quality evaluation (docs/quality.md): per MovieLens dataset, a temporal replay of the serving',
      'pipeline (in process) against popularity, recent popularity, item-kNN and implicit MF on the same split and',
      'request points; the freshness ablation (real-time against nightly features) with bootstrap CIs; cold-start',
      'slices. Reads ../shared/datasets; needs nothing running. Writes the result after each dataset, so an',
      'interrupted run keeps what it finished. Progress goes to stderr. Run it under nice -n 15.',
    ],
    flags: {
      datasets: { type: 'string', default: QUALITY_DATASETS.join(','), value: 'LIST', description: `datasets, comma-separated, from ${QUALITY_DATASETS.join(', ')}` },
      users: { type: 'string', default: String(DEFAULT_EVALUATE_OPTIONS.maxUsers), value: 'N', description: 'at most this many test users per dataset' },
      'per-user': { type: 'string', default: String(DEFAULT_EVALUATE_OPTIONS.perUser), value: 'N', description: 'at most this many request points per user' },
      seed: { type: 'string', default: String(DEFAULT_EVALUATE_OPTIONS.seed), value: 'N', description: 'seed of the request sampling, the training and the serving\'s exploration' },
      resamples: { type: 'string', default: String(DEFAULT_EVALUATE_OPTIONS.resamples), value: 'N', description: 'bootstrap resamples of the confidence intervals' },
      name: { type: 'string', default: 'quality', value: 'NAME', description: 'result name: writes bench/results/NAME.json' },
      cache: { type: 'string', value: 'DIR', description: 'development: keep the training bundles in DIR and reuse them on the next run' },
    },
    writes: 'bench/results/quality.json (bench/results/NAME.json with --name; then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['nice -n 15 npm run bench:quality -- --datasets ml-latest-small --users 200 --name quality-small'],
  },
  (values) => {
    const ids = values.datasets.split(',').map((s) => s.trim());
    for (const id of ids) if (!(QUALITY_DATASETS as readonly string[]).includes(id)) throw new FlagError(`--datasets: unknown dataset "${id}" (one of ${QUALITY_DATASETS.join(', ')})`);
    const counts = {
      maxUsers: positiveInteger('users', values.users),
      perUser: positiveInteger('per-user', values['per-user']),
      seed: positiveInteger('seed', values.seed),
      resamples: positiveInteger('resamples', values.resamples),
    };
    return { values, ids, counts };
  },
);
const options = {
  ...DEFAULT_EVALUATE_OPTIONS,
  ...counts,
  ...(values.cache !== undefined && { cacheDir: values.cache }),
  progress: (line: string) => console.error(`[quality ${new Date().toISOString().slice(11, 19)}] ${line}`),
};
const defaults = options.maxUsers === DEFAULT_EVALUATE_OPTIONS.maxUsers && options.perUser === DEFAULT_EVALUATE_OPTIONS.perUser && options.seed === DEFAULT_EVALUATE_OPTIONS.seed && options.resamples === DEFAULT_EVALUATE_OPTIONS.resamples;
const command = `nice -n 15 npm run bench:quality${ids.join(',') === QUALITY_DATASETS.join(',') && defaults ? '' : ` -- --datasets ${ids.join(',')} --users ${options.maxUsers} --per-user ${options.perUser} --seed ${options.seed} --resamples ${options.resamples}`}`;

const done: DatasetEvaluation[] = [];
const protocol = [
  `Temporal replay: one global cutoff per dataset at the 80th percentile of interaction times (events before it train everything: bundle via buildBundle, item-kNN, implicit ALS); request points are test-period positive interactions (completions = ratings ≥ 3.5 stars), sampled (seed ${options.seed}) up to ${options.maxUsers} users × ${options.perUser} points per user.`,
  'Relevant at a request at t: the user\'s positive interactions starting in [t, t + 24 h). Full-catalog ranking, the user\'s history as of t and unpublished items excluded for every system. Metrics are averaged per user, then over users.',
  `ours = edge-worker/src/serve/recommend.ts in process (default serving config, deadlines raised to 60 s, seeded exploration), features replayed from the shared definitions (snapshot every 5 min of event time); ours_nightly = the same with the user's state and the item snapshot frozen at 00:00 UTC of the request day (the fresh-item delta follows the catalog in real time in both). ours_retrieval_order (ranking stage off), ours_no_fresh_source (fresh-item quota 0) and ours_ranker_only (co_visitation_weight 0: the ranker's heads alone order the candidates) are diagnostics of the same pipeline, not systems.`,
  `Baselines: popularity (positives before t), recent_popularity (positives in the trailing ${RECENT_WINDOW_MS / 86_400_000} days), item_knn (cosine on training positives, ${KNN_NEIGHBOURS} neighbours, history as of t), implicit_mf (implicit ALS with the index builder's defaults, user folded in from history as of t).`,
];
for (const id of ids as QualityDatasetId[]) {
  const evaluation = await evaluateDataset(id, options);
  done.push(evaluation);
  const file = writeResult({
    name: values.name,
    title: 'Recommendation quality: temporal replay against baselines, freshness ablation, cold start',
    command,
    workload: done.map((e) => e.title).join('; ') + ' (../shared/datasets; temporal split, 80% of interactions train)',
    figures: Object.assign({}, ...done.map(figuresOf)) as Record<string, number>,
    series: Object.assign({}, ...done.map(seriesOf)) as ReturnType<typeof seriesOf>,
    notes: [...protocol, ...done.flatMap(notesOf)],
  });
  options.progress(`${evaluation.title}: done (train ${evaluation.seconds.train} s, replay ${evaluation.seconds.replay} s); wrote ${file}`);
}
