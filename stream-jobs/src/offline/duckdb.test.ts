// The offline store is meant to be read by analysts' tools too: DuckDB opens
// it as one Hive-partitioned table, with no help from our reader.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourPartitionPath } from './layout.js';
import { readOfflineEvents } from './reader.js';
import { syntheticStore, tempDirs } from './test-fixtures.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();

describe('the offline store in DuckDB', () => {
  const { events, catalog } = syntheticStore(2500, 5);
  const replayed = events.slice(1000, 1200); // a batch the job wrote twice
  let dir = '';
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  const query = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const eventsTable = () => `read_parquet('${dir}/events/**/*.parquet', hive_partitioning = true)`;

  beforeAll(async () => {
    dir = await newDir();
    const writer = createOfflineWriter({ dir });
    for (let i = 0; i < events.length; i += 400) await writer.appendEvents(events.slice(i, i + 400));
    await writer.appendEvents(replayed);
    await writer.appendCatalog(catalog);
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
  });
  afterAll(() => {
    db.closeSync();
    instance.closeSync();
  });

  it('counts every row written, and de-duplicates by (topic, partition, offset)', async () => {
    const [counts] = await query(`SELECT count(*) AS rows, count(DISTINCT (topic, "partition", "offset")) AS records FROM ${eventsTable()}`);
    expect(counts).toEqual({ rows: BigInt(events.length + replayed.length), records: BigInt(events.length) });
  });

  it('groups by event type', async () => {
    const expected = new Map<string, bigint>();
    for (const row of events) expected.set(row.enriched.event.type, (expected.get(row.enriched.event.type) ?? 0n) + 1n);
    const rows = await query(`
      SELECT type, count(*) AS n
      FROM (SELECT DISTINCT ON (topic, "partition", "offset") * FROM ${eventsTable()})
      GROUP BY type ORDER BY type`);
    expect(rows).toEqual([...expected].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([type, n]) => ({ type, n })));
    expect(rows.length).toBeGreaterThan(8);
  });

  it('shows the date and hour partition columns, matching each row’s event time in UTC', async () => {
    const partitions = await query(`SELECT DISTINCT strftime(date, '%Y-%m-%d') AS date, hour FROM ${eventsTable()} ORDER BY ALL`);
    const expected = [...new Set(events.map((r) => hourPartitionPath(r.enriched.event.event_time)))].sort();
    expect(partitions.map((p) => `date=${String(p.date)}/hour=${String(p.hour)}`)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(20);
    const [misplaced] = await query(`
      SELECT count(*) AS n FROM ${eventsTable()}
      WHERE CAST(hour AS INTEGER) <> (epoch_ms(event_time) // 3600000) % 24
         OR date <> CAST(to_timestamp(epoch_ms(event_time) // 1000)::TIMESTAMP AS DATE)`);
    expect(misplaced).toEqual({ n: 0n });
  });

  it('types the columns for analysts: times, lists, int64 offsets', async () => {
    const types = Object.fromEntries(
      (await query(`DESCRIBE SELECT * FROM ${eventsTable()}`)).map((c) => [String(c.column_name), String(c.column_type)]),
    );
    expect(types).toMatchObject({
      event_time: 'TIMESTAMP WITH TIME ZONE',
      item_categories: 'VARCHAR[]',
      offset: 'BIGINT',
      item_known: 'BOOLEAN',
      date: 'DATE',
    });
    const [first] = await query(`SELECT epoch_ms(event_time) AS t, event_id FROM ${eventsTable()} ORDER BY event_time, "partition", "offset" LIMIT 1`);
    expect(first).toEqual({ t: BigInt(events[0]!.enriched.event.event_time), event_id: events[0]!.enriched.event.event_id });
  });

  it('has our reader name a file DuckDB rewrote by its mistyped column, not misread it', async () => {
    // DuckDB writes timestamps in microseconds: a foreign file our reader must refuse by column, not crash on.
    const foreign = await newDir();
    const hour = hourPartitionPath(events[0]!.enriched.event.event_time);
    const file = join(foreign, 'events', hour, 'part-0-0-9-duckdb.parquet');
    await mkdir(join(foreign, 'events', hour), { recursive: true });
    await db.run(`COPY (SELECT * EXCLUDE (date, hour) FROM ${eventsTable()} WHERE date = DATE '${hour.slice(5, 15)}' AND hour = '${hour.slice(-2)}' LIMIT 10) TO '${file}' (FORMAT parquet)`);
    await expect(readOfflineEvents(foreign)).rejects.toThrow(`${file}: column event_time is Timestamp<MICROSECOND, UTC>; expected a millisecond timestamp`);
  });

  it('reads the catalog the same way', async () => {
    const [counts] = await query(`SELECT count(*) AS n, count(DISTINCT item_id) AS items FROM read_parquet('${dir}/catalog/**/*.parquet', hive_partitioning = true)`);
    expect(counts).toEqual({ n: BigInt(catalog.length), items: BigInt(new Set(catalog.map((c) => c.item.item_id)).size) });
  });
});
