// freshet parity: compares the feature snapshots the edge served with the
// same features recomputed offline as of each snapshot's t; exits 2 when a
// feature's divergence rate passes the threshold (an alarm for cron and CI).
import { Command } from 'commander';
import { fraction } from '../cli/options.js';
import { requireFolder, reportRejected, runCli } from './cli-support.js';
import { DEFAULT_MAX_DIVERGENCE, checkParity } from './parity-monitor.js';
import { formatParityTable } from './parity-report.js';
import { createReplayProgress } from './progress.js';
import { readSnapshots } from './snapshots.js';

interface CliOptions {
  offlineDir: string;
  snapshots: string;
  maxDivergence: number;
  json?: boolean;
  progress: boolean;
}

const EXIT_DIVERGED = 2;

async function main(o: CliOptions): Promise<number> {
  await requireFolder(o.offlineDir);
  const input = await readSnapshots(o.snapshots);
  reportRejected(o.snapshots, input.rejected, 'snapshot');
  if (input.records.length === 0) console.error(`warning: ${o.snapshots} holds no valid snapshot; nothing was compared`);
  const progress = o.progress && !o.json ? createReplayProgress('replay') : undefined;
  let report;
  try {
    report = await checkParity(o.offlineDir, input.records, {
      maxDivergence: o.maxDivergence,
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    });
  } finally {
    progress?.stop();
  }
  console.log(o.json ? JSON.stringify({ ...report, rejectedLines: input.rejected }, null, 2) : formatParityTable(report));
  return report.ok ? 0 : EXIT_DIVERGED;
}

const program = new Command()
  .name('freshet-parity')
  .description(
    'Check online/offline feature parity: recompute each served feature snapshot offline as of its t (the ' +
      'training-set replay) and compare value by value (deep equality, numbers within 1e-9 relative). Reports, per ' +
      'feature, values compared, diverged, the divergence rate and up to 3 diverging examples.',
  )
  .requiredOption('--offline-dir <dir>', 'the offline store (the folder holding events/ and catalog/)')
  .requiredOption(
    '--snapshots <file.jsonl>',
    'served snapshots, one a line: {"request_id","user_id","item_ids"?,"t","features":{"user":{name:value},"items"?:{item_id:{name:value}}}}',
  )
  .option('--max-divergence <rate>', 'alarm when a feature diverges in more than this share of its values', fraction('--max-divergence'), DEFAULT_MAX_DIVERGENCE)
  .option('--json', 'print the report as JSON instead of a table')
  .option('--no-progress', 'no progress bar')
  .addHelpText(
    'after',
    '\nBad snapshot lines are reported (file:line: field: problem) and skipped.\n' +
      '\nExample:\n  npm run parity -- --offline-dir .state/offline --snapshots served.jsonl --max-divergence 0.005\n' +
      `\nExit status: 0 when every feature's divergence rate is at most --max-divergence, ${EXIT_DIVERGED} when one is above it,\n` +
      '1 on failure (unreadable input, a corrupt offline file).',
  )
  .action(async (options: CliOptions) => runCli('freshet-parity', () => main(options), (m) => program.error(m)));

await program.parseAsync();
