import { copyFile, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CONTENT_TYPES, HOUR, type EnrichedEvent, type ItemInfo } from '@freshet/shared';
import { catalogItemArb, epochMsArb, eventArb, idArb } from '@freshet/shared/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OfflineStoreError } from './errors.js';
import { encodeParquet } from './parquet-codec.js';
import { compareEventRows, readCatalogHistory, readOfflineCatalog, readOfflineEvents } from './reader.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';
import { asCatalogRows, positionKey, recordingWriter, syntheticStore, tempDirs } from './test-fixtures.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();
const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);

const itemInfoArb: fc.Arbitrary<ItemInfo> = fc.record(
  {
    categories: fc.array(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { maxLength: 3 }),
    creatorId: idArb,
    language: fc.constantFrom('en', 'de', 'pt-BR'),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    durationMs: fc.integer({ min: 1, max: 30 * 24 * 3600 * 1000 }),
    publishTime: epochMsArb,
  },
  { requiredKeys: ['categories'] },
);

const positionArb = fc.record({
  topic: fc.constantFrom('user.engagement.events', 'other.topic'),
  partition: fc.integer({ min: 0, max: 5 }),
  // Offsets beyond 2^53 must survive too: they are int64 in Kafka.
  offset: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
  recordTime: epochMsArb,
});

const eventRowArb: fc.Arbitrary<OfflineEventRow> = fc
  .tuple(positionArb, eventArb, fc.option(itemInfoArb, { nil: null }))
  .map(([position, event, item]) => ({ ...position, enriched: { event, item } }));

const catalogRowArb: fc.Arbitrary<OfflineCatalogRow> = fc.tuple(positionArb, catalogItemArb).map(([position, item]) => ({ ...position, item }));

/**
 * What the store is expected to give back: the same rows, except that an
 * empty `context: {}` reads back as no context (flat columns cannot tell them
 * apart, and no feature does either).
 */
function stored(row: OfflineEventRow): OfflineEventRow {
  const { context, ...event } = row.enriched.event;
  return context && Object.keys(context).length === 0 ? { ...row, enriched: { ...row.enriched, event } } : row;
}

const rowsArb = <R extends OfflineEventRow | OfflineCatalogRow>(arb: fc.Arbitrary<R>) =>
  fc.uniqueArray(arb, { maxLength: 25, selector: positionKey });

function event(n: number, at: number, extra: Partial<EnrichedEvent['event']> = {}): EnrichedEvent {
  return { event: { event_id: `e${n}`, type: 'media_started', user_id: `u${n % 4}`, item_id: `i${n % 7}`, event_time: at, ...extra }, item: { categories: ['drama'] } };
}
const row = (n: number, at: number, partition = 0, enriched = event(n, at)): OfflineEventRow => ({
  topic: 'user.engagement.events', partition, offset: String(n), recordTime: at + 10, enriched,
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

async function readError(promise: Promise<unknown>): Promise<OfflineStoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OfflineStoreError);
  return error as OfflineStoreError;
}

