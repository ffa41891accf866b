// From an enriched event to the state writes it causes (as data), and from a
// batch of writes to their aggregate. The feature job sends aggregates to
// Redis; the offline replay applies them to memory. Both start here.
import { fnv1aHex } from '../util/hash.js';
import { TTL_MS, keys } from '../keys.js';
import type { EnrichedEvent } from './enrich.js';
import { LOGGED_TYPES, encodeLogMember } from './state/event-log.js';
import { STATE_SPECS, counterField, type CounterSpec, type KeyGroup } from './state/specs.js';
import { bucketOf } from './time.js';

export type StateWrite =
  | {
      readonly kind: 'counter';
      readonly key: string;
      readonly field: string;
      readonly retention: number;
      readonly bucket: number;
      readonly amount: number;
      readonly ttlMs: number;
    }
  | {
      readonly kind: 'log';
      readonly key: string;
      readonly member: string;
      readonly score: number;
      readonly retentionMs: number;
      readonly cap: number;
      readonly ttlMs: number;
    };

function counterKey(spec: CounterSpec, e: EnrichedEvent): string | undefined {
  const group: KeyGroup = spec.keyGroup;
  switch (group) {
    case 'userShort':
      return keys.userShort(e.event.user_id);
    case 'userLong':
      return keys.userLong(e.event.user_id);
    case 'item':
      return e.event.item_id === undefined ? undefined : keys.item(e.event.item_id);
    case 'creator': {
      const creator = e.event.creator_id ?? e.item?.creatorId;
      return creator === undefined ? undefined : keys.creator(creator);
    }
  }
}

/** Every state write one event causes, in STATE_SPECS order. */
export function planWrites(e: EnrichedEvent): StateWrite[] {
  const writes: StateWrite[] = [];
  for (const spec of STATE_SPECS) {
    if (spec.kind === 'log') {
      if (!LOGGED_TYPES.has(e.event.type) || e.event.item_id === undefined) continue;
      writes.push({
        kind: 'log',
        key: keys.userLog(e.event.user_id),
        member: encodeLogMember({ type: e.event.type, itemId: e.event.item_id, eventHash: fnv1aHex(e.event.event_id) }),
        score: e.event.event_time,
        retentionMs: spec.retentionMs,
        cap: spec.cap,
        ttlMs: TTL_MS.userLog,
      });
      continue;
    }
    const pairs = spec.write(e);
    if (pairs.length === 0) continue;
    const key = counterKey(spec, e);
    if (key === undefined) continue;
    const bucket = bucketOf(e.event.event_time, spec.bucketMs);
    for (const [dim, amount] of pairs) {
      writes.push({ kind: 'counter', key, field: counterField(spec, dim), retention: spec.retention, bucket, amount, ttlMs: TTL_MS[spec.keyGroup] });
    }
  }
  return writes;
}

/** Writes grouped by key and field, increments summed per bucket: what one Redis call applies. */
export interface WriteBatch {
  readonly counters: Map<string, Map<string, { retention: number; increments: Map<number, number> }>>;
  readonly logs: Map<string, { retentionMs: number; cap: number; members: Map<string, number> }>;
  readonly ttls: Map<string, number>;
  /** Item ids whose counters changed (for the snapshot publisher). */
  readonly touchedItems: Set<string>;
}

export function emptyBatch(): WriteBatch {
  return { counters: new Map(), logs: new Map(), ttls: new Map(), touchedItems: new Set() };
}

export function addToBatch(batch: WriteBatch, writes: readonly StateWrite[], itemId: string | undefined): void {
  for (const w of writes) {
    batch.ttls.set(w.key, w.ttlMs);
    if (w.kind === 'log') {
      let log = batch.logs.get(w.key);
      if (!log) batch.logs.set(w.key, (log = { retentionMs: w.retentionMs, cap: w.cap, members: new Map() }));
      log.members.set(w.member, Math.max(w.score, log.members.get(w.member) ?? -Infinity));
      continue;
    }
    let fields = batch.counters.get(w.key);
    if (!fields) batch.counters.set(w.key, (fields = new Map()));
    let field = fields.get(w.field);
    if (!field) fields.set(w.field, (field = { retention: w.retention, increments: new Map() }));
    field.increments.set(w.bucket, (field.increments.get(w.bucket) ?? 0) + w.amount);
    if (itemId !== undefined && w.key === keys.item(itemId)) batch.touchedItems.add(itemId);
  }
}
