// The offline store as the feature job sees it: rows are handed to a writer
// thread (offline-worker.ts) that buffers them and writes Parquet every few
// seconds — encoding and fsync never block the job — then a progress record
// per source partition once the files it covers are durable. The job treats
// that progress like a region's: after a restart it re-reads each partition
// from the lowest progress of all its sinks, so rows that were buffered but
// not written are written again, and rows written twice (a crash after the
// files, before the progress) are de-duplicated by readers on (topic,
// partition, offset).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { progressFileName, type FromWorker, type Processed, type ToWorker, type WorkerSettings } from './offline-worker-protocol.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';

export type { Processed };

export interface BufferedOfflineSinkOptions {
  readonly dir: string;
  /** Progress is kept per consumer group: two deployments never share it. */
  readonly group: string;
  readonly logger: Logger;
  /** How often buffered rows are written. */
  readonly flushEveryMs?: number;
  /** Write as soon as this many rows are buffered. */
  readonly flushRows?: number;
  /** Appends wait (backpressure) while this many rows are not written yet: a slow disk slows the job, not its memory. */
  readonly maxBufferedRows?: number;
  /** For tests: write without fsync. */
  readonly fsync?: boolean;
}

export interface BufferedOfflineSink {
  /** Hands over the rows of a processed batch; resolves at once unless too much is unwritten. */
  appendEvents(processed: Processed, rows: readonly OfflineEventRow[]): Promise<void>;
  appendCatalog(processed: Processed, rows: readonly OfflineCatalogRow[]): Promise<void>;
  /** The last offset of the partition that is durably in the store (−1: none). */
  progress(topic: string, partition: number): Promise<number>;
  /** Writes everything handed over so far. */
  flush(): Promise<void>;
  /** Flushes and stops the writer thread. */
  close(): Promise<void>;
}

export function createBufferedOfflineSink(options: BufferedOfflineSinkOptions): BufferedOfflineSink {
  const flushRows = options.flushRows ?? 50_000;
  const maxUnwritten = options.maxBufferedRows ?? 4 * flushRows;
  const progressDir = join(options.dir, '_progress', encodeURIComponent(options.group));
  const settings: WorkerSettings = { dir: options.dir, progressDir, flushEveryMs: options.flushEveryMs ?? 2000, flushRows, fsync: options.fsync ?? true };
  const worker = new Worker(new URL('./offline-worker.mjs', import.meta.url), { workerData: settings });
  // The job's exit must not wait for the writer's timer; close() flushes explicitly.
  worker.unref();
  let unwritten = 0;
  let nextFlush = 0;
  const flushed = new Map<number, () => void>();
  let waiting: (() => void)[] = [];
  let closed = false;

  worker.on('message', (message: FromWorker) => {
    if (message.type === 'written') {
      unwritten -= message.rows;
      const wake = waiting;
      waiting = [];
      wake.forEach((w) => w());
    } else if (message.type === 'flushed') {
      flushed.get(message.id)?.();
      flushed.delete(message.id);
    } else {
      options.logger.warn({ err: message.message, buffered: message.buffered }, 'offline store write failed; retrying at the next flush');
    }
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'offline store writer thread failed'));

  const post = (message: ToWorker) => worker.postMessage(message);

  function flush(): Promise<void> {
    const id = nextFlush++;
    return new Promise((resolve) => {
      flushed.set(id, resolve);
      post({ type: 'flush', id });
    });
  }

  async function append(kind: 'events' | 'catalog', processed: Processed, rows: readonly unknown[]): Promise<void> {
    if (closed) throw new Error('offline sink is closed');
    post({ type: 'append', kind, processed, json: JSON.stringify(rows), rows: rows.length });
    unwritten += rows.length;
    while (unwritten >= maxUnwritten && !closed) {
      await Promise.race([new Promise<void>((resolve) => waiting.push(resolve)), flush()]);
    }
  }

  return {
    appendEvents: (processed, rows) => append('events', processed, rows),
    appendCatalog: (processed, rows) => append('catalog', processed, rows),
    async progress(topic, partition) {
      try {
        const { offset } = JSON.parse(await readFile(join(progressDir, progressFileName(topic, partition)), 'utf8')) as { offset: number };
        return Number.isSafeInteger(offset) ? offset : -1;
      } catch {
        return -1;
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
      await worker.terminate();
    },
  };
}
