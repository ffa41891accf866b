// freshet-features: the feature job. Wiring only: flags → Kafka, regions,
// metrics, offline store and snapshot publishers → FeatureJob.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_ADMISSION, TOPICS, type TopicName } from '@freshet/shared';
import { pino } from 'pino';
import { createKafka, type KafkaLogLevel } from '../adapters/kafka.js';
import { formatDuration, parseDuration } from '../cli/duration.js';
import { brokerList, defaultBrokers, nonNegativeInt, positiveInt } from '../cli/options.js';
import { defaultOfflineDir, defaultRegions, regionList } from '../cli/regions.js';
import { createBufferedOfflineSink } from '../offline/buffered-sink.js';
import { SnapshotPublisher } from '../snapshots/publisher.js';
import { FeatureJob } from './feature-job.js';
import { createFeatureMetrics } from './metrics.js';
import { serveMetrics } from './metrics-server.js';
import { RedisRegion, type RegionConfig } from './redis-region.js';

interface Options {
  brokers: string[];
  group: string;
  regions?: RegionConfig[];
  allowedLateness: number;
  maxFuture: number;
  concurrency: number;
  catalogWait: number;
  metricsPort: number;
  snapshots: boolean;
  snapshotInterval: number;
  logLevel: string;
  kafkaLogLevel: KafkaLogLevel;
  eventsTopic: string;
  catalogTopic: string;
  sessionTimeout: number;
  maxBatchBytes: number;
  offlineDir: string;
  offline: boolean;
}

