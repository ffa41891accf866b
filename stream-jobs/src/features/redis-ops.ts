// Encodes a write batch as arguments of apply-batch.lua (see its header for
// the format). Pure, so it can be tested without Redis.
import type { WriteBatch } from '@freshet/shared';

export interface CatalogPut {
  readonly key: string;
  readonly version: number;
  readonly fields: Readonly<Record<string, string>>;
}

export interface PartitionProgress {
  readonly firstOffset: string;
  readonly lastOffset: string;
  /** Newest event time seen in the partition (ms). */
  readonly watermark: number;
  /** First offset the dedupe state must be rebuilt from after a restart. */
  readonly horizon: string;
  /** Newest event time in this batch (ms): advances the region clock. */
  readonly newestEventTime: number;
}

export function encodeOps(batch: WriteBatch, catalog: readonly CatalogPut[], dirtyTtlMs: number, progress: PartitionProgress): string[] {
  const args: string[] = [
    progress.firstOffset,
    progress.lastOffset,
    String(progress.watermark),
    progress.horizon,
    String(progress.newestEventTime),
    String(dirtyTtlMs),
  ];
  for (const [key, fields] of batch.counters) {
    for (const [field, { retention, increments }] of fields) {
      args.push('C', key, field, String(retention), String(increments.size));
      for (const [bucket, amount] of increments) args.push(String(bucket), String(amount));
    }
  }
  for (const [key, { retentionMs, cap, members }] of batch.logs) {
    args.push('L', key, String(retentionMs), String(cap), String(members.size));
    for (const [member, score] of members) args.push(String(score), member);
  }
  for (const put of catalog) {
    const entries = Object.entries(put.fields);
    args.push('H', put.key, String(put.version), String(entries.length));
    for (const [field, value] of entries) args.push(field, value);
  }
  if (batch.touchedItems.size > 0) args.push('D', String(batch.touchedItems.size), ...batch.touchedItems);
  for (const [key, ttl] of batch.ttls) args.push('T', key, String(ttl));
  return args;
}
