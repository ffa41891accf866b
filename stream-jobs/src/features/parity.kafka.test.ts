// Parity on real data: MovieLens 100K (from ../shared/datasets) goes through
// the streaming path (Kafka → feature job → two Redis regions, read back through
// the Upstash-compatible REST endpoint the edge uses) and through both offline
// paths (the point-in-time builder over the offline store the job wrote, and a
// direct replay of the dataset). At three times during the replay, every
// feature of sampled users, items and creators must be identical on all three.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type TestStack } from '@freshet/infra/kv-rest/test-stack';
import { MemoryFeatureStore, addEventToBatch, emptyBatch, itemInfoOf, type EnrichedEvent } from '@freshet/shared';
import { Redis as UpstashRedis } from '@upstash/redis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { featureVectorAsOf, statesAsOf } from '../offline/as-of-features.js';
import { createBufferedOfflineSink } from '../offline/buffered-sink.js';
import { buildTrainingSet } from '../offline/training-set.js';
import { readMovieLens } from '../sources/movielens-files.js';
import { createJobTopics, produce, waitForJob } from '../testing/feature-harness.js';
import { createKafkaTestKit, uniqueName } from '../testing/kafka.js';
import { onlineStates } from '../testing/online-states.js';
import { FeatureJob } from './feature-job.js';
import { createFeatureMetrics } from './metrics.js';
import { RedisRegion } from './redis-region.js';

const TIMEOUT = 300_000;
const kit = createKafkaTestKit('parity-test');
const stacks: TestStack[] = [];
const offlineDir = mkdtempSync(join(tmpdir(), 'freshet-parity-'));
afterAll(async () => {
  await kit.cleanup();
  await Promise.all(stacks.map((s) => s.stop()));
  rmSync(offlineDir, { recursive: true, force: true });
}, TIMEOUT);

/** Split points where the event time changes, so a checkpoint never cuts through equal times. */
function checkpoints(events: readonly EnrichedEvent[], parts: number): number[] {
  const ends: number[] = [];
  for (let k = 1; k <= parts; k++) {
    let end = Math.floor((events.length * k) / parts);
    while (end < events.length && events[end]!.event.event_time === events[end - 1]!.event.event_time) end++;
    ends.push(end);
  }
  return ends;
}

describe('online/offline parity on MovieLens 100K', () => {
  it('gives identical values for every feature at every checkpoint, on all three paths', { timeout: TIMEOUT }, async () => {
    const data = await readMovieLens('ml-100k');
    const catalog = new Map(data.catalog.map((c) => [c.item_id, c]));
    const events: EnrichedEvent[] = [...data.events()].map((event) => ({ event, item: itemInfoOf(catalog.get(event.item_id!)!) }));

    const topics = await createJobTopics(kit, 4);
    for (let i = 0; i < 2; i++) stacks.push(await startStack());
    const regions = stacks.map((s, i) => new RedisRegion({ name: `region-${i}`, redisUrl: s.redis.url }));
    const group = uniqueName('features');
    const logger = pino({ level: 'silent' });
    const offline = createBufferedOfflineSink({ dir: offlineDir, group, logger, flushEveryMs: 500, fsync: false });
    const job = new FeatureJob({ kafka: kit.kafka, groupId: group, regions, metrics: createFeatureMetrics({ defaultMetrics: false }), logger, topics, offline });
    await job.start();
    const rests = stacks.map((s) => new UpstashRedis({ url: s.url, token: s.token, enableTelemetry: false, automaticDeserialization: false }));

    const direct = new MemoryFeatureStore();
    for (const item of data.catalog) direct.putCatalogItem(item);
    let produced = 0;
    let compared = 0;
    try {
      for (const [k, end] of checkpoints(events, 3).entries()) {
        const chunk = events.slice(produced, end);
        await produce(kit, topics, k === 0 ? data.catalog : [], chunk.map((e) => e.event));
        produced = end;
        await waitForJob(kit, regions, group, topics.events, 120_000);
        await offline.flush();
        const t = events[end - 1]!.event.event_time;

        // Who to compare: users and items of this chunk, plus some from before.
        const recent = chunk.slice(-400);
        const older = events.slice(0, produced).filter((_, i) => i % 997 === 0);
        const examples = [...recent.filter((_, i) => i % 8 === 0), ...older].map((e) => ({ user_id: e.event.user_id, item_id: e.event.item_id!, t, label: 0 }));

        const batch = emptyBatch();
        for (const e of chunk) addEventToBatch(batch, e);
        direct.apply(batch);
        const directStates = statesAsOf(direct);
        const builder = await buildTrainingSet(offlineDir, examples);
        for (const rest of rests) {
          const online = await onlineStates(rest, { users: examples.map((e) => e.user_id), items: examples.map((e) => e.item_id) }, t);
          examples.forEach((example, i) => {
            const served = featureVectorAsOf(online, example.user_id, example.item_id, t);
            expect({ checkpoint: k, example, features: served }).toEqual({ checkpoint: k, example, features: builder.rows[i]!.features });
            expect({ checkpoint: k, example, features: served }).toEqual({ checkpoint: k, example, features: featureVectorAsOf(directStates, example.user_id, example.item_id, t) });
            compared++;
          });
        }
      }
    } finally {
      await job.stop();
      await offline.close();
      await Promise.all(regions.map((r) => r.close()));
    }
    expect(compared).toBeGreaterThan(100);
  });
});
