import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TOPICS } from '@freshet/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { createBufferedOfflineSink } from './buffered-sink.js';
import { readOfflineEvents } from './reader.js';
import { asEventRows, tempDirs } from './test-fixtures.js';

const newDir = tempDirs();
const logger = pino({ level: 'silent' });
const { events } = syntheticEnriched({ seed: 4, users: 50, items: 80, events: 600 });
const rows = asEventRows(events, 2);
const topic = TOPICS.engagementEvents;
const lastOf = (partition: number) => rows.filter((r) => r.partition === partition).at(-1)!.offset;

describe('buffered offline sink', () => {
  it('writes nothing until it flushes, then the rows and each partition’s progress', async () => {
    const dir = await newDir();
    const sink = createBufferedOfflineSink({ dir, group: 'g', logger, flushEveryMs: 60_000, fsync: false });
    for (const partition of [0, 1]) {
      await sink.appendEvents({ topic, partition, lastOffset: lastOf(partition) }, rows.filter((r) => r.partition === partition));
    }
    expect(await sink.progress(topic, 0)).toBe(-1);
    expect(await readOfflineEvents(dir)).toEqual([]);
    await sink.flush();
    expect(await sink.progress(topic, 0)).toBe(Number(lastOf(0)));
    expect(await sink.progress(topic, 1)).toBe(Number(lastOf(1)));
    expect(await readOfflineEvents(dir)).toHaveLength(rows.length);
    await sink.close();
  });

  it('advances progress for batches that produced no rows', async () => {
    const dir = await newDir();
    const sink = createBufferedOfflineSink({ dir, group: 'g', logger, flushEveryMs: 60_000, fsync: false });
    await sink.appendEvents({ topic, partition: 3, lastOffset: '41' }, []);
    await sink.close();
    expect(await sink.progress(topic, 3)).toBe(41);
  });

  it('keeps rows it failed to write and writes them at the next flush, progress only after', async () => {
    const dir = await newDir();
    // A file where the events folder must go: every write fails until it is removed.
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'events'), 'not a folder');
    const sink = createBufferedOfflineSink({ dir, group: 'g', logger, flushEveryMs: 60_000, fsync: false });
    await sink.appendEvents({ topic, partition: 0, lastOffset: lastOf(0) }, rows.filter((r) => r.partition === 0));
    await sink.flush();
    expect(await sink.progress(topic, 0)).toBe(-1);
    await rm(join(dir, 'events'));
    await sink.flush();
    expect(await sink.progress(topic, 0)).toBe(Number(lastOf(0)));
    expect(await readOfflineEvents(dir)).toHaveLength(rows.filter((r) => r.partition === 0).length);
    await sink.close();
  });

  it('applies backpressure: appends wait while the buffer is full', async () => {
    const dir = await newDir();
    const sink = createBufferedOfflineSink({ dir, group: 'g', logger, flushEveryMs: 60_000, flushRows: 100, maxBufferedRows: 150, fsync: false });
    let resolved = false;
    const small = sink.appendEvents({ topic, partition: 0, lastOffset: '10' }, rows.slice(0, 10)).then(() => (resolved = true));
    await small;
    expect(resolved).toBe(true); // below the limit: no waiting
    resolved = false;
    const big = sink.appendEvents({ topic, partition: 0, lastOffset: '500' }, rows.slice(10, 300)).then(() => (resolved = true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(resolved).toBe(false); // over the limit: waits for a flush to drain the buffer
    await big;
    await sink.close();
    expect((await readOfflineEvents(dir)).length).toBe(300);
  });

  it('keeps progress per consumer group', async () => {
    const dir = await newDir();
    const a = createBufferedOfflineSink({ dir, group: 'a', logger, fsync: false });
    await a.appendEvents({ topic, partition: 0, lastOffset: '7' }, []);
    await a.close();
    const b = createBufferedOfflineSink({ dir, group: 'b', logger, fsync: false });
    expect(await b.progress(topic, 0)).toBe(-1);
    await b.close();
  });
});
