// bench:stream — the feature job on this machine, with Kafka and Redis local:
//   1. sustained throughput and memory over a synthetic run (10M events by default), the job
//      running as its own process and writing to two regions;
//   2. freshness at a steady 5,000 events/s: from the moment an event is produced to the moment
//      its feature value is readable through the Upstash-compatible REST endpoint.
// The local stack must be up (`npm run infra:up`): its Kafka is used, its Redis is not (the
// benchmark starts throwaway Redis servers so it never touches the quickstart's data).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack, type TestStack } from '@freshet/infra/kv-rest/test-stack';
import { freePort } from '@freshet/infra/testing/redis';
import { REPO_ROOT, loadStack } from '@freshet/infra/stack';
import { encodeEvent, keys, type EngagementEvent } from '@freshet/shared';
import { resolveSyntheticConfig, syntheticEvents } from '@freshet/shared/synthetic';
import { createKafka } from '@freshet/stream-jobs/adapters/kafka';
import { connectKafkaSink } from '@freshet/stream-jobs/replay/kafka-sink';
import { runReplay } from '@freshet/stream-jobs/replay/run';
import { syntheticSource } from '@freshet/stream-jobs/replay/sources';
import { Redis as UpstashRedis } from '@upstash/redis';
import { parseCommandLine } from './lib/cli.js';
import { positiveInteger } from './lib/flags.js';
import { peakRssMib, writeResult } from './lib/results.js';
import { percentile } from './lib/stats.js';
import { streamSeries } from './stream/series.js';

const { EVENTS, ITEMS, FRESH_RATE, FRESH_SECONDS } = parseCommandLine(
  {
    script: 'bench:stream',
    summary: [
      'The feature job as its own process, Kafka local, writing to two throwaway Redis regions: sustained',
      'throughput and peak memory over a synthetic run, then freshness at a steady rate (event produced to its',
      'feature value readable through the Upstash-compatible REST endpoint), then the same job with one region',
      'and no offline store. Needs the local stack (`npm run infra:up`; its Redis is not touched).',
    ],
    flags: {
      events: { type: 'string', default: '10000000', value: 'N', description: 'synthetic events of the throughput run' },
      items: { type: 'string', default: '200000', value: 'N', description: 'catalog items of the synthetic workload' },
      'fresh-rate': { type: 'string', default: '5000', value: 'N', description: 'events per second of the freshness run' },
      'fresh-seconds': { type: 'string', default: '60', value: 'S', description: 'length of the freshness run in seconds' },
    },
    writes: 'bench/results/stream.json (then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['npm run bench:stream -- --events 1000000 --fresh-seconds 20'],
  },
  (values) => ({
    EVENTS: positiveInteger('events', values.events),
    ITEMS: positiveInteger('items', values.items),
    FRESH_RATE: positiveInteger('fresh-rate', values['fresh-rate']),
    FRESH_SECONDS: positiveInteger('fresh-seconds', values['fresh-seconds']),
  }),
);
const PARTITIONS = 6;
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const brokers = loadStack().kafka.brokers;
const kafka = createKafka({ brokers, clientId: 'bench-stream', logLevel: 'error' });
const run = randomUUID().slice(0, 8);
const topics = { events: `bench.stream.${run}.events`, catalog: `bench.stream.${run}.catalog` };
const admin = kafka.admin();
await admin.connect();
await admin.ensureTopics(
  [topics.events, topics.catalog, `${topics.events}.dlq`, `${topics.catalog}.dlq`].map((topic) => ({ topic, partitions: PARTITIONS, replicationFactor: 1 })),
);
const regions: TestStack[] = [await startStack(), await startStack()];
let job: ReturnType<typeof spawn> | undefined;
let publisher: ReturnType<typeof spawn> | undefined;
const offlineDir = mkdtempSync(join(tmpdir(), 'freshet-bench-offline-'));

