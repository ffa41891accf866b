import { FEATURES, type MemoryFeatureStore } from '@freshet/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { asJson, statesAsOf, valueAsOf } from './as-of-features.js';
import { checkParity } from './parity-monitor.js';
import { formatParityTable } from './parity-report.js';
import type { OfflineEventRow } from './schema.js';
import type { ServedSnapshot } from './snapshots.js';
import { storeAsOf, syntheticStore, tempDirs } from './test-fixtures.js';
import { valuesEqual } from './values-equal.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();
const { events, catalog } = syntheticStore(3000, 41);

/** What the edge would log: the features it read from an online store, for the user and a few candidate items. */
function served(store: MemoryFeatureStore, request_id: string, user_id: string, item_ids: string[], t: number): ServedSnapshot {
  const states = statesAsOf(store);
  const values = (entities: string[], ids: { userId: string; itemId?: string }) =>
    Object.fromEntries(FEATURES.filter((f) => entities.includes(f.entity)).map((f) => [f.name, valueAsOf(f, states, ids, t)]));
  return {
    request_id, user_id, item_ids, t,
    features: {
      user: values(['user'], { userId: user_id }),
      items: Object.fromEntries(item_ids.map((itemId) => [itemId, values(['item', 'creator'], { userId: user_id, itemId })])),
    },
  };
}

/** Snapshots at every 97th event (t = shortly after it), for its user and item plus two popular items. */
function snapshotsFrom(online: (t: number) => MemoryFeatureStore): ServedSnapshot[] {
  const popular = [...new Set(events.map((e) => e.enriched.event.item_id).filter((i): i is string => i !== undefined))].slice(0, 2);
  const out: ServedSnapshot[] = [];
  for (let i = 50; i < events.length; i += 97) {
    const e = events[i]!.enriched.event;
    const t = e.event_time + 1500;
    out.push(served(online(t), `r${i}`, e.user_id, [...new Set([...(e.item_id ? [e.item_id] : []), ...popular])], t));
  }
  return out;
}

const rateOf = (report: Awaited<ReturnType<typeof checkParity>>) => Object.fromEntries(report.features.map((f) => [f.feature, f.diverged]));

