// The offline store writer: what the feature job calls after each batch it
// applied, so training sets and parity checks can replay exactly the events
// (and enrichment) the online store saw.
//
// Layout: Parquet files partitioned by UTC hour — events by event time, the
// catalog by record (produce) time — see layout.ts. One call writes one file
// per (hour, topic, partition) among its rows; a batch spanning three hours
// writes three files. Nothing is buffered between calls: when the promise
// resolves the rows are durable (fsynced), so the job may commit its offsets.
//
// Atomicity: each file is written to a hidden temp file in its final folder,
// fsynced, then renamed; readers (ours, DuckDB's globs) never see half a file.
//
// Duplicates: the job may replay a batch after a crash (between this write and
// its offset commit), so one (topic, partition, offset) can sit in two files.
// Readers de-duplicate by (topic, partition, offset) and keep the copy from the
// earliest-written file (its name starts with the write time), as the online
// store keeps the first application of an offset (apply-batch.lua skips replays).
// A record's copies always land in the same hour folder: they share the
// partitioning time, so de-duplication never has to look across hours.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncFolder, writeAtomically } from './atomic-file.js';
import { catalogColumns } from './catalog-columns.js';
import { eventColumns } from './event-columns.js';
import { hourPartitionPath, partFileName } from './layout.js';
import { encodeParquet, type ColumnValues } from './parquet-codec.js';
import { comparePositions } from './position-columns.js';
import { CATALOG_COLUMNS, EVENT_COLUMNS, type ColumnSpec, type KafkaPosition, type OfflineCatalogRow, type OfflineEventRow, type OfflineKind } from './schema.js';

export interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/** What the feature job calls (it is the job's OfflineSink). */
export interface OfflineWriter {
  /** Writes the rows (any hours, any partitions) as new files; resolves once they are durable. */
  appendEvents(rows: readonly OfflineEventRow[]): Promise<void>;
  appendCatalog(rows: readonly OfflineCatalogRow[]): Promise<void>;
}

export interface OfflineWriterOptions {
  readonly dir: string;
  /** Clock for the write time in file names (tests). */
  readonly now?: () => number;
  /** fsync files and folders before resolving (default true); off only where durability does not matter. */
  readonly fsync?: boolean;
  /** Called for each file once it is in place (metrics, logs, tests). */
  readonly onFile?: (file: WrittenFile) => void;
}

interface KindCodec<R extends KafkaPosition> {
  readonly kind: OfflineKind;
  readonly specs: readonly ColumnSpec[];
  readonly columns: (rows: readonly R[]) => ColumnValues;
  /** The time that picks the hour partition. */
  readonly partitionTime: (row: R) => number;
}

const EVENTS: KindCodec<OfflineEventRow> = {
  kind: 'events', specs: EVENT_COLUMNS, columns: eventColumns, partitionTime: (r) => r.enriched.event.event_time,
};
const CATALOG: KindCodec<OfflineCatalogRow> = {
  kind: 'catalog', specs: CATALOG_COLUMNS, columns: catalogColumns, partitionTime: (r) => r.recordTime,
};

export function createOfflineWriter(options: OfflineWriterOptions): OfflineWriter {
  const now = options.now ?? Date.now;
  const fsync = options.fsync ?? true;
  // Strictly increasing within this writer, so two calls in one millisecond still sort in write order.
  let lastWrittenAt = 0;

  /** Creates the folder; returns the folders whose entries changed (to fsync): the new ones' parents. */
  async function makeFolder(folder: string): Promise<string[]> {
    const firstCreated = await mkdir(folder, { recursive: true });
    if (firstCreated === undefined) return [];
    const changed: string[] = [];
    for (let f = folder; f !== dirname(firstCreated); f = dirname(f)) changed.push(dirname(f));
    return changed;
  }

  async function append<R extends KafkaPosition>(codec: KindCodec<R>, rows: readonly R[]): Promise<void> {
    const groups = new Map<string, { hour: string; partition: number; rows: R[] }>();
    for (const row of rows) {
      const hour = hourPartitionPath(codec.partitionTime(row));
      const key = `${hour}\u0000${row.topic}\u0000${row.partition}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { hour, partition: row.partition, rows: [] }));
      group.rows.push(row);
    }
    const written: WrittenFile[] = [];
    const folders = new Set<string>();
    for (const group of groups.values()) {
      const sorted = [...group.rows].sort(comparePositions);
      const bytes = encodeParquet(codec.specs, codec.columns(sorted), sorted.length, { kind: codec.kind });
      lastWrittenAt = Math.max(now(), lastWrittenAt + 1);
      const name = partFileName(group.partition, sorted[0]!.offset, sorted.at(-1)!.offset, lastWrittenAt, randomBytes(3).toString('hex'));
      const folder = join(options.dir, codec.kind, group.hour);
      for (const changed of await makeFolder(folder)) folders.add(changed);
      const path = join(folder, name);
      await writeAtomically(path, [bytes], { fsync });
      written.push({ path, rows: sorted.length, bytes: bytes.byteLength });
      folders.add(folder);
    }
    // Renames (and new folders) are durable only once the folders holding them are synced.
    if (fsync) for (const folder of folders) await fsyncFolder(folder);
    for (const file of written) options.onFile?.(file);
  }

  return {
    appendEvents: (rows) => append(EVENTS, rows),
    appendCatalog: (rows) => append(CATALOG, rows),
  };
}