describe('offline events', () => {
  it('round-trips arbitrary enriched events: rows → Parquet → rows, in event-time order', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb(eventRowArb), fc.integer({ min: 1, max: 4 }), async (rows, calls) => {
        const dir = await newDir();
        const writer = createOfflineWriter({ dir, fsync: false });
        // However the rows are split into calls, the store reads back the same.
        const size = Math.ceil(rows.length / calls);
        for (let i = 0; i < rows.length; i += size) await writer.appendEvents(rows.slice(i, i + size));
        expect(await readOfflineEvents(dir)).toEqual([...rows].sort(compareEventRows).map(stored));
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it('keeps schema_version and an empty category list apart from an unknown item', async () => {
    const dir = await newDir();
    const rows = [
      row(1, T0, 0, { event: { ...event(1, T0).event, schema_version: 1 }, item: { categories: [] } }),
      row(2, T0 + 1, 0, { event: event(2, T0 + 1).event, item: null }),
    ];
    await createOfflineWriter({ dir }).appendEvents(rows);
    expect(await readOfflineEvents(dir)).toEqual(rows);
  });

  it('writes one file per event hour, under date=/hour= folders, named by partition and offsets', async () => {
    const dir = await newDir();
    const rows = [row(5, T0 - 1), row(3, T0 + 10), row(9, T0 + 20 * 60_000), row(12, T0 + HOUR + 5)];
    const writer = recordingWriter({ dir, now: () => Date.UTC(2026, 0, 6) });
    await writer.appendEvents(rows);
    const written = writer.files;
    expect(written.map((w) => w.rows)).toEqual([1, 2, 1]);
    const files = await listFiles(dir);
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^events\/date=2026-01-05\/hour=06\/part-0-5-5-[0-9a-z]{15}\.parquet$/);
    expect(files[1]).toMatch(/^events\/date=2026-01-05\/hour=07\/part-0-3-9-[0-9a-z]{15}\.parquet$/);
    expect(files[2]).toMatch(/^events\/date=2026-01-05\/hour=08\/part-0-12-12-/);
    expect(written.every((w) => w.bytes > 0 && files.includes(relative(dir, w.path)))).toBe(true);
  });

  it('reads a replayed batch once, keeping the first-written copy', async () => {
    const dir = await newDir();
    let clock = T0;
    const writer = createOfflineWriter({ dir, now: () => clock });
    const batch = [row(1, T0), row(2, T0 + 1), row(3, T0 + 2)];
    await writer.appendEvents(batch);
    clock += 60_000;
    // The replay re-enriched offset 2 differently (the catalog changed in between) and went on to offset 4.
    const replayed = [row(2, T0 + 1, 0, { ...event(2, T0 + 1), item: { categories: ['jazz'] } }), row(3, T0 + 2), row(4, T0 + 3)];
    await writer.appendEvents(replayed);
    expect(await readOfflineEvents(dir)).toEqual([...batch, replayed[2]]);
  });

  it('orders ties in event time by partition, then offset', async () => {
    const dir = await newDir();
    const rows = [row(10, T0, 1), row(2, T0, 1), row(7, T0, 0), row(1, T0 - 5, 2)];
    await createOfflineWriter({ dir }).appendEvents(rows);
    expect((await readOfflineEvents(dir)).map((r) => `${r.partition}/${r.offset}`)).toEqual(['2/1', '0/7', '1/2', '1/10']);
  });

  it('reads a time range (inclusive) without opening files of hours outside it', async () => {
    const dir = await newDir();
    const rows = [row(1, T0 - HOUR), row(2, T0), row(3, T0 + 30 * 60_000), row(4, T0 + HOUR), row(5, T0 + 2 * HOUR)];
    await createOfflineWriter({ dir }).appendEvents(rows);
    // A broken file two hours later: only a read that needs its hour opens it.
    const late = join(dir, 'events/date=2026-01-05/hour=10');
    await mkdir(late, { recursive: true });
    await writeFile(join(late, 'part-0-9-9-broken.parquet'), 'not parquet');
    const range = await readOfflineEvents(dir, { from: T0, to: T0 + HOUR });
    expect(range.map((r) => r.offset)).toEqual(['2', '3', '4']);
    const error = await readError(readOfflineEvents(dir));
    expect(error.file).toBe(join(late, 'part-0-9-9-broken.parquet'));
  });

  it('ignores hidden temp files that a crashed write left behind', async () => {
    const dir = await newDir();
    await createOfflineWriter({ dir }).appendEvents([row(1, T0)]);
    await writeFile(join(dir, 'events/date=2026-01-05/hour=07/.part-0-1-1-x.parquet.1234.tmp'), 'half a fi');
    expect(await readOfflineEvents(dir)).toHaveLength(1);
  });

  it('reads a store with nothing written as empty, and a missing folder as an error', async () => {
    const dir = await newDir();
    expect(await readOfflineEvents(dir)).toEqual([]);
    expect(await readOfflineCatalog(dir)).toEqual([]);
    expect((await readError(readOfflineEvents(join(dir, 'nope')))).message).toMatch(/nope: offline store folder does not exist/);
  });

  it('reads the synthetic workload back over many hours and partitions', async () => {
    const dir = await newDir();
    const { events } = syntheticStore(3000);
    const writer = createOfflineWriter({ dir, fsync: false });
    for (let i = 0; i < events.length; i += 500) await writer.appendEvents(events.slice(i, i + 500));
    const back = await readOfflineEvents(dir);
    expect(back).toEqual([...events].sort(compareEventRows));
    expect(new Set((await listFiles(dir)).map((f) => f.split('/').slice(1, 3).join('/'))).size).toBeGreaterThan(20);
  });
});

describe('offline files that are not what they should be', () => {
  async function storeWithOneFile(): Promise<{ dir: string; file: string }> {
    const dir = await newDir();
    const writer = recordingWriter({ dir });
    await writer.appendEvents([row(1, T0), row(2, T0 + 1)]);
    return { dir, file: writer.files[0]!.path };
  }

  it('names a file that is not Parquet', async () => {
    const { dir, file } = await storeWithOneFile();
    await writeFile(file, Buffer.from('PAR1 this is not really parquet PAR1'));
    const error = await readError(readOfflineEvents(dir));
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/not a readable Parquet file \(.*\)$/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('names a truncated file', async () => {
    const { dir, file } = await storeWithOneFile();
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 20));
    expect((await readError(readOfflineEvents(dir))).message).toContain(`${file}: not a readable Parquet file`);
  });

  it('names a catalog file in the events folder', async () => {
    const { dir, file } = await storeWithOneFile();
    const writer = recordingWriter({ dir: await newDir() });
    await writer.appendCatalog(asCatalogRows([fc.sample(catalogItemArb, { numRuns: 1, seed: 1 })[0]!], T0));
    await copyFile(writer.files[0]!.path, file);
    expect((await readError(readOfflineEvents(dir))).message).toBe(`${file}: holds offline catalog, not events`);
  });

  it('names a foreign Parquet file by its first missing column', async () => {
    const { dir, file } = await storeWithOneFile();
    await writeFile(file, encodeParquet([{ name: 'event_id', kind: 'utf8', nullable: false }], { event_id: ['x'] }, 1, { kind: 'events' }));
    expect((await readError(readOfflineEvents(dir))).message).toBe(`${file}: column type is missing: not an offline events file`);
  });

  it('names a row whose event breaks the event schema, and the field', async () => {
    const dir = await newDir();
    const bad = row(1, T0, 0, { event: { ...event(1, T0).event, progress: 3 }, item: null });
    const writer = recordingWriter({ dir });
    await writer.appendEvents([row(0, T0), bad]);
    expect((await readError(readOfflineEvents(dir))).message).toMatch(new RegExp(`^${writer.files[0]!.path}: row 1: invalid event: progress: `));
  });

  it('names a file moved into the wrong hour folder', async () => {
    const { dir, file } = await storeWithOneFile();
    const wrong = join(dir, 'events/date=2026-01-05/hour=09');
    await mkdir(wrong);
    await rename(file, join(wrong, 'part-0-1-2-moved.parquet'));
    expect((await readError(readOfflineEvents(dir))).message).toMatch(/part-0-1-2-moved.parquet: row 0: its time 2026-01-05T07:00:00.000Z belongs in date=2026-01-05\/hour=07, not in this folder$/);
  });

  it('names a folder that is not an hour partition', async () => {
    const { dir } = await storeWithOneFile();
    await mkdir(join(dir, 'events/date=2026-01-05/hour=24'));
    expect((await readError(readOfflineEvents(dir))).message).toMatch(/hour=24: is not an hour=HH partition folder/);
  });
});

describe('offline catalog', () => {
  it('round-trips arbitrary catalog items, in record-time order', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb(catalogRowArb), async (rows) => {
        const dir = await newDir();
        await createOfflineWriter({ dir, fsync: false }).appendCatalog(rows);
        const back = await readCatalogHistory(dir);
        expect(new Set(back.map(positionKey))).toEqual(new Set(rows.map(positionKey)));
        expect(back).toEqual(expect.arrayContaining(rows));
        for (let i = 1; i < back.length; i++) expect(back[i]!.recordTime).toBeGreaterThanOrEqual(back[i - 1]!.recordTime);
      }),
      { numRuns: 40 },
    );
  });

  it('gives the latest version of each item, ties going to the later partition and offset', async () => {
    const dir = await newDir();
    const [base] = fc.sample(catalogItemArb, { numRuns: 1, seed: 3 });
    const version = (title: string, updated_at: number, partition: number, offset: number, recordTime: number): OfflineCatalogRow => ({
      topic: 'media.published', partition, offset: String(offset), recordTime, item: { ...base!, item_id: 'm1', title, updated_at },
    });
    const rows = [
      version('v2', T0 + 2000, 0, 5, T0 + 10),
      // Published later, but an older version: the online store keeps v2 as well.
      version('v1', T0 + 1000, 0, 6, T0 + 20),
      version('v2-tie-low', T0 + 2000, 0, 4, T0 + 30),
      version('v2-tie-high', T0 + 2000, 1, 0, T0 + 40),
    ];
    const writer = createOfflineWriter({ dir });
    await writer.appendCatalog(rows);
    await writer.appendCatalog([{ ...rows[3]!, item: { ...rows[3]!.item, title: 'replayed copy' } }]);
    const latest = await readOfflineCatalog(dir);
    expect(latest.map((r) => r.item.title)).toEqual(['v2-tie-high']);
  });
});
