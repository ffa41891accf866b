// The offline store as the feature job sees it: rows are buffered and written
// in the background every few seconds (larger files, and Parquet encoding and
// fsync off the path between an event and its features going live), with a
// progress record per source partition written after the files it covers are
// durable. The job treats that progress like a region's: after a restart it
// re-reads the partition from the lowest progress of all its sinks, so rows
// that were buffered but not flushed are written again — and rows written
// twice (a crash after the files, before the progress) are de-duplicated by
// readers on (topic, partition, offset).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeAtomically } from './atomic-file.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';
import { createOfflineWriter, type OfflineWriter } from './writer.js';

export interface BufferedOfflineSinkOptions {
  readonly dir: string;
  /** Progress is kept per consumer group: two deployments never share it. */
  readonly group: string;
  readonly logger: Logger;
  /** How often buffered rows are written. */
  readonly flushEveryMs?: number;
  /** Write as soon as this many rows are buffered. */
  readonly flushRows?: number;
  /** Appends wait (backpressure) while this many rows are buffered: a slow disk slows the job, not its memory. */
  readonly maxBufferedRows?: number;
  /** For tests: write without fsync. */
  readonly fsync?: boolean;
}

/** A source partition processed up to (and including) an offset, whatever rows that produced. */
export interface Processed {
  readonly topic: string;
  readonly partition: number;
  readonly lastOffset: string;
}

export interface BufferedOfflineSink {
  /** Buffers the rows of a processed batch; resolves at once unless the buffer is full. */
  appendEvents(processed: Processed, rows: readonly OfflineEventRow[]): Promise<void>;
  appendCatalog(processed: Processed, rows: readonly OfflineCatalogRow[]): Promise<void>;
  /** The last offset of the partition that is durably in the store (−1: none). */
  progress(topic: string, partition: number): Promise<number>;
  /** Writes everything buffered now. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createBufferedOfflineSink(options: BufferedOfflineSinkOptions): BufferedOfflineSink {
  const writer: OfflineWriter = createOfflineWriter({ dir: options.dir, ...(options.fsync === undefined ? {} : { fsync: options.fsync }) });
  const flushRows = options.flushRows ?? 50_000;
  const maxBuffered = options.maxBufferedRows ?? 4 * flushRows;
  const progressDir = join(options.dir, '_progress', encodeURIComponent(options.group));
  const progressFile = (topic: string, partition: number) => join(progressDir, `${encodeURIComponent(topic)}-${partition}.json`);
  let events: OfflineEventRow[] = [];
  let catalog: OfflineCatalogRow[] = [];
  // Per partition, the last offset whose rows are in the buffers (or were written).
  let processed = new Map<string, { topic: string; partition: number; offset: number }>();
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  const buffered = () => events.length + catalog.length;
  const noteProcessed = ({ topic, partition, lastOffset }: Processed) => {
    const key = `${topic}\u0000${partition}`;
    const offset = Number(lastOffset);
    if ((processed.get(key)?.offset ?? -1) < offset) processed.set(key, { topic, partition, offset });
  };

  async function writeBuffered(): Promise<void> {
    if (buffered() === 0 && processed.size === 0) return;
    const takenEvents = events;
    const takenCatalog = catalog;
    const takenProgress = processed;
    events = [];
    catalog = [];
    processed = new Map();
    try {
      await writer.appendEvents(takenEvents);
      await writer.appendCatalog(takenCatalog);
    } catch (error) {
      // Keep the rows (in front of newer ones) and try again at the next flush.
      events = [...takenEvents, ...events];
      catalog = [...takenCatalog, ...catalog];
      for (const [key, value] of takenProgress) if (!processed.has(key)) processed.set(key, value);
      throw error;
    }
    // Only now that the files are durable may the progress say so.
    await mkdir(progressDir, { recursive: true });
    for (const { topic, partition, offset } of takenProgress.values()) {
      await writeAtomically(progressFile(topic, partition), [Buffer.from(JSON.stringify({ offset, at: new Date().toISOString() }))], { fsync: options.fsync ?? true });
    }
  }

  function flush(): Promise<void> {
    flushing = flushing.then(() => writeBuffered()).catch((error: unknown) => {
      options.logger.warn({ err: error, buffered: buffered() }, 'offline store write failed; retrying at the next flush');
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushEveryMs ?? 2000);
  timer.unref();

  async function append<R>(target: () => R[], at: Processed, rows: readonly R[]): Promise<void> {
    if (closed) throw new Error('offline sink is closed');
    for (const row of rows) target().push(row);
    noteProcessed(at);
    if (buffered() >= flushRows) void flush();
    while (buffered() >= maxBuffered && !closed) {
      void flush();
      await sleep(50);
    }
  }

  return {
    appendEvents: (at, rows) => append(() => events, at, rows),
    appendCatalog: (at, rows) => append(() => catalog, at, rows),
    async progress(topic, partition) {
      try {
        const { offset } = JSON.parse(await readFile(progressFile(topic, partition), 'utf8')) as { offset: number };
        return Number.isSafeInteger(offset) ? offset : -1;
      } catch {
        return -1;
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
      if (buffered() > 0 || processed.size > 0) await writeBuffered(); // a last attempt that reports its error
    },
  };
}
