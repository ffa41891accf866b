// The snapshot publisher against real Redis, read back the way the edge reads
// it: through the Upstash-compatible REST endpoint with @upstash/redis.
import { startStack, type TestStack } from '@freshet/infra/kv-rest/test-stack';
import {
  ITEM_FEATURES,
  MemoryFeatureStore,
  SNAPSHOT_COLUMNS,
  addToBatch,
  catalogVersionOf,
  decodeSnapshot,
  emptyBatch,
  encodeCatalogHash,
  fromBase64,
  keys,
  planWrites,
  snapshotInputsOf,
  type EnrichedEvent,
  type EngagementEvent,
} from '@freshet/shared';
import { Redis as UpstashRedis } from '@upstash/redis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOps } from '../features/redis-ops.js';
import { RedisRegion } from '../features/redis-region.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { SnapshotPublisher } from './publisher.js';

let stack: TestStack;
let region: RedisRegion;
beforeAll(async () => {
  stack = await startStack();
  region = new RedisRegion({ name: 'snap', redisUrl: stack.redis.url });
  await region.connect();
}, 30_000);
afterAll(async () => {
  await region?.close();
  await stack?.stop();
});

let offset = 0;
async function apply(events: readonly EnrichedEvent[], memory: MemoryFeatureStore): Promise<void> {
  const batch = emptyBatch();
  for (const e of events) addToBatch(batch, planWrites(e), e.event.item_id);
  memory.apply(batch);
  const newest = Math.max(...events.map((e) => e.event.event_time));
  await region.apply('g', 't', 0, encodeOps(batch, []), { firstOffset: String(offset), lastOffset: String(offset + events.length - 1), watermark: newest, horizon: String(offset), newestEventTime: newest });
  offset += events.length;
}

async function readSnapshotThroughRest() {
  const rest = new UpstashRedis({ url: stack.url, token: stack.token, enableTelemetry: false, automaticDeserialization: false });
  const text = await rest.get<string>(keys.itemSnapshot());
  if (typeof text !== 'string') throw new Error('no snapshot');
  return decodeSnapshot(fromBase64(text));
}

