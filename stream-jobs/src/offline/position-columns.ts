// The Kafka position columns (topic, partition, offset, record_time) that
// every offline file carries: how a record is identified and de-duplicated.
import { OfflineStoreError } from './errors.js';
import type { DecodedColumns } from './parquet-codec.js';
import type { KafkaPosition } from './schema.js';

const INT64_MAX = 2n ** 63n - 1n;

/** Canonical decimal (no sign, no leading zeros) within int64, so it reads back as the same string. */
export const isOffsetText = (text: string): boolean => /^(0|[1-9]\d{0,18})$/.test(text) && BigInt(text) <= INT64_MAX;

export function setPosition(set: (name: string, i: number, value: unknown) => void, i: number, row: KafkaPosition): void {
  if (!row.topic) throw new RangeError('topic must not be empty');
  if (!isOffsetText(row.offset)) throw new RangeError(`offset must be an int64 ≥ 0 as a canonical decimal string, got "${row.offset}"`);
  if (!Number.isInteger(row.partition) || row.partition < 0 || row.partition > 2 ** 31 - 1) throw new RangeError(`partition must be an int32 ≥ 0, got ${row.partition}`);
  if (!Number.isSafeInteger(row.recordTime)) throw new RangeError(`recordTime must be epoch milliseconds, got ${row.recordTime}`);
  set('topic', i, row.topic);
  set('partition', i, row.partition);
  set('offset', i, row.offset);
  set('record_time', i, row.recordTime);
}

export interface PositionColumns {
  readonly topic: readonly string[];
  readonly partition: readonly number[];
  readonly offset: readonly string[];
  readonly recordTime: readonly number[];
}

/** Reads the Kafka position columns, checking every row against what the row types promise. */
export function positionColumns(columns: DecodedColumns, file: string): PositionColumns {
  const topic = columns.string('topic');
  const partition = columns.number('partition');
  const offset = columns.int64Text('offset');
  const recordTime = columns.number('record_time');
  for (let row = 0; row < columns.rows; row++) {
    if (!topic[row]) throw new OfflineStoreError(file, `row ${row}: topic is empty`);
    const p = partition[row] ?? null;
    if (p === null || !Number.isInteger(p) || p < 0) throw new OfflineStoreError(file, `row ${row}: partition must be an integer ≥ 0, got ${p}`);
    const o = offset[row] ?? null;
    if (o === null || o.startsWith('-')) throw new OfflineStoreError(file, `row ${row}: offset must be ≥ 0, got ${o}`);
    if (recordTime[row] === null) throw new OfflineStoreError(file, `row ${row}: record_time is null`);
  }
  return { topic, partition, offset, recordTime } as PositionColumns;
}

function compareOffsets(a: string, b: string): number {
  // Canonical decimals: a shorter one is smaller; equal lengths compare as text.
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Partition, then offset, then topic: the tie-break after times. */
export function comparePositions(a: KafkaPosition, b: KafkaPosition): number {
  return a.partition - b.partition || compareOffsets(a.offset, b.offset) || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
}
