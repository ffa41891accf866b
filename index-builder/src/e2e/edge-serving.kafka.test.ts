// The whole loop, end to end, with real parts only: a bundle built by the
// index builder and shipped (checksums, smoke query, promotion) into a
// region's R2 store; the edge worker under `wrangler dev` (workerd) reading
// that store and the region's Upstash-compatible REST endpoint; the feature
// job consuming Kafka into the region's Redis. A new user's engagement
// events, produced into Kafka, must change their next recommendations within
// seconds: from the cold path to lists built on what they just watched.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@freshet/shared';
import { createCatalogModel, resolveSyntheticConfig, syntheticItem } from '@freshet/shared/synthetic';
import { freePort } from '@freshet/infra/testing/redis';
import { startStack, type TestStack } from '@freshet/infra/kv-rest/test-stack';
import { FeatureJob } from '@freshet/stream-jobs/features/feature-job';
import { createFeatureMetrics } from '@freshet/stream-jobs/features/metrics';
import { RedisRegion } from '@freshet/stream-jobs/features/redis-region';
import { SnapshotPublisher } from '@freshet/stream-jobs/snapshots/publisher';
import { keys } from '@freshet/shared';
import { createJobTopics, produce, waitForJob, type JobTopics } from '@freshet/stream-jobs/testing/feature-harness';
import { createKafkaTestKit, uniqueName } from '@freshet/stream-jobs/testing/kafka';
import { SERVING_FIXTURE_DIR, SERVING_FIXTURE_WORKLOAD, servingFixture } from '../fixtures/serving-bundle.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const KEY = 'e2e-key-0123456789abcdef';
const TIMEOUT = 240_000;

const kit = createKafkaTestKit('edge-e2e');
let stack: TestStack;
let region: RedisRegion;
let state: string;
let worker: ChildProcess | undefined;
let workerLog = '';
let base: string;
let topics: JobTopics;
let job: FeatureJob;
let publisher: SnapshotPublisher;
const group = uniqueName('edge-e2e');

beforeAll(async () => {
  stack = await startStack();
  region = new RedisRegion({ name: 'eu-west', redisUrl: stack.redis.url });
  state = await mkdtemp(join(tmpdir(), 'freshet-edge-e2e-'));

  // The bundle: built once per machine (same fixture as the workerd tests), shipped as ops would.
  const fixture = await servingFixture();
  const bundles = SERVING_FIXTURE_DIR;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'index-builder/src/cli/main.ts'), '--state-dir', state, '--bundles', bundles, 'ship', fixture.version, '--regions', 'eu-west'], {
    cwd: ROOT,
  });

  // The worker, as `infra/bin/edge start` runs it.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['dev', '--config', join(ROOT, 'wrangler.toml'), '--env', 'eu-west', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0',
      '--persist-to', join(state, 'r2', 'eu-west'), '--show-interactive-dev-session=false', '--log-level', 'warn',
      '--var', `KV_REST_URL:${stack.url}`, '--var', `KV_REST_TOKEN:${stack.token}`, '--var', `API_KEYS:{"e2e":"${KEY}"}`, '--var', 'ADMIN_TOKEN:e2e-admin-0123456789abcdef',
      // Deadlines relaxed: this test is about the path from Kafka to a served list on a busy test machine;
      // latency under the real deadlines is what bench:edge measures. Warm after 5 interactions (default
      // 50), so that the nine events below move the user from the cold path to the warm one.
      '--var', `SERVING_CONFIG:${JSON.stringify({ deadlines_ms: { features: 500, retrieval: 500, ranking: 2000, assembly: 500 }, retrieval: { warmThreshold: 5 } })}`],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  worker.stdout!.on('data', (d: Buffer) => (workerLog += d.toString()));
  worker.stderr!.on('data', (d: Buffer) => (workerLog += d.toString()));
  await until('the worker answers /healthz', 120_000, async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true);

  topics = await createJobTopics(kit);
  job = new FeatureJob({ kafka: kit.kafka, groupId: group, regions: [region], metrics: createFeatureMetrics({ defaultMetrics: false }), logger: pino({ level: 'silent' }), topics, catalogWaitMs: 2000 });
  await job.start();
  publisher = new SnapshotPublisher({ region: 'eu-west', redis: region.client, logger: pino({ level: 'silent' }), intervalMs: 500 });
  publisher.start();
}, TIMEOUT);

