// The fresh-item job end to end: the local broker (`npm run infra:up`), two
// throwaway regions (Redis + the Upstash-compatible REST endpoint), and a real
// content projection. A newly published item must be retrievable from each
// region's delta — read through REST as the edge reads it — by a query in its
// region's embedding space; items the index has, unlisted items and invalid
// records must not appear (invalid records and tombstones are dead-lettered); a version change re-embeds into the new space.
import { startStack, type TestStack } from '@freshet/infra/kv-rest/test-stack';
import { encodeCatalogItem, fromBase64, keys, type CatalogItem } from '@freshet/shared';
import { checkProjection, embedContent, projectionSpace, queryVector, type ContentProjection } from '@freshet/shared/embeddings/index';
import { decodeFreshDelta, searchFresh, type FreshDelta } from '@freshet/shared/fresh/index';
import { createKafkaTestKit, uniqueName } from '@freshet/stream-jobs/testing/kafka';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_CONSUMER_HEADER, FreshItemsJob, TOMBSTONE_REASON } from './fresh-job.js';
import { createRedisFreshRegion, type ActiveIndex } from './region.js';

const kit = createKafkaTestKit('fresh-job-test');
const stacks: TestStack[] = [];
const clients: Redis[] = [];
const NOW = Date.now();

function projection(version: string, seed: number): ContentProjection {
  const dim = 8;
  const rows = Int32Array.from({ length: 1 << 10 }, (_, i) => i);
  let x = seed;
  // The last coordinate is the projection's confidence slack: weights cover the first dim − 1.
  const weights = Float32Array.from({ length: rows.length * (dim - 1) }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1);
  const p: ContentProjection = { version, dim, featureBits: 10, featuresVersion: 1, confidence: 1, rows, weights };
  checkProjection(p);
  return p;
}

const activeOf = (version: string, p: ContentProjection, indexedUntil: number): ActiveIndex => ({
  version,
  space: projectionSpace(p),
  indexedUntil,
  embed: (item) => embedContent(p, item),
});

const item = (id: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: id,
  title: `A film about ${id}`,
  categories: [id.includes('jazz') ? 'music' : 'drama'],
  content_type: 'VIDEO',
  creator_id: `creator-${id}`,
  duration_ms: 5_400_000,
  language: 'en',
  publish_time: NOW - 60_000,
  maturity_rating: '13+',
  unlisted: false,
  description: `all about ${id}`,
  ...over,
});

beforeAll(async () => {
  for (let n = 0; n < 2; n++) {
    const stack = await startStack();
    stacks.push(stack);
    clients.push(new Redis(stack.redis.url));
  }
}, 30_000);
afterAll(async () => {
  await kit.cleanup();
  clients.forEach((c) => c.disconnect());
  await Promise.all(stacks.map((s) => s.stop()));
}, 60_000);

async function deltaThroughRest(stack: TestStack, version: string): Promise<FreshDelta | null> {
  const rest = new UpstashRedis({ url: stack.url, token: stack.token, automaticDeserialization: false });
  const text = await rest.get<string>(keys.freshItems(version));
  return text === null ? null : decodeFreshDelta(fromBase64(text));
}