describe('snapshot publisher', () => {
  it('publishes every active item’s features and trending lists, and follows new events', { timeout: 60_000 }, async () => {
    const { events, catalog } = syntheticEnriched({ seed: 3, users: 300, items: 400, events: 6000, duplicateRate: 0, lateRate: 0 });
    const memory = new MemoryFeatureStore();
    for (const item of catalog) {
      memory.putCatalogItem(item);
      await region.apply('g', 'catalog', 0, encodeOps(emptyBatch(), [{ key: keys.catalogItem(item.item_id), version: catalogVersionOf(item), fields: encodeCatalogHash(item) }]), {
        firstOffset: String(offset), lastOffset: String(offset), watermark: 0, horizon: String(offset), newestEventTime: 0,
      });
      offset++;
    }
    await apply(events.slice(0, 4000), memory);

    let wall = 1_000_000;
    const publisher = new SnapshotPublisher({ region: 'snap', redis: region.client, logger: pino({ level: 'silent' }), now: () => wall });
    const first = await publisher.publishOnce();
    const clock = Math.max(...events.slice(0, 4000).map((e) => e.event.event_time));
    expect(first.t).toBe(clock);

    const check = async (t: number) => {
      const snapshot = await readSnapshotThroughRest();
      expect(snapshot.header.t).toBe(t);
      const items = [...snapshot.index.keys()];
      expect(items.length).toBeGreaterThan(100);
      for (const [id, itemState, creatorState] of snapshotInputsOf(memory, items)) {
        for (const feature of SNAPSHOT_COLUMNS) {
          const of = feature.entity === 'creator' ? creatorState : itemState;
          const want = of ? feature.value(of, t) : null;
          const got = snapshot.value(id, feature.name);
          if (want === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(want, 2);
        }
      }
      const trending = ITEM_FEATURES.find((f) => f.name === 'item_trending_score')!;
      const scores = snapshot.header.trending.global.map((id) => trending.value(memory.itemState(id), t) as number);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      return snapshot;
    };
    await check(clock);

    // New events: only their items are re-read (the dirty set), and the clock moves.
    await apply(events.slice(4000), memory);
    expect(await region.client.scard(keys.dirtyItems())).toBeGreaterThan(0);
    wall += 5000;
    const second = await publisher.publishOnce();
    const clock2 = Math.max(...events.map((e) => e.event.event_time));
    expect(second.t).toBe(clock2);
    expect(await region.client.scard(keys.dirtyItems())).toBe(0);
    await check(clock2);

    // With no new events the event clock advances with the wall clock, and windows slide on:
    // two days later nothing played in the last hour or day.
    wall += 2 * 86_400_000;
    const later = await publisher.publishOnce();
    expect(later.t).toBe(clock2 + 2 * 86_400_000);
    const snapshot = await readSnapshotThroughRest();
    for (const id of snapshot.index.keys()) expect(snapshot.value(id, 'item_plays_1h')).toBe(0);
    expect(snapshot.header.trending.global).toEqual([]);
    // Eight days later every item has left the snapshot: memory follows activity.
    wall += 8 * 86_400_000;
    const gone = await publisher.publishOnce();
    expect(gone.items).toBe(0);
    expect(gone.creators).toBe(0);
  });

  it('follows subscriptions (the items of a creator whose count changed are recomputed within the creator refresh) and items moved to another creator', { timeout: 60_000 }, async () => {
    await region.client.flushdb();
    const { events, catalog } = syntheticEnriched({ seed: 5, users: 200, items: 300, events: 3000, duplicateRate: 0, lateRate: 0 });
    const memory = new MemoryFeatureStore();
    for (const item of catalog) memory.putCatalogItem(item);
    await region.apply('g', 'catalog', 0, encodeOps(emptyBatch(), catalog.map((item) => ({ key: keys.catalogItem(item.item_id), version: catalogVersionOf(item), fields: encodeCatalogHash(item) }))), {
      firstOffset: String(offset), lastOffset: String(offset), watermark: 0, horizon: String(offset), newestEventTime: 0,
    });
    offset++;
    await apply(events, memory);

    let wall = 5_000_000;
    const publisher = new SnapshotPublisher({ region: 'snap', redis: region.client, logger: pino({ level: 'silent' }), now: () => wall, creatorRefreshMs: 10_000 });
    const first = await publisher.publishOnce();
    const before = await readSnapshotThroughRest();
    const held = [...before.index.keys()];
    const creatorOf = (id: string) => memory.catalogRecord(id)!.creatorId!;
    const creator = creatorOf(held[0]!);
    const ofCreator = held.filter((id) => creatorOf(id) === creator);
    const others = held.filter((id) => creatorOf(id) !== creator);
    expect(first.creators).toBe(new Set(held.map(creatorOf)).size);
    const count = before.value(held[0]!, 'creator_subscriber_count')!;
    expect(count).toBe(snapshotInputsOf(memory, [held[0]!]).map(([, , c]) => SNAPSHOT_COLUMNS.find((f) => f.name === 'creator_subscriber_count')!.value(c!, first.t))[0]);

    // Seven subscriptions to that creator, from no item page: only the creator's hash is written.
    const subscriptions: EnrichedEvent[] = Array.from({ length: 7 }, (_, i) => {
      const event: EngagementEvent = { event_id: `sub-${i}`, type: 'subscription_to_creator', user_id: `fan-${i}`, creator_id: creator, event_time: first.t - 1000, context: { country: 'DE', device: 'tv' } };
      return { event, item: null };
    });
    await apply(subscriptions, memory);
    expect(await region.client.scard(keys.dirtyItems())).toBe(0);

    // Within the refresh interval the cached count is served; past it, the new one, for every item of the creator only.
    wall += 5_000;
    await publisher.publishOnce();
    expect((await readSnapshotThroughRest()).value(held[0]!, 'creator_subscriber_count')).toBe(count);
    wall += 6_000;
    await publisher.publishOnce();
    const after = await readSnapshotThroughRest();
    for (const id of ofCreator) expect(after.value(id, 'creator_subscriber_count')).toBe(count + 7);
    for (const id of others) expect(after.value(id, 'creator_subscriber_count')).toBe(before.value(id, 'creator_subscriber_count'));

    // An item moved to another creator (a new catalog version) follows its new creator once its
    // catalog facts are re-read (a dirty item, catalog older than a minute).
    const moved = others.find((id) => after.value(id, 'creator_subscriber_count') !== count + 7)!;
    const record = catalog.find((i) => i.item_id === moved)!;
    const movedTo = { ...record, creator_id: creator, updated_at: catalogVersionOf(record) + 1 };
    memory.putCatalogItem(movedTo);
    await region.apply('g', 'catalog', 0, encodeOps(emptyBatch(), [{ key: keys.catalogItem(moved), version: catalogVersionOf(movedTo), fields: encodeCatalogHash(movedTo) }]), {
      firstOffset: String(offset), lastOffset: String(offset), watermark: 0, horizon: String(offset), newestEventTime: 0,
    });
    offset++;
    const play: EngagementEvent = { event_id: 'moved-play', type: 'media_started', user_id: 'fan-0', item_id: moved, event_time: first.t, context: { country: 'DE', device: 'tv' } };
    await apply([{ event: play, item: null }], memory);
    wall += 61_000;
    await publisher.publishOnce();
    expect((await readSnapshotThroughRest()).value(moved, 'creator_subscriber_count')).toBe(count + 7);
  });
});