afterAll(async () => {
  await publisher?.stop();
  await job?.stop();
  worker?.kill('SIGTERM');
  await kit.cleanup();
  await region?.close();
  await stack?.stop();
  if (state) await rm(state, { recursive: true, force: true });
}, 60_000);

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting until ${what}; worker log:\n${workerLog.slice(-3000)}`);
}

interface Recs {
  items: { item_id: string; sources: string[]; explanation: string }[];
  degraded: string[];
  index_version: string;
}

async function recommendations(userId: string): Promise<Recs> {
  const res = await fetch(`${base}/v1/recommendations?user_id=${userId}&limit=20&country=DE&device=tv`, { headers: { 'x-api-key': KEY } });
  expect(res.status).toBe(200);
  return (await res.json()) as Recs;
}

describe('edge serving through the local stack', () => {
  it('changes a user’s next recommendations within seconds of their events reaching Kafka', { timeout: TIMEOUT }, async () => {
    const user = `e2e-${randomUUID().slice(0, 8)}`;
    // The catalog records of the items the user will watch, first: the job enriches events with them,
    // and the snapshot publisher's item snapshot then exists (the edge reads trending from it).
    const fallback = JSON.parse(await readFile(join(SERVING_FIXTURE_DIR, (await servingFixture()).version, 'fallback.json'), 'utf8')) as {
      items: { item_id: string }[];
    };
    const watched = fallback.items.slice(0, 3).map((i) => i.item_id);
    const config = resolveSyntheticConfig({ ...SERVING_FIXTURE_WORKLOAD, malformedRate: 0, duplicateRate: 0, lateRate: 0 });
    if (!config.ok) throw new Error('fixture workload config');
    const model = createCatalogModel(config.value);
    const catalog = watched.map((id) => syntheticItem(model, Number(id.replace('syn-i', ''))));
    await produce(kit, topics, catalog, []);
    await until('the item snapshot is published', 60_000, async () => (await region.client.exists(keys.itemSnapshot())) === 1);

    const before = await recommendations(user);
    expect(before.degraded).toEqual([]);
    expect(before.items).toHaveLength(20);
    const personal = (r: Recs) => r.items.filter((i) => i.sources.includes('similar') || i.sources.includes('ann'));
    expect(personal(before)).toEqual([]); // a cold user: content, trending, popular

    // The user watches those three items to the end and likes them.
    const now = Date.now();
    const events: EngagementEvent[] = watched.flatMap((item_id, n) => [
      { event_id: `${user}-s${n}`, type: 'media_started', user_id: user, item_id, event_time: now - 60_000 + n * 1000, context: { country: 'DE', device: 'tv' } },
      { event_id: `${user}-c${n}`, type: 'media_completed', user_id: user, item_id, event_time: now - 30_000 + n * 1000, progress: 1, context: { country: 'DE', device: 'tv' } },
      { event_id: `${user}-l${n}`, type: 'media_liked', user_id: user, item_id, event_time: now - 20_000 + n * 1000, context: { country: 'DE', device: 'tv' } },
    ]);
    const producedAt = Date.now();
    await produce(kit, topics, [], events);

    let after: Recs | undefined;
    await until('the recommendations use the new events', 30_000, async () => {
      after = await recommendations(user);
      return personal(after).length > 0;
    });
    const seconds = (Date.now() - producedAt) / 1000;
    console.log(`events → changed recommendations in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(30);
    await waitForJob(kit, [region], group, topics.events);

    const because = after!.items.filter((i) => i.sources.includes('similar')).map((i) => i.explanation);
    expect(because.some((text) => watched.some((id) => text === `Because you watched ${id}`))).toBe(true);
    // What they completed is never recommended back.
    expect(after!.items.filter((i) => watched.includes(i.item_id))).toEqual([]);
    expect(after!.degraded).toEqual([]);
  });
});
