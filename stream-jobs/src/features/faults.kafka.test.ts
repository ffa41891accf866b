// The feature job under infrastructure faults: a region's Redis that stops
// answering, and a Kafka broker that restarts. Either way nothing is lost or
// counted twice: the final state equals the state recomputed from the topic.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { REPO_ROOT } from '@freshet/infra/stack';
import { MINUTE } from '@freshet/shared';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobTopics, expectedState, memoryState, produce, regionState, waitForJob } from '../testing/feature-harness.js';
import { createKafkaTestKit, uniqueName, waitUntil, type KafkaTestKit } from '../testing/kafka.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { FeatureJob } from './feature-job.js';
import { createFeatureMetrics } from './metrics.js';
import { RedisRegion } from './redis-region.js';

const run = promisify(execFile);
const TIMEOUT = 180_000;
const admission = { allowedLatenessMs: MINUTE, maxFutureMs: 10 * MINUTE };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}, TIMEOUT);

async function regionsFor(names: readonly string[]): Promise<{ regions: RedisRegion[]; redises: TestRedis[] }> {
  const redises: TestRedis[] = [];
  const regions: RedisRegion[] = [];
  for (const name of names) {
    const redis = await startRedis();
    // A short command timeout makes a frozen Redis fail the apply quickly.
    const region = new RedisRegion({ name, redisUrl: redis.url }, { commandTimeoutMs: 1000 });
    await region.connect();
    redises.push(redis);
    regions.push(region);
    cleanups.push(async () => {
      await region.close();
      await redis.stop();
    });
  }
  return { regions, redises };
}

function startJob(kit: KafkaTestKit, regions: RedisRegion[], topics: Awaited<ReturnType<typeof createJobTopics>>) {
  const metrics = createFeatureMetrics({ defaultMetrics: false });
  const group = uniqueName('features');
  const job = new FeatureJob({ kafka: kit.kafka, groupId: group, regions, metrics, logger: pino({ level: 'silent' }), topics, admission, maxBatchBytes: 32_768 });
  return { job, metrics, group };
}

describe('feature job faults', () => {
  it('stops committing while a region does not answer, then catches up with nothing lost or doubled', { timeout: TIMEOUT }, async () => {
    const kit = createKafkaTestKit('redis-fault-test');
    cleanups.push(() => kit.cleanup());
    const topics = await createJobTopics(kit);
    const { regions, redises } = await regionsFor(['up', 'frozen']);
    const { events, catalog } = syntheticEnriched({ seed: 5, users: 200, items: 300, events: 8000, eventsPerSecond: 20, duplicateRate: 0.03 });
    await produce(kit, topics, catalog, events.slice(0, 3000).map((e) => e.event));

    const { job, metrics, group } = startJob(kit, regions, topics);
    await job.start();
    await waitForJob(kit, regions, group, topics.events);

    redises[1]!.pause();
    await produce(kit, topics, [], events.slice(3000).map((e) => e.event));
    await new Promise((r) => setTimeout(r, 4000));
    const retries = (await metrics.regionRetries.get()).values.find((v) => v.labels.region === 'frozen')?.value ?? 0;
    expect(retries).toBeGreaterThan(0);
    // The healthy region may run ahead, but the frozen one holds back every commit of its partitions.
    redises[1]!.resume();
    await waitForJob(kit, regions, group, topics.events);
    await job.stop();

    const expected = await expectedState(kit, topics, catalog, events.length, admission);
    const want = memoryState(expected.store);
    for (const region of regions) expect(await regionState(region.client)).toEqual(want);
  });

  it('reconnects after the Kafka broker restarts and carries on', { timeout: TIMEOUT }, async () => {
    // A broker of its own (ports and state apart from the shared stack), so restarting it
    // disturbs no other test.
    const stateDir = mkdtempSync(join(tmpdir(), 'freshet-kafka-restart-'));
    const env = {
      ...process.env,
      FRESHET_STATE_DIR: stateDir,
      KAFKA_PORT: '39192',
      KAFKA_CONTROLLER_PORT: '39193',
      FRESHET_REGIONS: 'kr',
      REDIS_BASE_PORT: '39379',
      KV_REST_BASE_PORT: '39079',
      KAFKA_PARTITIONS: '2',
    };
    const infra = (script: string) => run('bash', [resolve(REPO_ROOT, 'infra/bin', script)], { cwd: REPO_ROOT, env });
    await infra('up');
    cleanups.push(async () => {
      await infra('down');
      rmSync(stateDir, { recursive: true, force: true });
    });
    // Silent: while the broker is down every reconnect attempt would log an error.
    const kit = createKafkaTestKit('restart-test', { brokers: ['127.0.0.1:39192'], retries: 20, logLevel: 'silent' });
    cleanups.push(() => kit.cleanup());
    const topics = await createJobTopics(kit, 2);
    const { regions } = await regionsFor(['only']);
    const { events, catalog } = syntheticEnriched({ seed: 6, users: 100, items: 150, events: 4000, eventsPerSecond: 20 });
    await produce(kit, topics, catalog, events.slice(0, 2000).map((e) => e.event));

    const { job, group } = startJob(kit, regions, topics);
    await job.start();
    await waitForJob(kit, regions, group, topics.events);

    const pid = Number(readFileSync(join(stateDir, 'run', 'kafka.pid'), 'utf8'));
    process.kill(pid, 'SIGTERM');
    await waitUntil('the broker to exit', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 60_000);
    await new Promise((r) => setTimeout(r, 2000)); // the job notices and keeps retrying
    await infra('up'); // restarts only what is down: the broker, with its data
    await produce(kit, topics, [], events.slice(2000).map((e) => e.event));
    await waitForJob(kit, regions, group, topics.events, 120_000);
    await job.stop();

    const expected = await expectedState(kit, topics, catalog, events.length, admission);
    expect(await regionState(regions[0]!.client)).toEqual(memoryState(expected.store));
  });
});
