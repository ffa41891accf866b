// freshet training-set: builds a point-in-time training set from the offline
// store and a JSONL file of labelled examples (user_id, item_id, t, label):
// every feature as of each example's t, as JSONL or Parquet.
import { Command } from 'commander';
import { requireFolder, reportRejected, runCli } from './cli-support.js';
import { readExamples } from './examples.js';
import { createReplayProgress } from './progress.js';
import { buildTrainingSet, writeTrainingJsonl } from './training-set.js';
import { writeTrainingParquet } from './training-set-parquet.js';

interface CliOptions {
  offlineDir: string;
  examples: string;
  out: string;
  progress: boolean;
}

async function main(o: CliOptions): Promise<number> {
  await requireFolder(o.offlineDir);
  const started = performance.now();
  const input = await readExamples(o.examples);
  reportRejected(o.examples, input.rejected, 'example');
  const progress = o.progress ? createReplayProgress('replay') : undefined;
  let set;
  try {
    set = await buildTrainingSet(o.offlineDir, input.records, { ...(progress ? { onProgress: (p) => progress.update(p) } : {}) });
  } finally {
    progress?.stop();
  }
  const parquet = o.out.toLowerCase().endsWith('.parquet');
  await (parquet ? writeTrainingParquet(o.out, set.rows) : writeTrainingJsonl(o.out, set.rows));
  const s = set.stats;
  console.error(
    `${set.rows.length} examples → ${o.out} (${parquet ? 'Parquet' : 'JSONL'}); replayed ${s.events} events from ${s.files} files ` +
      `(${s.duplicates} duplicate copies skipped) and ${s.catalogRecords} catalog records in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (set.rows.length > 0 && s.events === 0) console.error(`warning: ${o.offlineDir} holds no events up to the latest example time; every feature is empty`);
  return 0;
}

const program = new Command()
  .name('freshet-training-set')
  .description(
    'Build a point-in-time training set: for each labelled example, every user, item and creator feature as of the ' +
      "example's t, replayed from the offline store (events with event_time ≤ t; catalog records produced by t). " +
      'No event after t reaches an example at t.',
  )
  .requiredOption('--offline-dir <dir>', 'the offline store (the folder holding events/ and catalog/)')
  .requiredOption('--examples <file.jsonl>', 'labelled examples, one JSON object a line: {"user_id","item_id","t" (UTC epoch ms),"label" (number or boolean), ...}')
  .requiredOption('--out <file>', 'where to write the set: JSONL (each example plus "features"), or Parquet when the name ends in .parquet')
  .option('--no-progress', 'no progress bar')
  .addHelpText(
    'after',
    '\nBad example lines are reported (file:line: field: problem) and skipped; they do not fail the run.\n' +
      'Parquet output: user_id, item_id, t, label, then one column per feature (numbers DOUBLE, strings VARCHAR,\n' +
      'lists and maps as JSON text); extra example fields are kept in JSONL output only.\n' +
      '\nExample:\n  npm run training-set -- --offline-dir .state/offline --examples labels.jsonl --out train.parquet\n' +
      '\nExit status: 0 when the set was written, 1 on failure (unreadable input, a corrupt offline file).',
  )
  .action(async (options: CliOptions) => runCli('freshet-training-set', () => main(options), (m) => program.error(m)));

await program.parseAsync();
