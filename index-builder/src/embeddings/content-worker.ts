// A content-embedding worker thread (see content-threads.ts): embeds the items
// it was started with into the shared result array, then counts its range done.
import { workerData } from 'node:worker_threads';
import { embedRange, type ContentTask } from './content-threads.js';

const task = workerData as ContentTask;
try {
  embedRange(task.projection, task.items, task.out, task.offset);
  Atomics.add(task.status, 0, 1);
} catch (e) {
  process.stderr.write(`content worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  Atomics.add(task.status, 1, 1);
}
Atomics.notify(task.status, 0);