async function eventually<T>(what: string, read: () => Promise<T | null>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (last !== null && accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

describe('fresh-item job', () => {
  it('makes a new item retrievable in every region within seconds, in each region’s own embedding space', { timeout: 90_000 }, async () => {
    const topic = await kit.newTopic(2);
    // Its dead-letter topic, as the platform's topic setup creates it (`<topic>.dlq`).
    const admin = kit.kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic: `${topic}.dlq`, partitions: 2, replicationFactor: 1 }]).finally(() => admin.disconnect());
    kit.track(`${topic}.dlq`);
    const east = projection('emb-east-1', 7);
    const west = projection('emb-west-1', 11);
    let westActive = activeOf('idx-west-1', west, NOW - 3_600_000);
    const regions = [
      createRedisFreshRegion({ name: 'east', redis: clients[0]!, activeIndex: async () => activeOf('idx-east-1', east, NOW - 3_600_000) }),
      createRedisFreshRegion({ name: 'west', redis: clients[1]!, activeIndex: async () => westActive }),
    ];
    const groupId = uniqueName('fresh');
    const job = new FreshItemsJob({ kafka: kit.kafka, catalogTopic: topic, groupId, regions, logger: pino({ level: 'silent' }), publishEveryMs: 200, pollActiveEveryMs: 300 });
    await job.start();
    try {
      const producer = kit.kafka.producer();
      await producer.connect();
      const jazz = item('new-jazz');
      const published = Date.now();
      await producer.send(topic, [
        { key: 'old', value: encodeCatalogItem(item('old-in-index', { publish_time: NOW - 7_200_000 })) },
        { key: 'hidden', value: encodeCatalogItem(item('hidden', { unlisted: true })) },
        { key: 'bad', value: '{"item_id": 3}' },
        { key: 'gone', value: null },
        { key: 'drama', value: encodeCatalogItem(item('new-drama')) },
        { key: jazz.item_id, value: encodeCatalogItem(jazz) },
      ]);
      for (const [n, [p, stack]] of ([[east, stacks[0]!], [west, stacks[1]!]] as const).entries()) {
        const delta = await eventually(`the delta of region ${n}`, () => deltaThroughRest(stack, p.version), (d) => d.items.length === 2);
        expect(delta.items.map((i) => i.itemId).sort()).toEqual(['new-drama', 'new-jazz']);
        // The item's own content embedding finds it first: what the edge does for a user who just engaged with similar items.
        const hits = searchFresh(delta, queryVector(projectionSpace(p), embedContent(p, jazz)), 1);
        expect(hits[0]?.itemId).toBe('new-jazz');
      }
      // Publish → retrievable through REST, measured by the test (the bound is generous: it asserts the path, not a latency).
      expect(Date.now() - published).toBeLessThan(20_000);
      // The invalid record and the tombstone are dead-lettered with their reasons, marked as this job's letters.
      // (The delta can be published while the batch's dead letters are still being sent: wait for them.)
      expect(await eventually('the dead letters', async () => job.stats(), (s) => s.deadLettered >= 2)).toMatchObject({ invalid: 2, deadLettered: 2 });
      const letters = await kit.consumeAll(`${topic}.dlq`, 2);
      const byKey = new Map(letters.map((l) => [l.key?.toString(), l]));
      expect(byKey.get('bad')?.value?.toString()).toBe('{"item_id": 3}');
      expect(byKey.get('bad')?.headers['dlq.reason']?.toString()).toMatch(/^item_id: /);
      expect(byKey.get('gone')?.value).toBeNull();
      expect(byKey.get('gone')?.headers['dlq.reason']?.toString()).toBe(TOMBSTONE_REASON);
      for (const letter of letters) expect(letter.headers[DLQ_CONSUMER_HEADER]?.toString()).toBe(groupId);

      // Unlisting removes the item from every region's delta.
      await producer.send(topic, [{ key: 'drama', value: encodeCatalogItem(item('new-drama', { unlisted: true })) }]);
      await eventually('the unlisted item to leave', () => deltaThroughRest(stacks[0]!, east.version), (d) => d.items.length === 1);

      // A new index version in the west: the delta follows it, re-embedded in the new space; the east is untouched.
      const west2 = projection('emb-west-2', 13);
      westActive = activeOf('idx-west-2', west2, NOW - 3_600_000);
      const moved = await eventually('the west delta in the new space', () => deltaThroughRest(stacks[1]!, west2.version), (d) => d.items.length === 1);
      expect(moved.space).toEqual({ version: 'emb-west-2', dim: 8 });
      expect(searchFresh(moved, queryVector(projectionSpace(west2), embedContent(west2, jazz)), 1)[0]?.itemId).toBe('new-jazz');
      expect(() => searchFresh(moved, queryVector(projectionSpace(west), embedContent(west, jazz)), 1)).toThrow(/version mismatch/);
      await producer.disconnect();
    } finally {
      await job.stop();
    }
  });

  it('keeps the active index it has when the artifact store cannot be read, and publishes nothing without one', { timeout: 60_000 }, async () => {
    const topic = await kit.newTopic(1);
    const p = projection('emb-flaky-1', 5);
    let failing = false;
    let promoted = false;
    const region = createRedisFreshRegion({
      name: 'flaky',
      redis: clients[0]!,
      activeIndex: async () => {
        if (failing) throw new Error('artifact store down');
        return promoted ? activeOf('idx-flaky-1', p, NOW - 3_600_000) : null;
      },
    });
    const job = new FreshItemsJob({ kafka: kit.kafka, catalogTopic: topic, groupId: uniqueName('fresh'), regions: [region], logger: pino({ level: 'silent' }), publishEveryMs: 100, pollActiveEveryMs: 150 });
    await job.start();
    try {
      const producer = kit.kafka.producer();
      await producer.connect();
      await producer.send(topic, [{ key: 'a', value: encodeCatalogItem(item('before-any-index')) }]);
      await new Promise((r) => setTimeout(r, 600));
      expect(job.stats().regions.flaky).toEqual({ version: null, items: 0 });
      // Promoted later: items that arrived before are embedded from the recent catalog.
      promoted = true;
      await eventually('the first version', async () => job.stats().regions.flaky ?? null, (r) => r.version === 'idx-flaky-1' && r.items === 1);
      failing = true;
      await producer.send(topic, [{ key: 'b', value: encodeCatalogItem(item('while-store-down')) }]);
      const delta = await eventually('both items', () => deltaThroughRest(stacks[0]!, p.version), (d) => d.items.length === 2);
      expect(delta.items.map((i) => i.itemId).sort()).toEqual(['before-any-index', 'while-store-down']);
      await producer.disconnect();
    } finally {
      await job.stop();
    }
  });
});
