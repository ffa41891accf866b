// The offline store's writer thread: receives the feature job's rows (as JSON,
// far cheaper to pass than structured clones), buffers them, and every few
// seconds writes them as Parquet (see writer.ts) and then the per-partition
// progress records. Parquet encoding and fsync never block the job's thread.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeAtomically } from './atomic-file.js';
import { progressFileName, type FromWorker, type ToWorker, type WorkerSettings } from './offline-worker-protocol.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';
import { createOfflineWriter } from './writer.js';

const settings = workerData as WorkerSettings;
const port = parentPort!;
const writer = createOfflineWriter({ dir: settings.dir, fsync: settings.fsync });
let events: OfflineEventRow[] = [];
let catalog: OfflineCatalogRow[] = [];
let processed = new Map<string, { topic: string; partition: number; offset: number }>();
let flushing: Promise<void> = Promise.resolve();

const buffered = () => events.length + catalog.length;

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
  await mkdir(settings.progressDir, { recursive: true });
  for (const { topic, partition, offset } of takenProgress.values()) {
    await writeAtomically(join(settings.progressDir, progressFileName(topic, partition)), [Buffer.from(JSON.stringify({ offset, at: new Date().toISOString() }))], {
      fsync: settings.fsync,
    });
  }
  port.postMessage({ type: 'written', rows: takenEvents.length + takenCatalog.length } satisfies FromWorker);
}

function flush(): Promise<void> {
  flushing = flushing.then(writeBuffered).catch((error: unknown) => {
    port.postMessage({ type: 'error', message: (error as Error).message, buffered: buffered() } satisfies FromWorker);
  });
  return flushing;
}

setInterval(() => void flush(), settings.flushEveryMs);

port.on('message', (message: ToWorker) => {
  if (message.type === 'flush') {
    void flush().then(() => port.postMessage({ type: 'flushed', id: message.id } satisfies FromWorker));
    return;
  }
  const rows = JSON.parse(message.json) as unknown[];
  if (message.kind === 'events') events.push(...(rows as OfflineEventRow[]));
  else catalog.push(...(rows as OfflineCatalogRow[]));
  const key = `${message.processed.topic}\u0000${message.processed.partition}`;
  const offset = Number(message.processed.lastOffset);
  if ((processed.get(key)?.offset ?? -1) < offset) processed.set(key, { topic: message.processed.topic, partition: message.processed.partition, offset });
  if (buffered() >= settings.flushRows) void flush();
});
