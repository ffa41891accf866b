// An ALS worker thread (see als-threads.ts): solves the row ranges it is sent
// into the shared factor arrays and counts each finished range.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerTask } from './als-threads.js';
import { solveRows } from './implicit-als.js';

const init = workerData as WorkerInit;
const port = parentPort!;
port.on('message', (task: WorkerTask) => {
  try {
    solveRows(task.side === 'users' ? init.byUser : init.byItem, task.solved, task.fixed, task.g, init.dim, init.cgSteps, task.from, task.to);
    Atomics.add(init.status, 1, 1);
    Atomics.notify(init.status, 1);
  } catch (e) {
    process.stderr.write(`ALS worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    Atomics.add(init.status, 2, 1);
    Atomics.notify(init.status, 1);
  }
});
Atomics.add(init.status, 0, 1);
Atomics.notify(init.status, 0);
