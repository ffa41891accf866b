// The Lua merges against their in-memory twins: identical batches, applied
// in different orders and groupings, must leave byte-for-byte identical state.
import { startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { MemoryFeatureStore, addToBatch, catalogVersionOf, emptyBatch, encodeCatalogHash, keys, planWrites, type EnrichedEvent } from '@freshet/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { encodeOps } from './redis-ops.js';
import { RedisRegion } from './redis-region.js';

let redis: TestRedis;
let region: RedisRegion;
beforeAll(async () => {
  redis = await startRedis();
  region = new RedisRegion({ name: 'test', redisUrl: redis.url });
  await region.connect();
}, 30_000);
afterAll(async () => {
  await region?.close();
  await redis?.stop();
});

function batchOf(events: readonly EnrichedEvent[]) {
  const batch = emptyBatch();
  for (const e of events) addToBatch(batch, planWrites(e), e.event.item_id);
  return batch;
}

const progress = (first: number, last: number) => ({ firstOffset: String(first), lastOffset: String(last), watermark: 0, horizon: String(first), newestEventTime: 0 });

describe('apply-batch.lua', () => {
  const { events, catalog } = syntheticEnriched({ seed: 21, users: 200, items: 300, events: 8000 });

  it('leaves exactly the state the in-memory store computes, whatever the batching', async () => {
    const memory = new MemoryFeatureStore();
    memory.apply(batchOf(events));

    // Redis gets the events reversed, in uneven batches, as if they had arrived out of order.
    const reversed = [...events].reverse();
    let offset = 0;
    for (let i = 0; i < reversed.length; i += 333) {
      const part = reversed.slice(i, i + 333);
      const result = await region.apply('conf', 't', 0, encodeOps(batchOf(part), []), progress(offset, offset + part.length - 1));
      expect(result).toEqual({ applied: true });
      offset += part.length;
    }

    const touched = memory.keys();
    expect(touched.length).toBeGreaterThan(300);
    for (const key of touched) {
      const type = await region.client.type(key);
      if (type === 'zset') {
        const flat = await region.client.zrange(key, 0, -1, 'WITHSCORES');
        const members = [];
        for (let i = 0; i < flat.length; i += 2) members.push({ member: flat[i]!, score: Number(flat[i + 1]) });
        expect({ key, members }).toEqual({ key, members: memory.rawLog(key) });
      } else {
        expect({ key, hash: await region.client.hgetall(key) }).toEqual({ key, hash: memory.rawHash(key) });
      }
    }
  });

  it('never applies a batch twice: replays of applied offsets are skipped', async () => {
    const part = events.slice(0, 100);
    const first = await region.apply('replay', 't', 3, encodeOps(batchOf(part), []), progress(0, 99));
    const key = keys.item(part.find((e) => e.event.item_id)!.event.item_id!);
    const before = await region.client.hgetall(key);
    const again = await region.apply('replay', 't', 3, encodeOps(batchOf(part), []), progress(50, 120));
    expect(first).toEqual({ applied: true });
    expect(again).toEqual({ applied: false, storedOffset: '99' });
    expect(await region.client.hgetall(key)).toEqual(before);
    expect(await region.readProgress('replay', 't', 3)).toEqual({ offset: '99', watermark: 0, horizon: '0' });
  });

  it('keeps the newest catalog version whatever the arrival order', async () => {
    const item = catalog[0]!;
    const older = { ...item, title: 'old', updated_at: 1_000_000_000_000, categories: ['old'] };
    const newer = { ...item, updated_at: 1_000_000_500_000, categories: ['new'] };
    const put = (c: typeof item) => ({ key: keys.catalogItem(c.item_id), version: catalogVersionOf(c), fields: encodeCatalogHash(c) });
    await region.apply('cat', 'media', 0, encodeOps(emptyBatch(), [put(newer)]), progress(0, 0));
    await region.apply('cat', 'media', 0, encodeOps(emptyBatch(), [put(older)]), progress(1, 1));
    const stored = await region.client.hgetall(keys.catalogItem(item.item_id));
    expect(stored).toEqual(encodeCatalogHash(newer));
    const memory = new MemoryFeatureStore();
    memory.putCatalogItem(newer);
    memory.putCatalogItem(older);
    expect(memory.catalogInfo(item.item_id)?.categories).toEqual(['new']);
  });

  it('advances the region clock to the newest event time only', async () => {
    await region.apply('clock', 't', 0, encodeOps(emptyBatch(), []), { ...progress(0, 0), newestEventTime: 500 });
    await region.apply('clock', 't', 0, encodeOps(emptyBatch(), []), { ...progress(1, 1), newestEventTime: 300 });
    expect(await region.client.hget(keys.regionMeta(), 'clock')).toBe('500');
  });
});
