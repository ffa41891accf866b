// The Kafka position columns (topic, partition, offset, record_time) that
// every offline file carries: how a record is identified and de-duplicated.
import { OfflineStoreError } from './errors.js';
import type { DecodedColumns } from './parquet-codec.js';
import type { KafkaPosition } from './schema.js';

const INT64_MAX = 2n ** 63n - 1n;

/** Canonical decimal (no sign, no leading zeros) within int64, so it reads back as the same string. */
export const isOffsetText = (text: string): boolean => /^(0|[1-9]\d{0,18})$/.test(text) && BigInt(text) <= INT64_MAX;

export function setPosition(set: (name: string, i: number, value: unknown) => void, i: number, row: KafkaPosition): void {
  if (!isOffsetText(row.offset)) throw new RangeError(`offset must be an int64 ≥ 0 as a canonical decimal string, got "${row.offset}"`);
  if (!Number.isInteger(row.partition) || row.partition < 0 || row.partition > 2 ** 31 - 1) throw new RangeError(`partition must be an int32 ≥ 0, got ${row.partition}`);
  if (!Number.isSafeInteger(row.recordTime)) throw new RangeError(`recordTime must be epoch milliseconds, got ${row.recordTime}`);
  set('topic', i, row.topic);
  set('partition', i, row.partition);
  set('offset', i, row.offset);
  set('record_time', i, row.recordTime);
}

/** Reads the Kafka position columns, checking what the row types promise. */
export function positionReader(columns: DecodedColumns, file: string): (row: number) => KafkaPosition {
  const topic = columns.string('topic');
  const partition = columns.number('partition');
  const offset = columns.int64Text('offset');
  const recordTime = columns.number('record_time');
  return (row) => {
    const position = { topic: topic(row), partition: partition(row), offset: offset(row), recordTime: recordTime(row) };
    if (!position.topic) throw new OfflineStoreError(file, `row ${row}: topic is empty`);
    if (position.partition === null || !Number.isInteger(position.partition) || position.partition < 0) {
      throw new OfflineStoreError(file, `row ${row}: partition must be an integer ≥ 0, got ${position.partition}`);
    }
    if (position.offset === null || position.offset.startsWith('-')) throw new OfflineStoreError(file, `row ${row}: offset must be ≥ 0, got ${position.offset}`);
    if (position.recordTime === null) throw new OfflineStoreError(file, `row ${row}: record_time is null`);
    return position as KafkaPosition;
  };
}

/** Identity of a record in the offline store: a replayed batch repeats it, readers keep one copy. */
export const positionKey = (p: KafkaPosition): string => `${p.topic}\u0000${p.partition}\u0000${p.offset}`;

function compareOffsets(a: string, b: string): number {
  // Canonical decimals: a shorter one is smaller; equal lengths compare as text.
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Partition, then offset, then topic: the tie-break after times. */
export function comparePositions(a: KafkaPosition, b: KafkaPosition): number {
  return a.partition - b.partition || compareOffsets(a.offset, b.offset) || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
}
