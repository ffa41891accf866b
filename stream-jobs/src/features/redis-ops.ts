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

/** A batch's operations, encoded once however many regions apply them. */
export interface EncodedOps {
  readonly json: string;
}

/** The operations of apply-batch.lua as one JSON array (see the script's header). */
export function encodeOps(batch: WriteBatch, catalog: readonly CatalogPut[]): EncodedOps {
  const ops: unknown[] = [];
  for (const [key, fields] of batch.counters) {
    const list: unknown[] = [];
    for (const [field, { retention, increments }] of fields) list.push(field, retention, ascending(increments));
    ops.push(['K', key, batch.ttls.get(key), list]);
  }
  for (const [key, { retentionMs, cap, members }] of batch.logs) {
    const entries: (number | string)[] = [];
    for (const [member, score] of members) entries.push(score, member);
    ops.push(['L', key, batch.ttls.get(key), retentionMs, cap, entries]);
  }
  for (const put of catalog) ops.push(['H', put.key, put.version, Object.entries(put.fields).flat()]);
  if (batch.touchedItems.size > 0) ops.push(['D', [...batch.touchedItems]]);
  return { json: JSON.stringify(ops) };
}

/** Arguments of apply-batch.lua: seven progress values, then the operations. */
export function scriptArgs(ops: EncodedOps, ttls: { dirtyMs: number; progressMs: number }, progress: PartitionProgress): string[] {
  return [
    progress.firstOffset,
    progress.lastOffset,
    String(progress.watermark),
    progress.horizon,
    String(progress.newestEventTime),
    String(ttls.dirtyMs),
    String(ttls.progressMs),
    ops.json,
  ];
}

/** Increments sorted by bucket, as the script's fast path expects. */
function ascending(increments: readonly number[]): readonly number[] {
  if (increments.length <= 2) return increments;
  const pairs: [number, number][] = [];
  for (let i = 0; i < increments.length; i += 2) pairs.push([increments[i]!, increments[i + 1]!]);
  return pairs.sort((a, b) => a[0] - b[0]).flat();
}
