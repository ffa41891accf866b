// From an enriched event to the state writes it causes (as data), and from a
// batch of writes to their aggregate. The feature job sends aggregates to
// Redis; the offline replay applies them to memory. Both start here.
import { TTL_MS, keys } from '../keys.js';
import type { EnrichedEvent } from './enrich.js';
import { STATE_SPECS, counterField, type KeyGroup } from './state/specs.js';
import { bucketOf, epochOf } from './time.js';

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

/** The keys of one event's entities, computed once per event and only when needed. */
class EventKeys {
  private cache: Partial<Record<KeyGroup, string | null>> = {};
  constructor(private readonly e: EnrichedEvent) {}

  of(group: KeyGroup): string | undefined {
    let key = this.cache[group];
    if (key === undefined) {
      const e = this.e;
      switch (group) {
        case 'userShort':
          key = keys.userShort(e.event.user_id);
          break;
        case 'userLong':
          key = keys.userLong(e.event.user_id, epochOf(e.event.event_time));
          break;
        case 'item':
          key = e.event.item_id === undefined ? null : keys.item(e.event.item_id);
          break;
        case 'creator': {
          const creator = e.event.creator_id ?? e.item?.creatorId;
          key = creator === undefined ? null : keys.creator(creator);
          break;
        }
      }
      this.cache[group] = key;
    }
    return key ?? undefined;
  }
}

/** Receives the writes of one event, one call per write (no intermediate objects on the hot path). */
export interface WriteVisitor {
  counter(key: string, field: string, retention: number, bucket: number, amount: number, ttlMs: number): void;
  log(key: string, member: string, score: number, retentionMs: number, cap: number, ttlMs: number): void;
}

/** The one derivation of what an event writes, in STATE_SPECS order. */
export function visitWrites(e: EnrichedEvent, visitor: WriteVisitor): void {
  const eventKeys = new EventKeys(e);
  for (const spec of STATE_SPECS) {
    if (spec.kind === 'log') {
      const member = spec.member(e);
      if (member !== undefined) visitor.log(spec.key(e.event.user_id), member, e.event.event_time, spec.retentionMs, spec.cap, spec.ttlMs);
      continue;
    }
    spec.write(e, (dim, amount) => {
      const key = eventKeys.of(spec.keyGroup);
      if (key === undefined) return;
      visitor.counter(key, counterField(spec, dim), spec.retention, bucketOf(e.event.event_time, spec.bucketMs), amount, TTL_MS[spec.keyGroup]);
    });
  }
}

/** Every state write one event causes, as data (for inspection, docs and tests). */
export function planWrites(e: EnrichedEvent): StateWrite[] {
  const writes: StateWrite[] = [];
  visitWrites(e, {
    counter: (key, field, retention, bucket, amount, ttlMs) => writes.push({ kind: 'counter', key, field, retention, bucket, amount, ttlMs }),
    log: (key, member, score, retentionMs, cap, ttlMs) => writes.push({ kind: 'log', key, member, score, retentionMs, cap, ttlMs }),
  });
  return writes;
}

/** The increments of one counter field: bucket, amount, bucket, amount, ... (buckets distinct). */
export type Increments = number[];

/** Writes grouped by key and field, increments summed per bucket: what one Redis call applies. */
export interface WriteBatch {
  readonly counters: Map<string, Map<string, { retention: number; increments: Increments }>>;
  readonly logs: Map<string, { retentionMs: number; cap: number; members: Map<string, number> }>;
  readonly ttls: Map<string, number>;
  /** Item ids whose counters changed (for the snapshot publisher). */
  readonly touchedItems: Set<string>;
}

export function emptyBatch(): WriteBatch {
  return { counters: new Map(), logs: new Map(), ttls: new Map(), touchedItems: new Set() };
}

// A field sees one or two buckets per batch: a flat array beats a Map (and its garbage).
function addIncrement(increments: Increments, bucket: number, amount: number): void {
  for (let i = 0; i < increments.length; i += 2) {
    if (increments[i] === bucket) {
      increments[i + 1]! += amount;
      return;
    }
  }
  increments.push(bucket, amount);
}

function batchVisitor(batch: WriteBatch, itemKey: string | undefined, itemId: string | undefined): WriteVisitor {
  return {
    counter(key, field, retention, bucket, amount, ttlMs) {
      batch.ttls.set(key, ttlMs);
      let fields = batch.counters.get(key);
      if (!fields) batch.counters.set(key, (fields = new Map()));
      let entry = fields.get(field);
      if (!entry) fields.set(field, (entry = { retention, increments: [bucket, amount] }));
      else addIncrement(entry.increments, bucket, amount);
      if (key === itemKey) batch.touchedItems.add(itemId!);
    },
    log(key, member, score, retentionMs, cap, ttlMs) {
      batch.ttls.set(key, ttlMs);
      let log = batch.logs.get(key);
      if (!log) batch.logs.set(key, (log = { retentionMs, cap, members: new Map() }));
      log.members.set(member, Math.max(score, log.members.get(member) ?? -Infinity));
    },
  };
}

/** Adds everything one event writes to a batch. */
export function addEventToBatch(batch: WriteBatch, e: EnrichedEvent): void {
  const itemId = e.event.item_id;
  visitWrites(e, batchVisitor(batch, itemId === undefined ? undefined : keys.item(itemId), itemId));
}

/** Adds already planned writes to a batch (same result as addEventToBatch for the event they came from). */
export function addToBatch(batch: WriteBatch, writes: readonly StateWrite[], itemId: string | undefined): void {
  const visitor = batchVisitor(batch, itemId === undefined ? undefined : keys.item(itemId), itemId);
  for (const w of writes) {
    if (w.kind === 'log') visitor.log(w.key, w.member, w.score, w.retentionMs, w.cap, w.ttlMs);
    else visitor.counter(w.key, w.field, w.retention, w.bucket, w.amount, w.ttlMs);
  }
}
