import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../events/catalog-item.js';
import type { EngagementEvent } from '../events/engagement-event.js';
import { itemTrendingScore, itemPlays1h } from './item-features.js';
import {
  SNAPSHOT_COLUMNS, SnapshotFormatError, buildSnapshot, decodeSnapshot, encodeSnapshot, fromBase64, snapshotInputsOf, toBase64, type SnapshotRow,
} from './item-snapshot.js';
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

function catalogItem(id: string, creator: string): CatalogItem {
  return {
    item_id: id, title: id, categories: ['x'], content_type: 'VIDEO', creator_id: creator, duration_ms: 60_000, language: 'en',
    publish_time: T - 3_600_000, maturity_rating: 'all', unlisted: false, description: '',
  };
}

/** Writes the snapshot layout by hand with the given column names (the format as documented, for snapshots of earlier writers). */
function handEncoded(columns: readonly string[], ids: readonly string[], values: readonly (readonly number[])[]): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ t: T, builtAt: 0, count: ids.length, columns, trending: { global: [], byGeo: {}, byCohort: {} } }));
  const idBytes = ids.map((id) => new TextEncoder().encode(id));
  const idsStart = (8 + header.length + 3) & ~3;
  const columnsStart = (idsStart + idBytes.reduce((n, b) => n + 2 + b.length, 0) + 3) & ~3;
  const out = new Uint8Array(columnsStart + columns.length * ids.length * 4);
  const view = new DataView(out.buffer);
  out.set([0x46, 0x53, 0x4e, 0x31], 0);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let at = idsStart;
  for (const b of idBytes) {
    view.setUint16(at, b.length, true);
    out.set(b, at + 2);
    at += 2 + b.length;
  }
  columns.forEach((_, c) => ids.forEach((_, r) => view.setFloat32(columnsStart + (c * ids.length + r) * 4, values[r]![c]!, true)));
  return out;
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
    // row(): every column of an item in one lookup, the same values as value().
    for (const id of ids) for (const c of SNAPSHOT_COLUMNS) expect(snapshot.row(id)![c.name]).toBe(snapshot.value(id, c.name));
    expect(snapshot.row('missing')).toBeNull();
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

  it('carries the creator’s subscriber count per item: null when the catalog does not know the item, 0 for a creator nobody subscribed to', () => {
    const store = storeWith({ a: { n: 2, country: 'DE' }, b: { n: 1, country: 'DE' }, lone: { n: 1, country: 'DE' }, unknown: { n: 1, country: 'DE' } });
    store.putCatalogItem(catalogItem('a', 'cr-1'));
    store.putCatalogItem(catalogItem('b', 'cr-1'));
    store.putCatalogItem(catalogItem('lone', 'cr-2'));
    const batch = emptyBatch();
    for (let i = 0; i < 3; i++) {
      const event: EngagementEvent = { event_id: `s${i}`, type: 'subscription_to_creator', user_id: `u${i}`, creator_id: 'cr-1', event_time: T - i * MINUTE, context: { country: 'DE', device: 'tv' } };
      addToBatch(batch, planWrites({ event, item: null }), undefined);
    }
    store.apply(batch);
    const snapshot = decodeSnapshot(buildSnapshot(snapshotInputsOf(store, ['a', 'b', 'lone', 'unknown']), T, 0));
    expect(snapshot.header.columns).toContain('creator_subscriber_count');
    expect(snapshot.value('a', 'creator_subscriber_count')).toBe(3);
    expect(snapshot.value('b', 'creator_subscriber_count')).toBe(3);
    expect(snapshot.value('lone', 'creator_subscriber_count')).toBe(0);
    expect(snapshot.value('unknown', 'creator_subscriber_count')).toBeNull();
    // Inputs without a creator state (callers that do not know the creator) read null too.
    expect(decodeSnapshot(buildSnapshot([['a', store.itemState('a')]], T, 0)).value('a', 'creator_subscriber_count')).toBeNull();
  });

  it('decodes snapshots written before the creator column: that column reads null, the others by name', () => {
    const before = ['item_plays_1h', 'item_plays_24h', 'item_impressions_24h', 'item_ctr_24h', 'item_like_ratio_7d', 'item_completion_rate_7d', 'item_skip_rate_7d', 'item_trending_score'];
    const snapshot = decodeSnapshot(handEncoded(before, ['a', 'b'], [[1, 2, 3, 0.5, 0.25, Number.NaN, 0, 7.5], [4, 5, 6, Number.NaN, 1, 0.5, 0.125, 0]]));
    expect(snapshot.value('a', 'creator_subscriber_count')).toBeNull();
    expect(snapshot.value('b', 'creator_subscriber_count')).toBeNull();
    expect(snapshot.value('a', 'item_trending_score')).toBe(7.5);
    expect(snapshot.value('a', 'item_completion_rate_7d')).toBeNull();
    expect(snapshot.value('b', 'item_ctr_24h')).toBeNull();
    expect(snapshot.value('b', 'item_skip_rate_7d')).toBe(0.125);
  });

  it('round-trips any rows: each value as float32, NaN as null, trending lists ranked by the trending column', () => {
    const value = fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 1e6, noNaN: true }));
    const row = fc.record({ values: fc.array(value, { minLength: SNAPSHOT_COLUMNS.length, maxLength: SNAPSHOT_COLUMNS.length }), byGeo: fc.constant({}), byCohort: fc.constant({}) });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), row), { selector: ([id]) => id, maxLength: 40 }), (rows) => {
        const snapshot = decodeSnapshot(encodeSnapshot(rows as [string, SnapshotRow][], T, 0, 5));
        expect(snapshot.header.count).toBe(rows.length);
        for (const [id, r] of rows) {
          SNAPSHOT_COLUMNS.forEach((column, c) => {
            const v = r.values[c]!;
            expect(snapshot.value(id, column.name)).toBe(Number.isNaN(v) ? null : Math.fround(v));
          });
        }
        const trending = SNAPSHOT_COLUMNS.findIndex((c) => c.name === 'item_trending_score');
        const scores = snapshot.header.trending.global.map((id) => rows.find(([rid]) => rid === id)![1].values[trending]!);
        expect(scores.every((s) => s > 0)).toBe(true);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(snapshot.header.trending.global.length).toBe(Math.min(5, rows.filter(([, r]) => r.values[trending]! > 0).length));
      }),
      { numRuns: 100 },
    );
  });
});
