import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '../events/engagement-event.js';
import { itemTrendingScore, itemPlays1h } from './item-features.js';
import { SNAPSHOT_COLUMNS, SnapshotFormatError, buildSnapshot, decodeSnapshot, fromBase64, toBase64 } from './item-snapshot.js';
import { MemoryFeatureStore } from './memory-store.js';
import { MINUTE } from './time.js';
import { addToBatch, emptyBatch, planWrites } from './writes.js';

const T = Date.UTC(2026, 3, 1, 12);

function storeWith(plays: Record<string, { n: number; country: string }>): MemoryFeatureStore {
  const store = new MemoryFeatureStore();
  const batch = emptyBatch();
  let id = 0;
  for (const [item, { n, country }] of Object.entries(plays)) {
    for (let i = 0; i < n; i++) {
      const event: EngagementEvent = { event_id: `e${id++}`, type: 'media_started', user_id: `u${i}`, item_id: item, event_time: T - i * MINUTE, context: { country, device: 'tv' } };
      addToBatch(batch, planWrites({ event, item: { categories: ['x'], publishTime: T - 3_600_000 } }), item);
    }
  }
  store.apply(batch);
  return store;
}

describe('item snapshot', () => {
  it('round-trips every column (as float32) and ranks trending items per scope', () => {
    const store = storeWith({ a: { n: 9, country: 'DE' }, b: { n: 3, country: 'US' }, 'c:ü': { n: 5, country: 'DE' }, quiet: { n: 0, country: 'DE' } });
    const ids = ['a', 'b', 'c:ü', 'quiet'];
    const bytes = buildSnapshot(ids.map((id) => [id, store.itemState(id)] as const), T, 1234);
    const snapshot = decodeSnapshot(fromBase64(toBase64(bytes)));
    expect(snapshot.header).toMatchObject({ t: T, builtAt: 1234, count: 4, columns: SNAPSHOT_COLUMNS.map((c) => c.name) });
    for (const id of ids) {
      expect(snapshot.value(id, 'item_plays_1h')).toBe(itemPlays1h.value(store.itemState(id), T));
      expect(snapshot.value(id, 'item_trending_score')).toBeCloseTo(itemTrendingScore.value(store.itemState(id), T), 3);
    }
    expect(snapshot.value('quiet', 'item_ctr_24h')).toBeNull();
    expect(snapshot.value('missing', 'item_plays_1h')).toBeNull();
    expect(snapshot.header.trending.global).toEqual(['a', 'c:ü', 'b']);
    expect(snapshot.header.trending.byGeo).toEqual({ EU: ['a', 'c:ü'], NA: ['b'] });
    expect(snapshot.header.trending.byCohort).toEqual({ 'EU.tv': ['a', 'c:ü'], 'NA.tv': ['b'] });
  });

  it('base64 round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects what is not a snapshot, or is cut short, with a precise error', () => {
    const bytes = buildSnapshot([['a', storeWith({ a: { n: 1, country: 'DE' } }).itemState('a')]], T, 0);
    expect(() => decodeSnapshot(new Uint8Array([1, 2, 3]))).toThrow(SnapshotFormatError);
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated item snapshot \(columns\)/);
    expect(() => decodeSnapshot(bytes.subarray(0, 12))).toThrow(/truncated item snapshot \(header\)/);
  });
});