describe('the parity monitor', { timeout: 20_000 }, () => {
  let dir = '';
  const snapshots = snapshotsFrom((t) => storeAsOf(events, catalog, t));

  beforeAll(async () => {
    dir = await newDir();
    const writer = createOfflineWriter({ dir, fsync: false });
    for (let i = 0; i < events.length; i += 600) await writer.appendEvents(events.slice(i, i + 600));
    await writer.appendCatalog(catalog);
  });

  it('finds no divergence in snapshots computed from the same events', async () => {
    const report = await checkParity(dir, snapshots);
    expect(report.ok).toBe(true);
    expect(report.diverged).toBe(0);
    expect(report.features.map((f) => f.feature)).toEqual(FEATURES.map((f) => f.name));
    const perSnapshot = FEATURES.filter((f) => f.entity === 'user').length;
    expect(report.compared).toBeGreaterThan(snapshots.length * perSnapshot);
    expect(report.features.every((f) => f.compared > 0 && f.divergenceRate === 0)).toBe(true);
  });

  it('reports a tampered value under exactly its feature, with the example', async () => {
    const tampered = structuredClone(snapshots) as ServedSnapshot[];
    const victim = tampered[5]!;
    const itemId = Object.keys(victim.features.items!)[0]!;
    const before = victim.features.items![itemId]!.item_like_ratio_7d as number;
    (victim.features.items![itemId] as Record<string, unknown>).item_like_ratio_7d = before + 0.01;
    (victim.features.user as Record<string, unknown>).user_negative_counts_7d = { skips: 99 };
    const report = await checkParity(dir, tampered);
    expect(Object.entries(rateOf(report)).filter(([, n]) => n > 0)).toEqual([
      ['user_negative_counts_7d', 1],
      ['item_like_ratio_7d', 1],
    ]);
    const likes = report.features.find((f) => f.feature === 'item_like_ratio_7d')!;
    expect(likes.examples).toEqual([{ request_id: victim.request_id, entity_id: itemId, served: before + 0.01, offline: before }]);
    expect(likes.divergenceRate).toBeCloseTo(1 / likes.compared, 12);
    expect(report.ok).toBe(likes.divergenceRate <= 0.01);
    expect((await checkParity(dir, tampered, { maxDivergence: 0 })).ok).toBe(false);
    expect((await checkParity(dir, tampered, { maxDivergence: 0.5 })).ok).toBe(true);
  });

  it('tolerates float noise below 1e-9 relative, not above', async () => {
    const noisy = structuredClone(snapshots) as ServedSnapshot[];
    const item = Object.values(noisy[3]!.features.items!)[0] as Record<string, unknown>;
    item.item_like_ratio_7d = (item.item_like_ratio_7d as number) * (1 + 1e-12);
    expect((await checkParity(dir, noisy)).diverged).toBe(0);
    item.item_like_ratio_7d = (item.item_like_ratio_7d as number) * (1 + 1e-7);
    expect((await checkParity(dir, noisy)).diverged).toBe(1);
  });

  it('reports a snapshot served from state that missed a late event, for exactly the features that event changes', async () => {
    // The online store had not yet seen a completion (it arrived late); the offline store has it.
    const i = events.findIndex((e, k) => k > 1500 && e.enriched.event.type === 'media_completed');
    const late = events[i]!;
    const lateEvent = late.enriched.event;
    const t = lateEvent.event_time + 60_000;
    const without: OfflineEventRow[] = events.filter((e) => e !== late);
    const snapshot = served(storeAsOf(without, catalog, t), 'r-late', lateEvent.user_id, [lateEvent.item_id!], t);
    // Independently: the features whose value differs with and without the event.
    const full = served(storeAsOf(events, catalog, t), 'r-late', lateEvent.user_id, [lateEvent.item_id!], t);
    const affected = [
      ...Object.keys(full.features.user).filter((n) => !valuesEqual(full.features.user[n], snapshot.features.user[n])),
      ...Object.keys(full.features.items![lateEvent.item_id!]!).filter(
        (n) => !valuesEqual(full.features.items![lateEvent.item_id!]![n], snapshot.features.items![lateEvent.item_id!]![n]),
      ),
    ];
    expect(affected).toEqual(expect.arrayContaining(['user_interaction_count', 'user_completion_rate_7d', 'item_completion_rate_7d']));
    expect(affected).not.toContain('user_preferred_language_28d'); // only plays count there
    const report = await checkParity(dir, [...snapshots, snapshot]);
    const diverged = report.features.filter((f) => f.diverged > 0);
    expect(diverged.map((f) => f.feature).sort()).toEqual([...affected].sort());
    expect(diverged.every((f) => f.diverged === 1 && f.examples[0]!.request_id === 'r-late')).toBe(true);
  });

  it('flags names it cannot recompute: unknown, or under the wrong entity', async () => {
    const odd = structuredClone(snapshots.slice(0, 4)) as ServedSnapshot[];
    (odd[0]!.features.user as Record<string, unknown>).user_mood = 'happy';
    (odd[1]!.features.user as Record<string, unknown>).item_plays_1h = 3;
    const report = await checkParity(dir, odd);
    const problem = Object.fromEntries(report.features.filter((f) => f.problem).map((f) => [f.feature, [f.problem, f.diverged, f.compared]]));
    expect(problem).toEqual({
      'features.user.user_mood': ['no such feature in the catalog', 1, 1],
      'features.user.item_plays_1h': ['an item feature served under features.user', 1, 1],
    });
    expect(report.features.find((f) => f.feature === 'item_plays_1h')).toMatchObject({ diverged: 0, compared: odd.reduce((n, s) => n + Object.keys(s.features.items!).length, 0) });
    expect(report.features.slice(-2).map((f) => f.feature)).toEqual(['features.user.item_plays_1h', 'features.user.user_mood']);
  });

  it('formats a table with an alarm line and examples', async () => {
    const tampered = structuredClone(snapshots) as ServedSnapshot[];
    (tampered[0]!.features.user as Record<string, unknown>).user_interaction_count = -1;
    const table = formatParityTable(await checkParity(dir, tampered));
    expect(table).toMatch(/^feature\s+compared\s+diverged\s+rate\s+status$/m);
    expect(table).toMatch(new RegExp(`^user_interaction_count\\s+${tampered.length}\\s+1\\s+${(100 / tampered.length).toFixed(2)}%\\s+ALARM$`, 'm'));
    expect(table).toMatch(/^item_plays_1h\s+\d+\s+0\s+0\.00%\s+ok$/m);
    expect(table).toContain(`request r50, ${tampered[0]!.user_id}: served -1, offline ${JSON.stringify(snapshots[0]!.features.user.user_interaction_count)}`);
    expect(table).toMatch(/ALARM$/m);
  });

  it('compares JSON values as the edge logs them', () => {
    expect(asJson({ a: undefined, b: [1, 2] })).toEqual({ b: [1, 2] });
  });
});

describe('values equal', () => {
  it('is deep, exact for everything but numbers, and relative for numbers', () => {
    expect(valuesEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(valuesEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(valuesEqual([1, 2], [2, 1])).toBe(false);
    expect(valuesEqual(null, 0)).toBe(false);
    expect(valuesEqual('1', 1)).toBe(false);
    expect(valuesEqual([], {})).toBe(false);
    expect(valuesEqual(1e12, 1e12 + 1e2)).toBe(true);
    expect(valuesEqual(1e12, 1e12 + 1e4)).toBe(false);
    expect(valuesEqual(0, 1e-300)).toBe(false);
  });
});
