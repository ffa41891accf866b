// freshet-replay: streams a MovieLens dataset or the synthetic workload into
// Kafka (catalog → media.published, events → user.engagement.events), as fast
// as possible or at a target rate, with a progress bar and a summary.
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatFieldErrors } from '@freshet/shared';
import { MOVIELENS_IDS, isMovieLensId } from '@freshet/shared/movielens';
import { resolveSyntheticConfig } from '@freshet/shared/synthetic';
import { KafkaAdapterError, type KafkaLogLevel } from '../adapters/kafka.js';
import { connectKafkaSink } from './kafka-sink.js';
import { brokerList, defaultBrokers, fraction, positiveInt, positiveNumber } from '../cli/options.js';
import { DatasetMissingError } from '../sources/datasets-dir.js';
import { createProgressView } from './progress.js';
import { runReplay } from './run.js';
import { movieLensSource, syntheticSource, type ReplaySource } from './sources.js';
import { formatSummary } from './summary.js';

const SOURCES = [...MOVIELENS_IDS, 'synthetic'] as const;

interface CliOptions {
  brokers: string[];
  rate?: number;
  limit?: number;
  batchSize: number;
  catalog: boolean;
  sendInvalid?: boolean;
  dryRun?: boolean;
  json?: boolean;
  datasetsDir?: string;
  logLevel: KafkaLogLevel;
  seed: string;
  users: number;
  items: number;
  events: number;
  categories: number;
  lateRate: number;
  duplicateRate: number;
  malformedRate: number;
  eventsPerSecond: number;
  start: number;
}

function isoDate(raw: string): number {
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`--start must be an ISO date such as 2026-01-05, got "${raw}"`);
  return ms;
}

async function buildSource(name: string, o: CliOptions): Promise<ReplaySource> {
  if (isMovieLensId(name)) return movieLensSource(name, o.datasetsDir);
  const seed = /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  const config = resolveSyntheticConfig({
    seed,
    users: o.users,
    items: o.items,
    events: o.events,
    categories: o.categories,
    lateRate: o.lateRate,
    duplicateRate: o.duplicateRate,
    malformedRate: o.malformedRate,
    eventsPerSecond: o.eventsPerSecond,
    startTimeMs: o.start,
  });
  if (!config.ok) throw new InvalidArgumentError(`synthetic workload: ${formatFieldErrors(config.error)}`);
  return syntheticSource(config.value);
}

async function main(sourceName: string, o: CliOptions): Promise<number> {
  const source = await buildSource(sourceName, o);
  const sink = o.dryRun
    ? { send: () => Promise.resolve(), close: () => Promise.resolve() }
    : await connectKafkaSink({ brokers: o.brokers, logLevel: o.logLevel });
  const progress = o.json ? undefined : createProgressView();
  let interrupted = 0;
  const onSignal = () => {
    if (++interrupted > 1) process.exit(130);
    process.stderr.write('\nstopping after the batches in flight (Ctrl-C again to quit at once)\n');
    // A broker that stopped answering must not keep us waiting forever.
    setTimeout(() => {
      process.stderr.write('freshet-replay: batches still in flight after 15 s; quitting without them\n');
      process.exit(130);
    }, 15_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await runReplay(source, sink, {
      ...(o.rate === undefined ? {} : { rate: o.rate }),
      ...(o.limit === undefined ? {} : { limit: o.limit }),
      batchSize: o.batchSize,
      catalog: o.catalog,
      sendInvalid: o.sendInvalid === true,
      sourceTag: `replay:${sourceName}`,
      shouldStop: () => interrupted > 0,
      ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
    });
    progress?.stop();
    console.log(o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, o.dryRun === true));
    return summary.stoppedEarly ? 130 : 0;
  } finally {
    progress?.stop();
    await sink.close();
  }
}

const program = new Command()
  .name('freshet-replay')
  .description(
    'Stream a MovieLens dataset or the synthetic workload into Kafka: the catalog to media.published, then the ' +
      'events, in event-time order, to user.engagement.events (keyed by user_id). Every record is validated first; ' +
      'invalid ones are counted and reported with their reasons, never sent (unless --send-invalid).',
  )
  .argument('<source>', `one of: ${SOURCES.join(', ')}`, (raw: string) => {
    if (!(SOURCES as readonly string[]).includes(raw)) throw new InvalidArgumentError(`unknown source "${raw}"; choose one of ${SOURCES.join(', ')}`);
    return raw;
  })
  .addOption(
    new Option('--brokers <list>', 'Kafka bootstrap servers, host:port[,host:port]')
      .argParser(brokerList)
      .default(brokerList(defaultBrokers()), `${defaultBrokers()}: $KAFKA_BROKERS, else the running local stack`),
  )
  .option('--rate <events/s>', 'target rate (default: as fast as possible)', positiveNumber('--rate'))
  .option('--limit <n>', 'stop after n event records', positiveInt('--limit'))
  .option('--batch-size <n>', 'records per produce request', positiveInt('--batch-size'), 2000)
  .option('--no-catalog', 'do not publish the catalog first')
  .option('--send-invalid', 'also send records that fail validation (to exercise dead-letter handling)')
  .option('--dry-run', 'read and validate everything, send nothing (no Kafka needed)')
  .option('--json', 'print the summary as JSON, without a progress bar')
  .option('--datasets-dir <dir>', 'folder holding the MovieLens datasets (default: ../shared/datasets or $FRESHET_DATASETS_DIR)')
  .addOption(new Option('--log-level <level>', 'kafkajs log level').choices(['silent', 'error', 'warn', 'info', 'debug']).default('error'))
  .optionsGroup('Synthetic workload (source "synthetic"):')
  .option('--seed <seed>', 'same seed, same stream', '42')
  .option('--users <n>', 'number of users', positiveInt('--users'), 100_000)
  .option('--items <n>', 'catalog size', positiveInt('--items'), 50_000)
  .option('--events <n>', 'records to generate (valid, duplicate and malformed)', positiveInt('--events'), 1_000_000)
  .option('--categories <n>', 'number of categories', positiveInt('--categories'), 40)
  .option('--late-rate <x>', 'share of events delivered late', fraction('--late-rate'), 0.01)
  .option('--duplicate-rate <x>', 'share of records that are redeliveries', fraction('--duplicate-rate'), 0.005)
  .option('--malformed-rate <x>', 'share of records that are malformed', fraction('--malformed-rate'), 0.001)
  .option('--events-per-second <x>', 'event-time density of the simulation', positiveNumber('--events-per-second'), 580)
  .addOption(new Option('--start <date>', 'event time of the first event (ISO date)').argParser(isoDate).default(Date.UTC(2026, 0, 5), '2026-01-05'))
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  freshet-replay ml-latest-small\n' +
      '  freshet-replay ml-1m-sample --rate 5000 --no-catalog\n' +
      '  freshet-replay synthetic --events 10000000 --items 1000000 --malformed-rate 0.01 --send-invalid\n' +
      '\nExit status: 0 when done (rejected records do not fail a replay), 1 on failure, 130 when interrupted.',
  )
  .action(async (sourceName: string, options: CliOptions) => {
    try {
      process.exitCode = await main(sourceName, options);
    } catch (error) {
      if (error instanceof InvalidArgumentError) program.error(`error: ${error.message}`);
      const known = error instanceof DatasetMissingError || error instanceof KafkaAdapterError || error instanceof Error;
      console.error(`freshet-replay: ${known ? (error as Error).message : String(error)}`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
