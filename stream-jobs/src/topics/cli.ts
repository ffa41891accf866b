// freshet-topics: creates the platform topics (and their dead-letter topics) if missing, or
// describes them. infra/bin/up runs it after starting Kafka; it is also the check that the
// broker really works.
import { Command, Option } from 'commander';
import { KafkaAdapterError, createKafka, type KafkaAdmin, type KafkaLogLevel } from '../adapters/kafka.js';
import { brokerList, defaultBrokers, nonNegativeInt, positiveInt } from '../cli/options.js';
import { platformTopics } from './plan.js';

interface Options {
  brokers: string[];
  partitions: number;
  replicationFactor: number;
  wait: number;
  logLevel: KafkaLogLevel;
  describe?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ensure(admin: KafkaAdmin, options: Options): Promise<void> {
  const specs = platformTopics(options);
  const { created, existing } = await admin.ensureTopics(specs);
  for (const spec of specs) {
    const state = created.includes(spec.topic) ? 'created' : 'exists ';
    const detail = created.includes(spec.topic) ? `  (${spec.partitions} partitions, replication factor ${spec.replicationFactor})` : '';
    console.log(`${state}  ${spec.topic}${detail}`);
  }
  console.log(`${created.length} created, ${existing.length} already existed`);
  await admin.awaitGroupCoordinator();
  console.log('consumer group coordinator ready');
}

async function describe(admin: KafkaAdmin, options: Options): Promise<void> {
  const present = new Set(await admin.listTopics());
  for (const { topic } of platformTopics(options)) {
    if (!present.has(topic)) {
      console.log(`${topic.padEnd(30)} missing (run freshet-topics without --describe to create it)`);
      continue;
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const records = offsets.reduce((sum, p) => sum + (BigInt(p.high) - BigInt(p.low)), 0n);
    console.log(`${topic.padEnd(30)} ${String(offsets.length).padStart(3)} partitions ${records.toLocaleString('en-US').padStart(14)} records`);
  }
}

async function withAdmin(options: Options, work: (admin: KafkaAdmin) => Promise<void>): Promise<void> {
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: 'freshet-topics',
    logLevel: options.logLevel,
    // Fail an attempt within seconds; --wait decides how long to keep trying.
    connectionTimeoutMs: 3000,
    retries: 2,
  });
  const deadline = Date.now() + options.wait * 1000;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await work(admin);
      return;
    } catch (error) {
      // A broker that is still starting refuses connections or has no leaders yet: retriable.
      if (error instanceof KafkaAdapterError && error.retriable && Date.now() < deadline) {
        await sleep(500);
        continue;
      }
      throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

const program = new Command()
  .name('freshet-topics')
  .description('Create the platform Kafka topics and their dead-letter topics if they do not exist (idempotent), or --describe them.')
  .addOption(
    new Option('--brokers <list>', 'Kafka bootstrap servers, host:port[,host:port]')
      .argParser(brokerList)
      .default(brokerList(defaultBrokers()), `${defaultBrokers()}: $KAFKA_BROKERS, else the running local stack`),
  )
  .option('--partitions <n>', 'partitions for topics created now', positiveInt('--partitions'), Number(process.env.KAFKA_PARTITIONS ?? 6))
  .option('--replication-factor <n>', 'replication factor for topics created now', positiveInt('--replication-factor'), 1)
  .option('--wait <seconds>', 'keep retrying this long while the broker is unreachable or starting', nonNegativeInt('--wait'), 0)
  .option('--describe', 'print each platform topic with its partitions and record count; create nothing')
  .addOption(new Option('--log-level <level>', 'kafkajs log level').choices(['silent', 'error', 'warn', 'info', 'debug']).default('silent'))
  .addHelpText('after', '\nExisting topics are never changed, even if their partition count differs.')
  .action(async (options: Options) => {
    try {
      await withAdmin(options, (admin) => (options.describe ? describe(admin, options) : ensure(admin, options)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof KafkaAdapterError && error.retriable) {
        program.error(
          `freshet-topics: cannot reach a working Kafka at ${options.brokers.join(',')}: ${message}\n` +
            'Is the local stack running? Start it with `npm run infra:up` (or pass --brokers).',
        );
      }
      program.error(`freshet-topics: ${message}`);
    }
  });

await program.parseAsync();
