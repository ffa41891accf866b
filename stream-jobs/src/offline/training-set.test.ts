import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FEATURES, HOUR, type CatalogItem } from '@freshet/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureVectorAsOf, statesAsOf } from './as-of-features.js';
import type { LabelledExample } from './examples.js';
import { FEATURE_COLUMNS, staleScalarNames } from './feature-columns.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';
import { storeAsOf, syntheticStore, tempDirs } from './test-fixtures.js';
import { buildTrainingSet, writeTrainingJsonl, type TrainingRow } from './training-set.js';
import { writeTrainingParquet } from './training-set-parquet.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();
const { events, catalog } = syntheticStore(3000, 31);
const first = events[0]!.enriched.event.event_time;
const last = events.at(-1)!.enriched.event.event_time;

/** Examples around real events (at, just before, just after, half an hour later), in no particular order. */
function examplesFrom(rows: readonly OfflineEventRow[]): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (let i = 7; i < rows.length; i += 61) {
    const e = rows[i]!.enriched.event;
    if (e.item_id === undefined) continue;
    const shift = [0, -1, 1, 30 * 60_000][out.length % 4]!;
    out.push({ user_id: e.user_id, item_id: e.item_id, t: e.event_time + shift, label: e.type === 'media_completed' ? 1 : 0, source: `event ${i}` });
  }
  out.push({ user_id: 'cold-user', item_id: rows[0]!.enriched.event.item_id!, t: first + HOUR, label: false });
  out.push({ user_id: rows[0]!.enriched.event.user_id, item_id: rows[0]!.enriched.event.item_id!, t: first - 1, label: true });
  return out.reverse();
}

async function storeWith(eventRows: readonly OfflineEventRow[], catalogRows: readonly OfflineCatalogRow[]): Promise<string> {
  const dir = await newDir();
  const writer = createOfflineWriter({ dir, fsync: false });
  for (let i = 0; i < eventRows.length; i += 500) await writer.appendEvents(eventRows.slice(i, i + 500));
  await writer.appendCatalog(catalogRows);
  return dir;
}

