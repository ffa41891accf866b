// Exactly once across crashes: the feature job runs as a real process and is
// SIGKILLed mid-batch — after one region applied a batch and before the other
// did, with offline rows still buffered — several times, then restarted until
// done. Its regions must end up byte-for-byte equal to those of an
// uninterrupted run, and its offline store must hold the same rows.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { REPO_ROOT } from '@freshet/infra/stack';
import { MINUTE } from '@freshet/shared';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createBufferedOfflineSink } from '../offline/buffered-sink.js';
import { readOfflineEvents } from '../offline/reader.js';
import { createJobTopics, produce, regionState, waitForJob, type JobTopics } from '../testing/feature-harness.js';
import { createKafkaTestKit, uniqueName } from '../testing/kafka.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { FeatureJob } from './feature-job.js';
import { createFeatureMetrics } from './metrics.js';
import { RedisRegion } from './redis-region.js';

const TIMEOUT = 240_000;
const kit = createKafkaTestKit('crash-test');
const redises: TestRedis[] = [];
const opened: RedisRegion[] = [];
const offlineDirs = [mkdtempSync(join(tmpdir(), 'freshet-crash-ref-')), mkdtempSync(join(tmpdir(), 'freshet-crash-run-'))];

async function newRegions(prefix: string): Promise<RedisRegion[]> {
  const out: RedisRegion[] = [];
  for (const name of [`${prefix}-a`, `${prefix}-b`]) {
    const redis = await startRedis();
    redises.push(redis);
    const region = new RedisRegion({ name, redisUrl: redis.url });
    await region.connect();
    opened.push(region);
    out.push(region);
  }
  return out;
}

afterAll(async () => {
  await kit.cleanup();
  await Promise.all(opened.map((r) => r.close()));
  await Promise.all(redises.map((r) => r.stop()));
  for (const dir of offlineDirs) rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

/** Runs the job's CLI; resolves with how it ended. */
function runJob(topics: JobTopics, group: string, regions: readonly RedisRegion[], redisUrls: readonly string[], offlineDir: string, crashAfter?: number) {
  const args = [
    '--import', 'tsx', resolve(REPO_ROOT, 'stream-jobs/src/features/main.ts'),
    '--brokers', kit.brokers.join(','),
    '--group', group,
    '--regions', regions.map((r, i) => `${r.name}=${redisUrls[i]}`).join(','),
    '--events-topic', topics.events,
    '--catalog-topic', topics.catalog,
    '--allowed-lateness', '1m',
    '--session-timeout', '6s',
    // Small batches: enough region applies to crash in the middle of the work, not after it.
    '--max-batch-bytes', '65536',
    '--metrics-port', '0',
    '--no-snapshots',
    '--offline-dir', offlineDir,
    '--log-level', 'warn',
    '--kafka-log-level', 'silent',
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(crashAfter === undefined ? {} : { FRESHET_FAULT_CRASH_AFTER_APPLIES: String(crashAfter) }) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, stderr })),
  );
  return { child, exited };
}

describe('feature job crash and restart', () => {
  it('ends with exactly the state of an uninterrupted run, however often it is killed mid-batch', { timeout: TIMEOUT }, async () => {
    const topics = await createJobTopics(kit);
    const { events, catalog } = syntheticEnriched({ seed: 77, users: 300, items: 400, events: 15_000, eventsPerSecond: 20, lateRate: 0.05, maxLatenessMs: 3 * MINUTE, duplicateRate: 0.03 });
    await produce(kit, topics, catalog, events.map((e) => e.event));

    // The reference: one uninterrupted run, in process.
    const reference = await newRegions('ref');
    const group = uniqueName('features');
    const logger = pino({ level: 'silent' });
    const referenceOffline = createBufferedOfflineSink({ dir: offlineDirs[0]!, group, logger, fsync: false });
    const job = new FeatureJob({
      kafka: kit.kafka, groupId: group, regions: reference, metrics: createFeatureMetrics({ defaultMetrics: false }),
      logger, topics, admission: { allowedLatenessMs: MINUTE, maxFutureMs: 10 * MINUTE }, offline: referenceOffline,
    });
    await job.start();
    await waitForJob(kit, reference, group, topics.events);
    await job.stop();
    await referenceOffline.close();
    const want = await regionState(reference[0]!.client);
    expect(Object.keys(want).length).toBeGreaterThan(500);

    // The crash run (its own consumer group): killed after 3, 9 and 15 region applies (odd:
    // between a batch's two regions).
    const crashy = await newRegions('crash');
    const crashGroup = uniqueName('features');
    const urls = redises.slice(-2).map((r) => r.url);
    for (const crashAfter of [3, 9, 15]) {
      const { exited } = runJob(topics, crashGroup, crashy, urls, offlineDirs[1]!, crashAfter);
      const end = await exited;
      expect({ crashAfter, signal: end.signal, stderr: end.stderr }).toEqual({ crashAfter, signal: 'SIGKILL', stderr: '' });
    }
    const partial = await regionState(crashy[0]!.client);
    expect(partial).not.toEqual(want); // the crashes really happened part-way

    const last = runJob(topics, crashGroup, crashy, urls, offlineDirs[1]!);
    await waitForJob(kit, crashy, crashGroup, topics.events, 120_000);
    last.child.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);

    for (const region of crashy) expect(await regionState(region.client)).toEqual(want);

    // The offline store too: after de-duplication by offset, the same rows with the same enrichment.
    const rows = async (dir: string) =>
      (await readOfflineEvents(dir)).map((r) => ({ partition: r.partition, offset: r.offset, event: r.enriched.event.event_id, item: r.enriched.item }));
    const offlineWant = await rows(offlineDirs[0]!);
    expect(offlineWant.length).toBeGreaterThan(10_000);
    expect(await rows(offlineDirs[1]!)).toEqual(offlineWant);
  });
});
