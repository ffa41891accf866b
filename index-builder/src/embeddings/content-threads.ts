// Content embeddings of many items over worker threads. Embedding an item is
// pure and independent of every other (shared/src/embeddings), so the items
// are cut into one contiguous range per thread: this thread embeds the first,
// each worker another, writing into one shared result array, and this thread
// blocks on an atomic counter until every range is done (the API stays
// synchronous, like trainEmbeddings). Same vectors as a single-threaded loop.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { embedContent, type ContentProjection } from '@freshet/shared/embeddings/content-projection';
import type { CatalogItem } from '@freshet/shared';
import { blockUntilCount } from './block-until.js';

/** Below this many items, starting workers costs more than it saves. */
export const MIN_ITEMS_FOR_THREADS = 50_000;

export interface ContentTask {
  readonly projection: ContentProjection;
  readonly items: readonly CatalogItem[];
  /** Vectors of `items`, written from `offset` (in items). */
  readonly out: Float32Array;
  readonly offset: number;
  /** [0] ranges done, [1] failures. */
  readonly status: Int32Array;
}

export class ContentThreadError extends Error {
  override readonly name = 'ContentThreadError';
}

export function contentThreadCount(items: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return items < MIN_ITEMS_FOR_THREADS ? 1 : Math.min(4, availableParallelism());
}

/** Writes the content embeddings of items[from, to) into out (row i − from + offset). */
export function embedRange(projection: ContentProjection, items: readonly CatalogItem[], out: Float32Array, offset: number): void {
  const dim = projection.dim;
  for (let i = 0; i < items.length; i++) out.set(embedContent(projection, items[i]!), (offset + i) * dim);
}

/** `items.length × projection.dim` content embeddings, in item order, computed on `threads` threads. */
export function embedContentBatch(projection: ContentProjection, items: readonly CatalogItem[], threads: number): Float32Array {
  const dim = projection.dim;
  if (threads <= 1 || items.length < 2) {
    const out = new Float32Array(items.length * dim);
    embedRange(projection, items, out, 0);
    return out;
  }
  const out = new Float32Array(new SharedArrayBuffer(items.length * dim * 4));
  const status = new Int32Array(new SharedArrayBuffer(8));
  const cut = (t: number) => Math.round((items.length * t) / threads);
  const workers = Array.from({ length: threads - 1 }, (_, w) => {
    const task: ContentTask = { projection, items: items.slice(cut(w + 1), cut(w + 2)), out, offset: cut(w + 1), status };
    return new Worker(new URL('./content-worker.mjs', import.meta.url), { workerData: task });
  });
  try {
    const started = Date.now();
    embedRange(projection, items.slice(0, cut(1)), out, 0);
    // A worker that cannot even start (its events cannot be heard while this thread blocks) is
    // given up on well after its share should have been done.
    const deadline = Date.now() + Math.max(60_000, 10 * (Date.now() - started));
    const outcome = blockUntilCount(status, { done: 0, failed: 1 }, workers.length, deadline);
    if (outcome === 'failed') throw new ContentThreadError('a content-embedding worker thread failed (its error is on stderr)');
    if (outcome === 'timeout') throw new ContentThreadError(`content-embedding worker threads did not finish (${Atomics.load(status, 0)} of ${workers.length} ranges done)`);
    return out;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