async function main(o: Options): Promise<void> {
  const logger = pino({ name: 'freshet-features', level: o.logLevel });
  if (!o.regions) {
    throw new InvalidArgumentError('no regions: pass --regions name=redis://host:port[,...] or start the local stack (`npm run infra:up`)');
  }
  const regions = o.regions.map((r) => new RedisRegion(r));
  const metrics = createFeatureMetrics();
  const offline = o.offline ? createBufferedOfflineSink({ dir: o.offlineDir, group: o.group, logger }) : undefined;
  const crash = process.env.FRESHET_FAULT_CRASH_AFTER_APPLIES;
  const job = new FeatureJob({
    kafka: createKafka({ brokers: o.brokers, clientId: 'freshet-features', logLevel: o.kafkaLogLevel, logger }),
    groupId: o.group,
    regions,
    metrics,
    logger,
    admission: { allowedLatenessMs: o.allowedLateness, maxFutureMs: o.maxFuture },
    partitionsConcurrently: o.concurrency,
    catalogWaitMs: o.catalogWait,
    topics: { events: o.eventsTopic as TopicName, catalog: o.catalogTopic as TopicName },
    sessionTimeoutMs: o.sessionTimeout,
    maxBatchBytes: o.maxBatchBytes,
    ...(offline ? { offline } : {}),
    ...(crash ? { crashAfterRegionApplies: Number(crash) } : {}),
  });
  if (o.offline) logger.info({ dir: o.offlineDir }, 'offline store');
  const server = o.metricsPort > 0 ? await serveMetrics(metrics.registry, o.metricsPort) : undefined;
  if (server) logger.info({ url: `http://127.0.0.1:${o.metricsPort}/metrics` }, 'metrics endpoint');

  await job.start();
  const publishers = o.snapshots
    ? regions.map(
        (region) =>
          new SnapshotPublisher({
            region: region.name,
            redis: region.client,
            logger,
            intervalMs: o.snapshotInterval,
            onPublished: (info) => logger.debug(info, 'item snapshot published'),
          }),
      )
    : [];
  publishers.forEach((p) => p.start());

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing the batches in flight');
    void (async () => {
      await Promise.all(publishers.map((p) => p.stop()));
      await job.stop();
      await offline?.close();
      await Promise.all(regions.map((r) => r.close()));
      server?.close();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const regionsDefault = defaultRegions();
const offlineDefault = defaultOfflineDir();
const program = new Command()
  .name('freshet-features')
  .description(
    'The feature job: consumes user.engagement.events and media.published, applies the shared feature definitions and ' +
      'writes features to every region exactly once; dead-letters what it cannot use; publishes item snapshots.',
  )
  .addOption(
    new Option('--brokers <list>', 'Kafka bootstrap servers, host:port[,host:port]')
      .argParser(brokerList)
      .default(brokerList(defaultBrokers()), `${defaultBrokers()}: $KAFKA_BROKERS, else the running local stack`),
  )
  .option('--group <id>', 'consumer group id (one per deployment; progress in Redis is kept per group)', 'freshet-features')
  .addOption(
    new Option('--regions <list>', 'regions to write, name=redis://host:port[,...]')
      .argParser(regionList)
      .default(regionsDefault ? regionList(regionsDefault) : undefined, regionsDefault ?? 'the running local stack'),
  )
  .addOption(
    new Option('--allowed-lateness <duration>', 'events further behind the partition watermark are dropped (and counted)')
      .argParser(parseDuration('--allowed-lateness'))
      .default(DEFAULT_ADMISSION.allowedLatenessMs, formatDuration(DEFAULT_ADMISSION.allowedLatenessMs)),
  )
  .addOption(
    new Option('--max-future <duration>', 'events this far ahead of their record time are dead-lettered')
      .argParser(parseDuration('--max-future'))
      .default(DEFAULT_ADMISSION.maxFutureMs, formatDuration(DEFAULT_ADMISSION.maxFutureMs)),
  )
  .option('--concurrency <n>', 'partitions processed at once', positiveInt('--concurrency'), 3)
  .option('--max-batch-bytes <n>', 'largest fetch per partition, in bytes (bounds batch size)', positiveInt('--max-batch-bytes'), 1_048_576)
  .option('--events-topic <topic>', 'engagement events topic (its dead-letter topic is <topic>.dlq)', TOPICS.engagementEvents)
  .option('--catalog-topic <topic>', 'catalog topic (its dead-letter topic is <topic>.dlq)', TOPICS.mediaPublished)
  .addOption(
    new Option('--session-timeout <duration>', 'how long the consumer group waits for a silent member (Kafka allows 6s–30m by default)')
      .argParser(parseDuration('--session-timeout'))
      .default(30_000, '30s'),
  )
  .addOption(new Option('--catalog-wait <duration>', 'how long events wait for an unknown item to appear in the catalog').argParser(parseDuration('--catalog-wait')).default(5000, '5s'))
  .option('--metrics-port <port>', 'Prometheus /metrics on 127.0.0.1 (0 = off)', nonNegativeInt('--metrics-port'), 9464)
  .option('--offline-dir <dir>', 'where the offline store (Parquet by hour) is written', offlineDefault)
  .option('--no-offline', 'do not write the offline store')
  .option('--no-snapshots', 'do not publish item snapshots (run exactly one publisher per region)')
  .addOption(new Option('--snapshot-interval <duration>', 'how often item snapshots are republished').argParser(parseDuration('--snapshot-interval')).default(2000, '2s'))
  .addOption(new Option('--log-level <level>', 'log level').choices(['error', 'warn', 'info', 'debug']).default('info'))
  .addOption(new Option('--kafka-log-level <level>', 'kafkajs log level').choices(['silent', 'error', 'warn', 'info', 'debug']).default('warn'))
  .addHelpText(
    'after',
    '\nMetrics: freshet_feature_records_total{outcome}, _dead_letters_total, _late_dropped_total, _consumer_lag,\n' +
      '_freshness_seconds (produce → visible in every region), _batch_seconds, _region_apply_seconds, _region_retries_total.',
  )
  .action(async (options: Options) => {
    try {
      await main(options);
    } catch (error) {
      console.error(`freshet-features: ${(error as Error).message}`);
      process.exit(1);
    }
  });

await program.parseAsync();
