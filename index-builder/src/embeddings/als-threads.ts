// Implicit ALS over worker threads. A half-iteration's rows are independent
// (implicit-als.ts), so the rows are cut into one contiguous range per thread:
// this thread solves the first, each worker another, all writing into factor
// arrays in shared memory, and this thread blocks on an atomic counter until
// every range is done. The result is identical to a single-threaded run.
//
// The API stays synchronous (Atomics.wait), so trainEmbeddings keeps its
// signature. Workers load the TypeScript sources through tsx (als-worker.mjs).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { blockUntilCount } from './block-until.js';
import { solveRows, trainImplicitAls, type AlsFactors, type AlsOptions, type HalfStepRunner } from './implicit-als.js';
import type { InteractionMatrix, SparseRows } from './interaction-matrix.js';

/** Below this many stored pairs, starting workers costs more than it saves. */
export const MIN_PAIRS_FOR_THREADS = 200_000;
const READY_TIMEOUT_MS = 60_000;

export interface WorkerInit {
  readonly byUser: SparseRows;
  readonly byItem: SparseRows;
  readonly dim: number;
  readonly cgSteps: number;
  /** [0] workers ready, [1] ranges done, [2] failures. */
  readonly status: Int32Array;
}

export interface WorkerTask {
  readonly side: 'users' | 'items';
  readonly solved: Float64Array;
  readonly fixed: Float64Array;
  readonly g: Float64Array;
  readonly from: number;
  readonly to: number;
}

export class AlsThreadError extends Error {
  override readonly name = 'AlsThreadError';
}

/** Threads ALS should use for this matrix: 1 for small ones, else up to the machine's parallelism (at most 4). */
export function alsThreadCount(matrix: InteractionMatrix, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return matrix.pairs < MIN_PAIRS_FOR_THREADS ? 1 : Math.min(4, availableParallelism());
}

const shared = (length: number) => new Float64Array(new SharedArrayBuffer(length * 8));

/** trainImplicitAls with rows solved on `threads` threads (this one included); 1 thread runs it in place. */
export function trainImplicitAlsThreaded(matrix: InteractionMatrix, o: AlsOptions, threads: number): AlsFactors {
  if (threads <= 1) return trainImplicitAls(matrix, o);
  const status = new Int32Array(new SharedArrayBuffer(12));
  const init: WorkerInit = { byUser: matrix.byUser, byItem: matrix.byItem, dim: o.dim, cgSteps: o.cgSteps, status };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./als-worker.mjs', import.meta.url), { workerData: init }));
  try {
    const failed = () => new AlsThreadError('an ALS worker thread failed (its error is on stderr)');
    const started = blockUntilCount(status, { done: 0, failed: 2 }, workers.length, Date.now() + READY_TIMEOUT_MS);
    if (started === 'failed') throw failed();
    if (started === 'timeout') throw new AlsThreadError(`ALS worker threads did not start within ${READY_TIMEOUT_MS / 1000} s`);
    let done = 0;
    const run: HalfStepRunner = (side, rows, solved, fixed, g) => {
      const count = rows.start.length - 1;
      const cut = (t: number) => Math.round((count * t) / threads);
      workers.forEach((worker, w) => worker.postMessage({ side, solved, fixed, g, from: cut(w + 1), to: cut(w + 2) } satisfies WorkerTask));
      solveRows(rows, solved, fixed, g, o.dim, o.cgSteps, 0, cut(1));
      done += workers.length;
      if (blockUntilCount(status, { done: 1, failed: 2 }, done, Infinity) !== 'done') throw failed();
    };
    return trainImplicitAls(matrix, o, run, shared);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