function spawnJob(metricsPort: number, regionList: string, group: string, extra: string[]) {
  return spawn(
    process.execPath,
    [
      '--import', 'tsx', resolve(REPO_ROOT, 'stream-jobs/src/features/main.ts'),
      '--brokers', brokers.join(','),
      '--group', group,
      '--regions', regionList,
      '--events-topic', topics.events,
      '--catalog-topic', topics.catalog,
      '--metrics-port', String(metricsPort),
      '--no-snapshots',
      '--log-level', 'warn',
      ...extra,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

/** Samples a job's metrics every second until it processed `records`; returns the samples. */
async function follow(metricsPort: number, records: number) {
  const samples: { at: number; processed: number; rssMib: number }[] = [];
  for (;;) {
    await sleep(1000);
    const text = await metricsText(metricsPort).catch(() => '');
    if (!text) continue;
    const processed = processedOf(text);
    samples.push({ at: performance.now(), processed, rssMib: metric(text, 'freshet_feature_job_process_resident_memory_bytes') / 2 ** 20 });
    if (samples.length % 15 === 0) log(`  processed ${processed.toLocaleString('en-US')} (${Math.round((100 * processed) / records)}%), rss ${Math.round(samples.at(-1)!.rssMib)} MiB`);
    if (processed >= records) return samples;
  }
}

/** Records per second between the first sample with progress and the last one. */
function rate(samples: readonly { at: number; processed: number }[]): number {
  const first = samples.find((s) => s.processed > 0)!;
  const last = samples.at(-1)!;
  return (last.processed - first.processed) / ((last.at - first.at) / 1000);
}

async function metricsText(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.text();
}
function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`) && !l.startsWith('#'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
const appliedOf = (text: string) => metric(text, 'freshet_feature_records_total', `{topic="${topics.events}",outcome="applied"}`);
const processedOf = (text: string) =>
  ['applied', 'duplicate', 'late', 'future', 'invalid'].reduce((sum, o) => sum + metric(text, 'freshet_feature_records_total', `{topic="${topics.events}",outcome="${o}"}`), 0);

try {
  // --- 1. throughput and memory ----------------------------------------------------------
  const config = resolveSyntheticConfig({ seed: 2026, users: 1_000_000, items: ITEMS, events: EVENTS });
  if (!config.ok) throw new Error(JSON.stringify(config.error));
  log(`loading ${EVENTS.toLocaleString('en-US')} synthetic records and ${ITEMS.toLocaleString('en-US')} items into ${topics.events}`);
  const sink = await connectKafkaSink({ brokers });
  const loaded = await runReplay(syntheticSource(config.value), sink, {
    batchSize: 2000,
    catalog: true,
    sendInvalid: true,
    topics,
    onProgress: (p) => {
      if (p.done % 500_000 < 2000) log(`  ${p.phase} ${p.done.toLocaleString('en-US')}`);
    },
  });
  await sink.close();
  const records = loaded.events.produced + loaded.events.sentInvalid;

  const metricsPort = await freePort();
  const regionList = regions.map((r, i) => `region-${i}=${r.redis.url}`).join(',');
  job = spawnJob(metricsPort, regionList, `bench-${run}`, ['--offline-dir', offlineDir]);
  // The snapshot publisher runs as its own process, as deployed next to the job.
  publisher = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'stream-jobs/src/snapshots/main.ts'), '--regions', regionList, '--log-level', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  log(`feature job started (pid ${job.pid}), consuming ${records.toLocaleString('en-US')} records`);
  const samples = await follow(metricsPort, records);
  const eventsPerSecond = rate(samples);
  const last = samples.at(-1)!;
  const rssAt = (share: number) => Math.round(samples.find((s) => s.processed >= share * records)?.rssMib ?? last.rssMib);
  const finalText = await metricsText(metricsPort);

  // --- 2. freshness at a steady rate -------------------------------------------------------
  // Let the catch-up's tail (offline store flushes, snapshot refreshes) settle: freshness is
  // measured at a steady rate, not while the job is still digesting a backlog.
  await sleep(15_000);
  log(`freshness: ${FRESH_RATE} events/s for ${FRESH_SECONDS} s, probing through the REST endpoint`);
  const rest = new UpstashRedis({ url: regions[0]!.url, token: regions[0]!.token, enableTelemetry: false, responseEncoding: false, enableAutoPipelining: false });
  const producer = kafka.producer();
  await producer.connect();
  const latencies: number[] = [];
  const pending = new Map<string, number>();
  const probeEvery = Math.max(1, Math.round(FRESH_RATE / 20)); // ~20 probes a second
  const base = Date.now();
  const start = performance.now();
  let sent = 0;
  let missed = 0;
  let producing = true;
  // One pipelined request per poll checks every pending probe: the probing must not be the load.
  const poller = (async () => {
    while (producing || pending.size > 0) {
      if (pending.size > 0) {
        const users = [...pending.keys()];
        const pipeline = rest.pipeline();
        for (const user of users) pipeline.zcard(keys.userLog(user));
        const counts = (await pipeline.exec()) as number[];
        const now = performance.now();
        users.forEach((user, i) => {
          const producedAt = pending.get(user)!;
          if (counts[i]! > 0) latencies.push(now - producedAt);
          else if (now - producedAt > 30_000) missed++;
          else return;
          pending.delete(user);
        });
      }
      await sleep(5);
    }
  })();
  // The load is the synthetic workload (Zipf users and items, sessions), re-timed to the wall
  // clock; ~20 probe events a second come from users of their own, so their first write is
  // unambiguous.
  const freshConfig = resolveSyntheticConfig({ seed: 77, users: 1_000_000, items: ITEMS, events: FRESH_RATE * FRESH_SECONDS * 2, malformedRate: 0, duplicateRate: 0, lateRate: 0 });
  if (!freshConfig.ok) throw new Error(JSON.stringify(freshConfig.error));
  const load = syntheticEvents(freshConfig.value);
  while (performance.now() - start < FRESH_SECONDS * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * FRESH_RATE);
    const batch: { key: string; value: string }[] = [];
    const probesInBatch: string[] = [];
    for (; sent < due; sent++) {
      const now = Math.round(base + (performance.now() - start));
      let event: EngagementEvent;
      if (sent % probeEvery === 0) {
        event = { event_id: `f-${run}-${sent}`, type: 'media_started', user_id: `probe-${run}-${sent}`, item_id: `syn-i${sent % ITEMS}`, event_time: now };
        probesInBatch.push(event.user_id);
      } else {
        const next = load.next();
        if (next.done || next.value.kind !== 'event') continue;
        event = { ...next.value.event, event_id: `f-${run}-${sent}`, event_time: now };
      }
      batch.push({ key: event.user_id, value: encodeEvent(event) });
    }
    if (batch.length > 0) {
      const producedAt = performance.now();
      await producer.send(topics.events, batch);
      for (const userId of probesInBatch) pending.set(userId, producedAt);
    }
    await sleep(10);
  }
  producing = false;
  await poller;
  await producer.disconnect();
  const freshText = await metricsText(metricsPort);
  const jobFreshness = (text: string) => ({
    count: metric(text, 'freshet_feature_freshness_seconds_count'),
    sum: metric(text, 'freshet_feature_freshness_seconds_sum'),
  });
  const a = jobFreshness(finalText);
  const b = jobFreshness(freshText);

  // --- 3. the same job with one region and no offline store, to show what each costs -------
  job.kill('SIGTERM');
  await new Promise((r) => job!.once('exit', r));
  const lean = Math.min(records, 1_000_000);
  log(`breakdown: one region, no offline store, first ${lean.toLocaleString('en-US')} records`);
  const leanPort = await freePort();
  const leanStack = await startStack();
  regions.push(leanStack);
  job = spawnJob(leanPort, `solo=${leanStack.redis.url}`, `bench-${run}-lean`, ['--no-offline']);
  const leanSamples = await follow(leanPort, lean);

  const file = writeResult({
    name: 'stream',
    title: 'Feature job: throughput, memory and freshness',
    command: `npm run bench:stream -- --events ${EVENTS} --items ${ITEMS}`,
    workload: `synthetic workload (seed 2026, 1,000,000 users, ${ITEMS.toLocaleString('en-US')} items, ${records.toLocaleString('en-US')} records incl. late, duplicate and malformed), ${PARTITIONS} partitions, 2 regions (local Redis), then ${FRESH_RATE.toLocaleString('en-US')} events/s for ${FRESH_SECONDS} s`,
    figures: {
      records,
      events_applied: appliedOf(finalText),
      events_per_s: Math.round(eventsPerSecond),
      peak_rss_mib: Math.round(Math.max(...samples.map((s) => s.rssMib))),
      rss_at_25pct_mib: rssAt(0.25),
      rss_at_50pct_mib: rssAt(0.5),
      rss_at_75pct_mib: rssAt(0.75),
      rss_at_100pct_mib: Math.round(last.rssMib),
      dead_letters: metric(finalText, 'freshet_feature_dead_letters_total', `{topic="${topics.events}"}`),
      late_dropped: metric(finalText, 'freshet_feature_late_dropped_total'),
      freshness_events_per_s: FRESH_RATE,
      freshness_probes: latencies.length,
      freshness_missed: missed,
      freshness_rest_p50_ms: Math.round(percentile(latencies, 0.5)),
      freshness_rest_p99_ms: Math.round(percentile(latencies, 0.99)),
      freshness_rest_max_ms: Math.round(Math.max(...latencies)),
      freshness_job_mean_ms: b.count > a.count ? Math.round(((b.sum - a.sum) / (b.count - a.count)) * 1000) : 0,
      one_region_no_offline_events_per_s: Math.round(rate(leanSamples)),
      bench_process_peak_rss_mib: peakRssMib(),
    },
    notes: [
      'Throughput: records per second the job processed (decode, validate, dedupe, enrich, plan, apply atomically in two regions, write the offline store, commit) while consuming a pre-loaded topic; everything (Kafka, both Redis servers, the job, the snapshot publisher) shares the 2 cores.',
      'one_region_no_offline_events_per_s: the same job writing one region and no offline store, over the first 1M records.',
      'Freshness (REST): from the produce call to the first read that sees the event’s effect (a probe user’s event log) through @upstash/redis against the dev REST endpoint; the job’s own histogram measures produce → applied in every region.',
      'Memory: resident set of the job process sampled every second (prom-client process metrics).',
      'For scale: Metarank documents 1,000–3,000 events/s for its import (docs.metarank.ai, "Performance"); not run here.',
    ],
    // Plots: the freshness lags (≤ 5,000) and the two-region job's memory and throughput during the catch-up.
    series: streamSeries(latencies, samples),
  });
  log(`wrote ${file}`);
} finally {
  job?.kill('SIGTERM');
  publisher?.kill('SIGTERM');
  if (job) await new Promise((r) => (job!.exitCode === null ? job!.once('exit', r) : r(null)));
  rmSync(offlineDir, { recursive: true, force: true });
  await Promise.all(regions.map((r) => r.stop()));
  await admin.deleteTopics([topics.events, topics.catalog, `${topics.events}.dlq`, `${topics.catalog}.dlq`]).catch(() => undefined);
  await admin.disconnect();
}
