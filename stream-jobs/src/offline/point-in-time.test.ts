import type { CatalogItem, MemoryFeatureStore } from '@freshet/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureVectorAsOf, statesAsOf } from './as-of-features.js';
import { replayAsOf } from './point-in-time.js';
import type { OfflineCatalogRow } from './schema.js';
import { storeAsOf, syntheticStore, tempDirs } from './test-fixtures.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();

function rawState(store: MemoryFeatureStore, itemIds: readonly string[]) {
  return {
    keys: store.keys(),
    hashes: store.keys().map((k) => store.rawHash(k)),
    logs: store.keys().map((k) => store.rawLog(k)),
    catalog: itemIds.map((id) => store.catalogRecord(id)),
  };
}

describe('point-in-time replay', { timeout: 20_000 }, () => {
  const { events, catalog } = syntheticStore(3000, 21);
  const first = events[0]!.enriched.event.event_time;
  const last = events.at(-1)!.enriched.event.event_time;
  // A catalog update produced mid-way, and an item first published late.
  const base = catalog[0]!.item;
  const updated: CatalogItem = { ...base, title: 'updated', publish_time: base.publish_time + 1000, updated_at: first + 3_600_000 };
  const allCatalog: OfflineCatalogRow[] = [...catalog, { ...catalog[0]!, offset: '900', recordTime: first + 3_600_000, item: updated }];
  const itemIds = [...new Set(allCatalog.map((r) => r.item.item_id))];
  let dir = '';

  beforeAll(async () => {
    dir = await newDir();
    const writer = createOfflineWriter({ dir, fsync: false });
    // Written out of event-time order, with a replayed batch: the replay must not care.
    for (let i = events.length; i > 0; i -= 700) await writer.appendEvents(events.slice(Math.max(0, i - 700), i));
    await writer.appendEvents(events.slice(1200, 1500));
    await writer.appendCatalog(allCatalog);
  });

  it('shows each query the exact state of a store fed the events with event_time ≤ t', async () => {
    const times = [
      first - 1,
      first,
      ...[300, 1001, 1499, 1500, 2222].flatMap((i) => [events[i]!.enriched.event.event_time - 1, events[i]!.enriched.event.event_time]),
      first + 3_600_000 - 1,
      first + 3_600_000,
      last,
      last + 86_400_000,
    ];
    const queries = times.map((t, i) => ({ t, i })).reverse(); // visited in t order whatever the input order
    const seen: number[] = [];
    let compared = 0;
    const stats = await replayAsOf(
      dir,
      queries,
      (query, index, store) => {
        expect(queries[index]).toBe(query);
        seen.push(query.t);
        expect(rawState(store, itemIds)).toEqual(rawState(storeAsOf(events, allCatalog, query.t), itemIds));
        compared++;
      },
      { maxBatchEvents: 137 },
    );
    expect(compared).toBe(times.length);
    expect(seen).toEqual([...times].sort((a, b) => a - b));
    expect(stats).toMatchObject({ events: events.length, duplicates: 300, queries: times.length, catalogRecords: allCatalog.length });
  });

  it('with `only`, shows the chosen users and items (and their creators) the same features while applying a fraction of the events', async () => {
    const picks = events.map((r) => r.enriched.event).filter((e, i) => e.item_id !== undefined && i % 600 === 100);
    const queries = picks.map((e) => ({ t: e.event_time + 1, user: e.user_id, item: e.item_id! }));
    const run = async (only?: { users: Set<string>; items: Set<string> }) => {
      const features: unknown[] = [];
      let keys = 0;
      await replayAsOf(
        dir,
        queries,
        (q, i, store) => {
          features[i] = featureVectorAsOf(statesAsOf(store), q.user, q.item, q.t);
          keys = store.keys().length;
        },
        only ? { only } : {},
      );
      return { features, keys };
    };
    const full = await run();
    const partial = await run({ users: new Set(queries.map((q) => q.user)), items: new Set(queries.map((q) => q.item)) });
    expect(queries.length).toBeGreaterThan(3);
    expect(partial.features).toEqual(full.features);
    // The features compared are not all empty: item counters and creator features among them.
    expect(full.features.some((f) => (f as Record<string, unknown>).item_plays_24h !== 0)).toBe(true);
    // At the last query, the store holds fewer keys: the skipped events were never applied.
    expect(partial.keys).toBeLessThan(full.keys);
  });

  it('does not open hours after the last query', async () => {
    const t = events[500]!.enriched.event.event_time;
    const stats = await replayAsOf(dir, [{ t }], () => undefined);
    const everything = await replayAsOf(dir, [{ t: last }], () => undefined);
    expect(stats.events).toBe(events.filter((e) => e.enriched.event.event_time <= t).length);
    expect(stats.files).toBeLessThan(everything.files / 3);
  });

  it('reports progress up to every byte of the hours it reads', async () => {
    const progress: { bytesRead: number; bytesTotal: number; queriesDone: number }[] = [];
    await replayAsOf(dir, [{ t: last }], () => undefined, { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toMatchObject({ queriesDone: 1, queriesTotal: 1, events: events.length });
    expect(progress.at(-1)!.bytesRead).toBe(progress.at(-1)!.bytesTotal);
    expect(progress.length).toBeGreaterThan(10);
  });
});
