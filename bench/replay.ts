// bench:replay — replay throughput into the real local Kafka (`npm run infra:up`
// first): MovieLens 1M sample events through validation, encoding and the
// kafkajs adapter, plus the same replay as a dry run (validation and encoding
// only) to show where the ceiling is.
import { randomUUID } from 'node:crypto';
import { loadStack } from '@freshet/infra/stack';
import { createKafka } from '@freshet/stream-jobs/adapters/kafka';
import { connectKafkaSink } from '@freshet/stream-jobs/replay/kafka-sink';
import { runReplay } from '@freshet/stream-jobs/replay/run';
import { movieLensSource } from '@freshet/stream-jobs/replay/sources';
import { parseCommandLine } from './lib/cli.js';
import { writeResult } from './lib/results.js';

parseCommandLine(
  {
    script: 'bench:replay',
    summary: [
      'Replay throughput into the local Kafka: MovieLens 1M sample (ratings of users 1–2,999) events through',
      'validation, encoding and the kafkajs producer into a throwaway 6-partition topic, and the same replay as a',
      'dry run (validate + encode only). Needs the local stack (`npm run infra:up`) and ../shared/datasets.',
    ],
    flags: {},
    writes: 'bench/results/replay.json (then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['npm run bench:replay'],
  },
  () => undefined,
);
const log = (line: string) => process.stderr.write(`${line}\n`);
const brokers = loadStack().kafka.brokers;
const source = await movieLensSource('ml-1m-sample');
const partitions = 6;

log('dry run (validate + encode only)');
const dry = await runReplay(source, { send: () => Promise.resolve() }, { batchSize: 2000, catalog: false, sendInvalid: false });

const topic = `bench.replay.${randomUUID().slice(0, 8)}`;
const admin = createKafka({ brokers, clientId: 'bench-replay', logLevel: 'error' }).admin();
await admin.connect();
await admin.ensureTopics([{ topic, partitions, replicationFactor: 1 }]);
try {
  log(`replaying ${source.eventCount?.toLocaleString('en-US')} events into ${topic}`);
  const sink = await connectKafkaSink({ brokers });
  const live = await runReplay(source, sink, { batchSize: 2000, catalog: false, sendInvalid: false, topics: { events: topic, catalog: topic } });
  await sink.close();
  const offsets = await admin.fetchTopicOffsets(topic);
  const landed = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const file = writeResult({
    name: 'replay',
    title: 'Replay into Kafka',
    command: 'npm run bench:replay',
    workload: `${source.title}: ${live.events.produced.toLocaleString('en-US')} engagement events, ${partitions} partitions, local single-broker Kafka 4.3.1`,
    figures: {
      events: live.events.produced,
      events_landed: landed,
      events_per_s: Math.round(live.eventsPerSecond),
      dry_run_events_per_s: Math.round(dry.eventsPerSecond),
      rejected: live.events.rejected,
    },
    notes: [
      'acks=all, idempotent producer, batches of 2,000 records or 512 KiB; sends are serialised (kafkajs idempotence requires it).',
      'The dry run validates and encodes without sending: the gap to it is the cost of the Kafka client.',
    ],
  });
  log(`wrote ${file}`);
} finally {
  await admin.deleteTopics([topic]);
  await admin.disconnect();
}
