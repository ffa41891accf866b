// `freshet-index build`: one full build into an immutable, verified bundle.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { buildBundle } from '../build/build-bundle.js';
import { isMovieLensId, type InputSpec } from '../build/input.js';
import type { GlobalOptions } from './main.js';
import { fraction, positiveInt } from '@freshet/stream-jobs/cli/options';
import { createStepView } from './step-view.js';

interface BuildFlags {
  input: string;
  offlineDir?: string;
  items: number;
  events: number;
  users: number;
  seed: number;
  dim?: number;
  minRecall?: number;
  similarK?: number;
  rankerExamples?: number;
  rankerFrom?: string;
}

function inputSpec(flags: BuildFlags, stateDir: string): InputSpec {
  if (flags.input === 'offline') return { kind: 'offline', dir: resolve(flags.offlineDir ?? resolve(stateDir, 'offline')) };
  if (flags.input === 'synthetic') return { kind: 'synthetic', items: flags.items, events: flags.events, users: flags.users, seed: flags.seed };
  if (isMovieLensId(flags.input)) return { kind: 'movielens', id: flags.input };
  throw new InvalidArgumentError(`--input must be offline, synthetic, ml-100k, ml-1m-sample or ml-latest-small, got "${flags.input}"`);
}

export function buildCommand(cmd: Command, globals: (cmd: Command) => GlobalOptions): void {
  cmd
    .description('Train embeddings, build and gate the int8 index, train and export the ranker, and write one bundle.')
    .requiredOption('--input <source>', 'offline (the offline store), synthetic, ml-100k, ml-1m-sample or ml-latest-small')
    .option('--offline-dir <dir>', 'the offline store (with --input offline; default <state-dir>/offline)')
    .option('--items <n>', 'synthetic catalog size', positiveInt('--items'), 100_000)
    .option('--events <n>', 'synthetic events', positiveInt('--events'), 1_000_000)
    .option('--users <n>', 'synthetic users', positiveInt('--users'), 50_000)
    .option('--seed <n>', 'seed for the synthetic workload and training', positiveInt('--seed'), 1)
    .option('--dim <n>', 'embedding dimensions (default 64)', positiveInt('--dim'))
    .option('--min-recall <x>', 'recall@100 gate against exact float32 search (default and minimum 0.95)', fraction('--min-recall'))
    .option('--similar-k <n>', 'neighbours per item in the similar lists (default 20)', positiveInt('--similar-k'))
    .option('--ranker-examples <n>', 'ranker training examples at most (default 60,000)', positiveInt('--ranker-examples'))
    .option('--ranker-from <version>', 'reuse the ranker of an earlier bundle in --bundles (an index rebuild without retraining it)')
    .action(async (flags: BuildFlags, command: Command) => {
      const g = globals(command);
      const view = createStepView();
      const started = performance.now();
      try {
        const { bundle, report } = await buildBundle(inputSpec(flags, g.stateDir), {
          bundlesDir: g.bundles,
          seed: flags.seed,
          ...(flags.dim === undefined ? {} : { dim: flags.dim }),
          ...(flags.minRecall === undefined ? {} : { minRecall: flags.minRecall }),
          ...(flags.similarK === undefined ? {} : { similarK: flags.similarK }),
          ...(flags.rankerExamples === undefined ? {} : { rankerExamples: flags.rankerExamples }),
          ...(flags.rankerFrom === undefined ? {} : { rankerFrom: flags.rankerFrom.includes('/') ? resolve(flags.rankerFrom) : resolve(g.bundles, flags.rankerFrom) }),
          onStep: (step, detail) => view.say(step, detail),
          onProgress: (step, done, total) => view.progress(step, done, total),
        });
        view.stop();
        const r = report.ranker;
        const rankerLine =
          'reused_from' in r
            ? `reused from ${r.reused_from}`
            : `${Object.entries(r.heads).map(([h, f]) => `${h} AUC ${f.model.auc.toFixed(3)} (popularity ${f.baseline.auc.toFixed(3)})`).join('; ')}; ONNX max |Δ| ${r.onnx_max_abs_diff.toExponential(1)}`;
        process.stdout.write(
          [
            `built ${bundle.manifest.version} in ${((performance.now() - started) / 1000).toFixed(1)} s → ${resolve(g.bundles, bundle.manifest.version)}`,
            `  source         ${report.source}`,
            `  items          ${report.indexed_items.toLocaleString('en-US')} indexed (${report.dropped_items.toLocaleString('en-US')} unlisted or withdrawn left out), ${report.events.toLocaleString('en-US')} events`,
            `  index          ${report.index.layout}${report.index.layout === 'ivf' ? ` (${report.index.partitions} partitions, nprobe ${report.index.nprobe})` : ''}, recall@100 ${report.index.recall_at_100.toFixed(3)}, ${(report.index.index_bytes / 2 ** 20).toFixed(1)} MiB (${report.index.compression_vs_float32.toFixed(2)}× smaller than float32)`,
            `  ranker         ${rankerLine}`,
            `  seconds        ${Object.entries(report.seconds).map(([s, t]) => `${s} ${t}`).join(', ')}`,
            `ship it with: npm run index -- ship ${bundle.manifest.version}`,
            '',
          ].join('\n'),
        );
      } finally {
        view.stop();
      }
    });
}
