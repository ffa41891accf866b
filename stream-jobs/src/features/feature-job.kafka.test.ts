// The feature job end to end: the real local broker (`npm run infra:up`),
// two throwaway Redis regions, a workload with duplicates, late, future and
// malformed records. Every region must hold exactly the state recomputed
// independently from the topic, and every bad record must be in the DLQ.
import { startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { MINUTE, type EngagementEvent } from '@freshet/shared';
import { malform } from '@freshet/shared/synthetic';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from './dead-letters.js';
import { FeatureJob } from './feature-job.js';
import { createFeatureMetrics } from './metrics.js';
import { RedisRegion } from './redis-region.js';
import { createJobTopics, expectedState, memoryState, produce, regionState, waitForGroup, waitForJob, type RawEvent } from '../testing/feature-harness.js';
import { createKafkaTestKit, uniqueName } from '../testing/kafka.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';

const TIMEOUT = 120_000;
const admission = { allowedLatenessMs: MINUTE, maxFutureMs: 10 * MINUTE };
const kit = createKafkaTestKit('feature-job-test');
const redises: TestRedis[] = [];
const regions: RedisRegion[] = [];

beforeAll(async () => {
  for (const name of ['east', 'west']) {
    const redis = await startRedis();
    redises.push(redis);
    regions.push(new RedisRegion({ name, redisUrl: redis.url }));
  }
}, 30_000);
afterAll(async () => {
  await kit.cleanup();
  await Promise.all(regions.map((r) => r.close()));
  await Promise.all(redises.map((r) => r.stop()));
}, TIMEOUT);

describe('feature job', () => {
  it('applies every accepted event exactly once in every region and dead-letters the rest', { timeout: TIMEOUT }, async () => {
    const topics = await createJobTopics(kit);
    // Late beyond the allowed minute, duplicates and in-order events, from the synthetic workload.
    const { events, catalog } = syntheticEnriched({ seed: 31, users: 400, items: 600, events: 12_000, eventsPerSecond: 20, lateRate: 0.05, maxLatenessMs: 4 * MINUTE, duplicateRate: 0.03 });
    const workload: (EngagementEvent | RawEvent)[] = events.map((e) => e.event);
    const bad: RawEvent[] = events.slice(0, 40).map((e, n) => ({ key: e.event.user_id, value: malform(e.event, n).raw }));
    const future = { ...events[0]!.event, event_id: 'from-the-future', event_time: Date.now() + 86_400_000 };
    workload.splice(500, 0, ...bad.slice(0, 20), future);
    workload.push(...bad.slice(20));
    await produce(kit, topics, catalog, workload);
    // Bad catalog records: invalid fields, not JSON, and a tombstone (deletions are not supported yet).
    const badCatalog = [
      { key: 'x1', value: JSON.stringify({ ...catalog[0]!, item_id: 'bad-1', content_type: 'PODCAST' }) },
      { key: 'x2', value: '{"item_id":' },
      { key: 'x3', value: null },
    ];
    const producer = kit.kafka.producer();
    await producer.connect();
    await producer.send(topics.catalog, badCatalog);
    await producer.disconnect();

    const metrics = createFeatureMetrics({ defaultMetrics: false });
    const group = uniqueName('features');
    const job = new FeatureJob({ kafka: kit.kafka, groupId: group, regions, metrics, logger: pino({ level: 'silent' }), topics, admission, catalogWaitMs: 2000 });
    await job.start();
    try {
      await waitForJob(kit, regions, `${group}.catalog`, topics.catalog);
      await waitForJob(kit, regions, group, topics.events);
    } finally {
      await job.stop();
    }

    const expected = await expectedState(kit, topics, catalog, workload.length, admission);
    expect(expected.counts.duplicate).toBeGreaterThan(100);
    expect(expected.counts.late).toBeGreaterThan(50);
    expect(expected.counts).toMatchObject({ invalid: 40, future: 1 });
    const want = memoryState(expected.store);
    expect(Object.keys(want).length).toBeGreaterThan(1000);
    for (const region of regions) expect(await regionState(region.client)).toEqual(want);

    const count = async (outcome: string) =>
      (await metrics.records.get()).values.find((v) => v.labels.outcome === outcome && v.labels.topic === topics.events)?.value ?? 0;
    expect(await count('applied')).toBe(expected.counts.applied);
    expect(await count('duplicate')).toBe(expected.counts.duplicate);
    expect(await count('late')).toBe(expected.counts.late);
    expect((await metrics.lateDropped.get()).values[0]?.value).toBe(expected.counts.late);
    expect(await count('invalid')).toBe(40);

    // Every malformed record and the future one are in the DLQ, bytes untouched, with a reason.
    const letters = await kit.consumeAll(`${topics.events}.dlq`, 41);
    expect(letters).toHaveLength(41);
    expect(new Set(letters.map((l) => l.value!.toString()))).toEqual(new Set([...bad.map((b) => b.value), JSON.stringify(future)]));
    for (const letter of letters) {
      expect(letter.headers[DLQ_HEADERS.reason]?.toString()).toMatch(/\S/);
      expect(letter.headers[DLQ_HEADERS.topic]?.toString()).toBe(topics.events);
      expect(Number(letter.headers[DLQ_HEADERS.offset]?.toString())).toBeGreaterThanOrEqual(0);
    }
    const reasons = letters.map((l) => l.headers[DLQ_HEADERS.reason]!.toString());
    expect(reasons).toContainEqual(expect.stringMatching(/is more than 600000 ms after the record was produced/));
    expect(reasons).toContainEqual(expect.stringMatching(/^context\.local_hour: /));

    const catalogLetters = await kit.consumeAll(`${topics.catalog}.dlq`, 3);
    expect(catalogLetters.map((l) => l.headers[DLQ_HEADERS.reason]!.toString()).sort()).toEqual([
      expect.stringMatching(/^catalog tombstones are not supported yet/),
      expect.stringMatching(/^content_type: content_type must be VIDEO or AUDIO/),
      expect.stringMatching(/^record is not valid JSON/),
    ]);
    expect(await regionState(regions[0]!.client)).not.toHaveProperty('f1:c:bad-1');
  });

  it('scales out by partitions: two jobs in one group split the work and reach the same state', { timeout: TIMEOUT }, async () => {
    const topics = await createJobTopics(kit, 4);
    const { events, catalog } = syntheticEnriched({ seed: 41, users: 300, items: 400, events: 8000, eventsPerSecond: 20, duplicateRate: 0.02 });
    const group = uniqueName('features');
    const fresh: RedisRegion[] = [];
    for (const name of ['a', 'b']) {
      const redis = await startRedis();
      redises.push(redis);
      fresh.push(new RedisRegion({ name, redisUrl: redis.url }));
      regions.push(fresh.at(-1)!);
    }
    const metrics = [createFeatureMetrics({ defaultMetrics: false }), createFeatureMetrics({ defaultMetrics: false })];
    const jobs = metrics.map(
      (m) => new FeatureJob({ kafka: kit.kafka, groupId: group, regions: fresh, metrics: m, logger: pino({ level: 'silent' }), topics, admission, sessionTimeoutMs: 6000 }),
    );
    await Promise.all(jobs.map((j) => j.start()));
    try {
      // Both members hold partitions before the first record arrives, so each does part of the work.
      await waitForGroup(kit, group, 2);
      await produce(kit, topics, catalog, events.map((e) => e.event));
      await waitForJob(kit, fresh, group, topics.events, 90_000);
    } finally {
      await Promise.all(jobs.map((j) => j.stop()));
    }
    const applied = await Promise.all(
      metrics.map(async (m) => (await m.records.get()).values.find((v) => v.labels.outcome === 'applied' && v.labels.topic === topics.events)?.value ?? 0),
    );
    expect(applied.every((n) => n > 0)).toBe(true); // both did part of the work
    const expected = await expectedState(kit, topics, catalog, events.length, admission);
    expect(applied[0]! + applied[1]!).toBeGreaterThanOrEqual(expected.counts.applied); // a rebalance may redo a batch, never lose one
    const want = memoryState(expected.store);
    for (const region of fresh) expect(await regionState(region.client)).toEqual(want);
  });
});
