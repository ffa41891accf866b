// Reading the offline store back: events in event-time order (optionally
// within a time range, skipping hour folders outside it) and the catalog
// (its history in record-time order, or the latest version per item).
//
// Every file is validated: kind, format, column types, each event or item
// against the shared schemas, and each row's time against its hour folder.
// Anything wrong is an OfflineStoreError naming the file and row.
//
// De-duplication: a replayed batch repeats (topic, partition, offset) in a
// second file; the copy from the earliest-written file wins (see writer.ts).
import { readFile } from 'node:fs/promises';
import { catalogVersionOf } from '@freshet/shared';
import { catalogRowsOf } from './catalog-columns.js';
import { OfflineStoreError } from './errors.js';
import { eventRowsOf } from './event-columns.js';
import { hourPartitionPath, hourStart, listHourPartitions, type HourPartition, type PartFile, type TimeRange } from './layout.js';
import { decodeParquet } from './parquet-codec.js';
import { comparePositions } from './position-columns.js';
import { CATALOG_COLUMNS, EVENT_COLUMNS, type KafkaPosition, type OfflineCatalogRow, type OfflineEventRow } from './schema.js';

export interface FileRead {
  readonly file: PartFile;
  readonly rows: number;
  readonly duplicates: number;
}

async function bytesOf(file: PartFile): Promise<Uint8Array> {
  try {
    return await readFile(file.path);
  } catch (error) {
    throw new OfflineStoreError(file.path, `cannot read: ${(error as Error).message}`);
  }
}

/** Rows of one hour folder, de-duplicated (earliest-written copy first), unsorted. */
async function readHour<R extends KafkaPosition>(
  partition: HourPartition,
  decode: (bytes: Uint8Array, file: string) => R[],
  timeOf: (row: R) => number,
  onFile?: (read: FileRead) => void,
): Promise<R[]> {
  // Offsets seen per (topic, partition): the offset strings already exist, so no key is built per row.
  const seen = new Map<string, Set<string>>();
  let last: { topic: string; partition: number; offsets: Set<string> } | undefined;
  const offsetsOf = (row: R): Set<string> => {
    // A file holds one (topic, partition) in practice: look it up once, not per row.
    if (last?.topic === row.topic && last.partition === row.partition) return last.offsets;
    const stream = `${row.topic}\u0000${row.partition}`;
    let offsets = seen.get(stream);
    if (!offsets) seen.set(stream, (offsets = new Set()));
    last = { topic: row.topic, partition: row.partition, offsets };
    return offsets;
  };
  const out: R[] = [];
  for (const file of partition.files) {
    const rows = decode(await bytesOf(file), file.path);
    let duplicates = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (hourStart(timeOf(row)) !== partition.start) {
        throw new OfflineStoreError(file.path, `row ${i}: its time ${new Date(timeOf(row)).toISOString()} belongs in ${hourPartitionPath(timeOf(row))}, not in this folder`);
      }
      const offsets = offsetsOf(row);
      if (offsets.has(row.offset)) {
        duplicates++;
        continue;
      }
      offsets.add(row.offset);
      out.push(row);
    }
    onFile?.({ file, rows: rows.length, duplicates });
  }
  return out;
}

const decodeEvents = (bytes: Uint8Array, file: string) => eventRowsOf(decodeParquet(bytes, EVENT_COLUMNS, 'events', file), file);
const decodeCatalog = (bytes: Uint8Array, file: string) => catalogRowsOf(decodeParquet(bytes, CATALOG_COLUMNS, 'catalog', file), file);
const eventTime = (row: OfflineEventRow) => row.enriched.event.event_time;

/** Event time, then partition, then offset (then topic). */
export function compareEventRows(a: OfflineEventRow, b: OfflineEventRow): number {
  return eventTime(a) - eventTime(b) || comparePositions(a, b);
}

/**
 * The events of the given hour partitions (from listHourPartitions), one
 * hour's rows at a time, oldest hour first: de-duplicated, within the range
 * (inclusive), sorted by event time, partition, offset. Memory holds one hour.
 */
export async function* readEventPartitions(
  partitions: readonly HourPartition[],
  range: TimeRange = {},
  onFile?: (read: FileRead) => void,
): AsyncGenerator<OfflineEventRow[]> {
  for (const partition of partitions) {
    const rows = (await readHour(partition, decodeEvents, eventTime, onFile)).filter(
      (r) => (range.from === undefined || eventTime(r) >= range.from) && (range.to === undefined || eventTime(r) <= range.to),
    );
    if (rows.length > 0) yield rows.sort(compareEventRows);
  }
}

/** Every event with from ≤ event_time ≤ to, de-duplicated and in event-time order. */
export async function readOfflineEvents(dir: string, range: TimeRange = {}): Promise<OfflineEventRow[]> {
  const out: OfflineEventRow[] = [];
  for await (const hour of readEventPartitions(await listHourPartitions(dir, 'events', range), range)) {
    for (const row of hour) out.push(row);
  }
  return out;
}

/** Every catalog record, de-duplicated, by record time, then partition, then offset. */
export async function readCatalogHistory(dir: string, onFile?: (read: FileRead) => void): Promise<OfflineCatalogRow[]> {
  const out: OfflineCatalogRow[] = [];
  for (const partition of await listHourPartitions(dir, 'catalog')) {
    for (const row of await readHour(partition, decodeCatalog, (r) => r.recordTime, onFile)) out.push(row);
  }
  return out.sort((a, b) => a.recordTime - b.recordTime || comparePositions(a, b));
}

/**
 * The latest version of each item (by updated_at, else publish_time — the
 * version the online store keeps), ties going to the later (partition,
 * offset); sorted by item_id.
 */
export async function readOfflineCatalog(dir: string): Promise<OfflineCatalogRow[]> {
  const latest = new Map<string, OfflineCatalogRow>();
  for (const row of await readCatalogHistory(dir)) {
    const current = latest.get(row.item.item_id);
    const order = current === undefined ? 1 : catalogVersionOf(row.item) - catalogVersionOf(current.item) || comparePositions(row, current);
    if (order > 0) latest.set(row.item.item_id, row);
  }
  return [...latest.values()].sort((a, b) => (a.item.item_id < b.item.item_id ? -1 : a.item.item_id > b.item.item_id ? 1 : 0));
}