describe('the point-in-time training set', { timeout: 20_000 }, () => {
  const examples = examplesFrom(events);
  const lastT = Math.max(...examples.map((e) => e.t));
  let rows: TrainingRow[] = [];

  beforeAll(async () => {
    rows = (await buildTrainingSet(await storeWith(events, catalog), examples)).rows;
  });

  it('keeps the examples in input order, as given', () => {
    expect(rows.map((r) => r.example)).toEqual(examples);
    expect(rows.every((r, i) => r.example === examples[i])).toBe(true);
  });

  it('gives each example the features of a store fed exactly the events with event_time ≤ t', () => {
    for (const [i, example] of examples.entries()) {
      const reference = featureVectorAsOf(statesAsOf(storeAsOf(events, catalog, example.t)), example.user_id, example.item_id, example.t);
      expect({ i, features: rows[i]!.features }).toEqual({ i, features: reference });
    }
  });

  it('has every feature, and values that are not trivially empty', () => {
    for (const row of rows) expect(Object.keys(row.features).sort()).toEqual(FEATURES.map((f) => f.name).sort());
    const warm = rows.filter((r) => (r.features.user_interaction_count as number) > 0).length;
    const played = rows.filter((r) => (r.features.item_plays_24h as number) > 0).length;
    const recent = rows.filter((r) => (r.features.user_recent_items as unknown[]).length > 0).length;
    expect({ warm: warm > rows.length / 2, played: played > 5, recent: recent > rows.length / 2 }).toEqual({ warm: true, played: true, recent: true });
    expect(rows.find((r) => r.example.user_id === 'cold-user')!.features.user_interaction_count).toBe(0);
  });

  it('is unchanged by events after the latest t, even for the same users and items right after t', async () => {
    const known = events.filter((e) => e.enriched.event.event_time <= lastT);
    expect(known.length).toBeLessThan(events.length);
    // Adversarial later events: every example's user plays and completes every example's item 1 ms after the latest t.
    const later: OfflineEventRow[] = examples.flatMap((ex, i) =>
      (['media_started', 'media_completed', 'media_liked'] as const).map((type, k) => ({
        topic: 'user.engagement.events', partition: 7, offset: String(i * 3 + k), recordTime: lastT + 5,
        enriched: { event: { event_id: `late-${i}-${k}`, type, user_id: ex.user_id, item_id: ex.item_id, event_time: lastT + 1 }, item: { categories: ['drama'], creatorId: 'c-late' } },
      })),
    );
    const without = await buildTrainingSet(await storeWith(known, catalog), examples);
    const withLater = await buildTrainingSet(await storeWith([...events, ...later], catalog), examples);
    expect(withLater.rows).toEqual(without.rows);
    expect(withLater.rows).toEqual(rows);
  });

  it('keeps out events 1 ms after each example’s own t, for its user and item', async () => {
    // Unlike events after the latest t, these lie inside the replayed range: only the replay's stopping rule
    // keeps them out of their example (they are rightly in the past of later examples).
    const justAfter: OfflineEventRow[] = examples.flatMap((ex, i) =>
      (['media_started', 'media_completed', 'subscription_to_creator'] as const).map((type, k) => ({
        topic: 'user.engagement.events', partition: 8, offset: String(i * 3 + k), recordTime: ex.t + 2,
        enriched: {
          event: { event_id: `after-${i}-${k}`, type, user_id: ex.user_id, item_id: ex.item_id, creator_id: 'c-after', event_time: ex.t + 1 },
          item: { categories: ['drama', 'jazz'], creatorId: 'c-after', language: 'xx', contentType: 'AUDIO' as const },
        },
      })),
    );
    const all = [...events, ...justAfter];
    const set = await buildTrainingSet(await storeWith(all, catalog), examples);
    let changedLater = 0;
    for (const [i, example] of examples.entries()) {
      const reference = featureVectorAsOf(statesAsOf(storeAsOf(all, catalog, example.t)), example.user_id, example.item_id, example.t);
      expect({ i, features: set.rows[i]!.features }).toEqual({ i, features: reference });
      // The same example 1 ms later does see them: they are not ignored for some other reason.
      const later = featureVectorAsOf(statesAsOf(storeAsOf(all, catalog, example.t + 1)), example.user_id, example.item_id, example.t + 1);
      if (later.user_interaction_count !== reference.user_interaction_count) changedLater++;
    }
    expect(changedLater).toBe(examples.length);
  });

  it('uses the catalog versions at or before t, whenever they were produced: a later update or first publication is not known yet', async () => {
    const item = catalog[0]!.item;
    const example = events.find((e) => e.enriched.event.item_id === item.item_id)!.enriched.event;
    const tUpdate = example.event_time + HOUR;
    const first: CatalogItem = { ...item, updated_at: example.event_time + 30 * 60_000 };
    const updated: CatalogItem = { ...item, publish_time: item.publish_time - 48 * HOUR, creator_id: 'new-creator', updated_at: tUpdate };
    const rest = catalog.slice(1);
    // Both versions are produced long after all of this (as a historical replay would): the
    // versions, not the record times, say when they were known.
    const producedLater = example.event_time + 365 * 24 * HOUR;
    const catalogRows: OfflineCatalogRow[] = [
      ...rest,
      { topic: 'media.published', partition: 0, offset: '5000', recordTime: producedLater, item: first },
      { topic: 'media.published', partition: 0, offset: '5001', recordTime: producedLater, item: updated },
    ];
    const ask = (t: number): LabelledExample => ({ user_id: example.user_id, item_id: item.item_id, t, label: 1 });
    const set = await buildTrainingSet(await storeWith(events, catalogRows), [ask(example.event_time), ask(tUpdate - 1), ask(tUpdate)]);
    const [before, between, after] = set.rows.map((r) => r.features);
    expect(before).toMatchObject({ item_publish_age_hours: null, creator_subscriber_count: null });
    expect(between!.item_publish_age_hours).toBeCloseTo((tUpdate - 1 - item.publish_time) / HOUR, 5);
    expect(after!.item_publish_age_hours).toBeCloseTo((tUpdate - updated.publish_time) / HOUR, 5);
    expect(between!.creator_subscriber_count).toEqual(expect.any(Number));
  });

  it('writes JSONL lines of the example plus its features', async () => {
    const file = join(await newDir(), 'set.jsonl');
    await writeTrainingJsonl(file, rows);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual(rows.map((r) => ({ ...r.example, features: r.features })));
  });

  it('writes Parquet with one typed column per scalar feature and JSON for the others', async () => {
    const file = join(await newDir(), 'set.parquet');
    await writeTrainingParquet(file, rows);
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const types = Object.fromEntries((await db.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`)).getRowObjectsJS().map((c) => [c.column_name, c.column_type]));
      expect(types).toMatchObject({ user_id: 'VARCHAR', t: 'TIMESTAMP WITH TIME ZONE', label: 'DOUBLE', item_plays_24h: 'DOUBLE', user_preferred_language_28d: 'VARCHAR', user_recent_items: 'VARCHAR' });
      const back = (await db.runAndReadAll(`SELECT * EXCLUDE (t), epoch_ms(t) AS t FROM '${file}'`)).getRowObjectsJS();
      expect(back).toHaveLength(rows.length);
      for (const [i, row] of rows.entries()) {
        const got = back[i]!;
        expect({ user: got.user_id, item: got.item_id, t: got.t, label: got.label }).toEqual({ user: row.example.user_id, item: row.example.item_id, t: BigInt(row.example.t), label: Number(row.example.label) });
        for (const f of FEATURE_COLUMNS) {
          const value = got[f.name] ?? null;
          expect({ feature: f.name, value: f.kind === 'json' && value !== null ? JSON.parse(String(value)) : value }).toEqual({ feature: f.name, value: row.features[f.name] });
        }
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('declares a column kind for every feature that matches the values it yields', () => {
    expect(staleScalarNames()).toEqual([]);
    for (const f of FEATURE_COLUMNS) {
      const values = rows.map((r) => r.features[f.name]).filter((v) => v !== null);
      const kinds = new Set(values.map((v) => (typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'json')));
      expect({ feature: f.name, kinds: [...kinds] }).toEqual({ feature: f.name, kinds: values.length > 0 ? [f.kind] : [] });
    }
  });

  it('builds nothing from no examples, without reading the store', async () => {
    expect(await buildTrainingSet(join(await newDir(), 'missing'), [])).toMatchObject({ rows: [], stats: { events: 0, queries: 0 } });
  });

  it('covers the whole time span', () => {
    expect(Math.min(...examples.map((e) => e.t))).toBeLessThan(first);
    expect(lastT).toBeGreaterThan(first + (last - first) / 2);
  });
});
