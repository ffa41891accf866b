// Where offline files live: Hive-style hour partitions,
//   <dir>/<kind>/date=YYYY-MM-DD/hour=HH/part-<partition>-<firstOffset>-<lastOffset>-<uniq>.parquet
// (UTC), so DuckDB, Spark and pandas read the store as one partitioned table
// and readers skip hours outside a time range without opening their files.
// <uniq> starts with the write time (9 base-36 digits), so sorting file names
// within a partition sorts copies of a replayed batch by when they were written.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HOUR } from '@freshet/shared';
import { OfflineStoreError } from './errors.js';
import type { OfflineKind } from './schema.js';

export const hourStart = (timeMs: number): number => Math.floor(timeMs / HOUR) * HOUR;

/** "date=2026-01-05/hour=07" for any time within that UTC hour. */
export function hourPartitionPath(timeMs: number): string {
  const iso = new Date(hourStart(timeMs)).toISOString();
  return `date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}

const WRITE_TIME_DIGITS = 9;

export function partFileName(partition: number, firstOffset: string, lastOffset: string, writtenAt: number, random: string): string {
  return `part-${partition}-${firstOffset}-${lastOffset}-${writtenAt.toString(36).padStart(WRITE_TIME_DIGITS, '0')}${random}.parquet`;
}

/** The write time encoded in a part file's name; undefined for files named otherwise. */
export function writtenAtOf(fileName: string): number | undefined {
  const match = /^part-\d+-\d+-\d+-([0-9a-z]{9})[0-9a-z]*\.parquet$/.exec(fileName);
  return match ? parseInt(match[1]!, 36) : undefined;
}

/** Oldest write first; files named otherwise after them, by name. */
export function compareFilesByWriteTime(a: string, b: string): number {
  const ta = writtenAtOf(a) ?? Infinity;
  const tb = writtenAtOf(b) ?? Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface PartFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: number;
}

export interface HourPartition {
  /** Start of the UTC hour, epoch ms. */
  readonly start: number;
  readonly path: string;
  /** Oldest write first. */
  readonly files: readonly PartFile[];
}

/** Inclusive bounds on the partitioning time (event time for events, record time for catalog). */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

// Names starting with "." or "_" are hidden by the Hadoop convention DuckDB and Spark follow:
// our temp files start with "." and are skipped the same way.
const hidden = (name: string) => name.startsWith('.') || name.startsWith('_');

async function entries(path: string): Promise<{ name: string; isDirectory: boolean }[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })).filter((d) => !hidden(d.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new OfflineStoreError(path, `cannot list: ${(error as Error).message}`);
  }
}

/**
 * The hour partitions of one kind whose hour intersects the range, oldest
 * first, with their Parquet files. A missing <dir>/<kind> folder is an empty
 * store (nothing was written yet); a missing <dir> is an error.
 */
export async function listHourPartitions(dir: string, kind: OfflineKind, range: TimeRange = {}): Promise<HourPartition[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new OfflineStoreError(dir, 'is not a folder');
  } catch (error) {
    if (error instanceof OfflineStoreError) throw error;
    throw new OfflineStoreError(dir, 'offline store folder does not exist');
  }
  const root = join(dir, kind);
  const partitions: HourPartition[] = [];
  for (const dateEntry of await entries(root)) {
    const date = /^date=(\d{4}-\d{2}-\d{2})$/.exec(dateEntry.name)?.[1];
    const dayStart = date === undefined ? NaN : Date.parse(`${date}T00:00:00Z`);
    if (!dateEntry.isDirectory || Number.isNaN(dayStart) || new Date(dayStart).toISOString().slice(0, 10) !== date) {
      throw new OfflineStoreError(join(root, dateEntry.name), 'is not a date=YYYY-MM-DD partition folder');
    }
    for (const hourEntry of await entries(join(root, dateEntry.name))) {
      const hour = /^hour=(\d{2})$/.exec(hourEntry.name)?.[1];
      const path = join(root, dateEntry.name, hourEntry.name);
      if (!hourEntry.isDirectory || hour === undefined || Number(hour) > 23) throw new OfflineStoreError(path, 'is not an hour=HH partition folder (00–23)');
      const start = dayStart + Number(hour) * HOUR;
      if (range.from !== undefined && start + HOUR <= range.from) continue;
      if (range.to !== undefined && start > range.to) continue;
      const names = (await entries(path)).filter((f) => !f.isDirectory && f.name.endsWith('.parquet')).map((f) => f.name);
      const files = await Promise.all(names.sort(compareFilesByWriteTime).map(async (name) => ({ path: join(path, name), name, bytes: (await stat(join(path, name))).size })));
      partitions.push({ start, path, files });
    }
  }
  return partitions.sort((a, b) => a.start - b.start);
}
