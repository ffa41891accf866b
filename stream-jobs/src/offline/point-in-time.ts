// Point-in-time replay: rebuilds feature state from the offline store and
// stops at each query time t to let the caller read features "as of t".
//
// Events are applied in event-time order (the store's state is order-
// independent, so the order only matters for *when* we stop): a query at t is
// visited once every event with event_time ≤ t has been applied and none with
// a later event time has. The state the query sees is therefore exactly that
// of a MemoryFeatureStore fed the events with event_time ≤ t — including the
// retention pruning, which later events would otherwise advance.
//
// Catalog as of t: the catalog versions (updated_at ?? publish_time) at or
// before t, each applied with putCatalogItem (the highest version wins, as
// online). The version, not the Kafka record time, because t is event time and
// record time is wall-clock time: live they agree, but a historical replay
// produces 1998's catalog in 2026, and record time would hide every item from
// every example. Events carry their own enrichment (what the job saw), so the
// catalog only decides an item's catalog facts (publish age, trending recency)
// and the item's creator for creator features.
import { addToBatch, catalogVersionOf, emptyBatch, keys, MemoryFeatureStore, planWrites, type EnrichedEvent, type StateWrite, type WriteBatch } from '@freshet/shared';
import { listHourPartitions } from './layout.js';
import { readCatalogHistory, readEventPartitions } from './reader.js';

export interface ReplayProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly events: number;
  readonly queriesDone: number;
  readonly queriesTotal: number;
}

export interface ReplayStats {
  /** Events read (with event_time ≤ the latest query time); those `only` ruled out were read, not applied. */
  readonly events: number;
  /** Copies of already-read records skipped (replayed batches). */
  readonly duplicates: number;
  readonly files: number;
  readonly catalogRecords: number;
  readonly queries: number;
}

export interface ReplayOptions {
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Events aggregated into one write batch at most (bounds memory between queries). */
  readonly maxBatchEvents?: number;
  /**
   * Only these users' and items' state is read by the visits: events that write
   * none of their keys, nor the keys of those items' creators (in any catalog
   * version), are skipped; so are the other writes of the events kept, and the
   * catalog records of other items. Every feature's state is one user's, one
   * item's or one creator's (shared/src/features/writes.ts), so the state the
   * visits read is the same as with every event applied — at a fraction of the
   * work when the queries touch few of the store's users and items.
   */
  readonly only?: { readonly users: ReadonlySet<string>; readonly items: ReadonlySet<string> };
}

export interface TimedQuery {
  readonly t: number;
}

/**
 * Calls `visit(query, index, store)` for every query, in t order (ties in
 * input order), with the store holding exactly the state as of query.t.
 * `visit` must only read the store, synchronously.
 */
export async function replayAsOf<Q extends TimedQuery>(
  offlineDir: string,
  queries: readonly Q[],
  visit: (query: Q, index: number, store: MemoryFeatureStore) => void,
  options: ReplayOptions = {},
): Promise<ReplayStats> {
  const order = queries.map((_, i) => i).sort((a, b) => queries[a]!.t - queries[b]!.t || a - b);
  const lastT = order.length > 0 ? queries[order.at(-1)!]!.t : -Infinity;
  const only = options.only;
  // With `only`, the catalog records of other items are never read by a visit: they are not applied
  // (a million-item catalog would otherwise be encoded into the store for a few thousand examples).
  const catalog =
    order.length > 0
      ? (await readCatalogHistory(offlineDir)).filter((r) => !only || only.items.has(r.item.item_id)).sort((a, b) => catalogVersionOf(a.item) - catalogVersionOf(b.item))
      : [];
  // Events after the last query time can never be applied: their hours are not even opened.
  const partitions = order.length > 0 ? await listHourPartitions(offlineDir, 'events', { to: lastT }) : [];
  const bytesTotal = partitions.reduce((sum, p) => sum + p.files.reduce((s, f) => s + f.bytes, 0), 0);

  const creators = new Set<string>();
  if (only) for (const { item } of catalog) if (only.items.has(item.item_id) && item.creator_id !== undefined) creators.add(item.creator_id);
  /** The event's writes that reach state a visit reads: all of them without `only`. */
  const relevantWrites = (e: EnrichedEvent): StateWrite[] => {
    if (!only) return planWrites(e);
    const { event } = e;
    const user = only.users.has(event.user_id);
    const item = event.item_id !== undefined && only.items.has(event.item_id);
    const creator = event.creator_id ?? e.item?.creatorId;
    const ofCreator = creator !== undefined && creators.has(creator);
    if (!user && !item && !ofCreator) return [];
    const writes = planWrites(e);
    if (user && item && ofCreator) return writes;
    // Every write is to the event's item key, its creator key or one of its user's keys.
    const itemKey = event.item_id === undefined ? undefined : keys.item(event.item_id);
    const creatorKey = creator === undefined ? undefined : keys.creator(creator);
    return writes.filter((w) => (w.key === itemKey ? item : w.key === creatorKey ? ofCreator : user));
  };

  const store = new MemoryFeatureStore();
  let batch: WriteBatch = emptyBatch();
  let batched = 0;
  let events = 0;
  let duplicates = 0;
  let files = 0;
  let bytesRead = 0;
  let catalogApplied = 0;
  let next = 0;
  const maxBatch = options.maxBatchEvents ?? 20_000;
  const report = () => options.onProgress?.({ bytesRead, bytesTotal, events, queriesDone: next, queriesTotal: order.length });

  const flush = () => {
    if (batched === 0) return;
    store.apply(batch);
    batch = emptyBatch();
    batched = 0;
  };
  const visitUpTo = (limit: number) => {
    // Every query with t < limit: all events at or before its t have been added to the batch.
    while (next < order.length && queries[order[next]!]!.t < limit) {
      const index = order[next]!;
      const query = queries[index]!;
      flush();
      while (catalogApplied < catalog.length && catalogVersionOf(catalog[catalogApplied]!.item) <= query.t) store.putCatalogItem(catalog[catalogApplied++]!.item);
      visit(query, index, store);
      next++;
    }
  };

  const onFile = (read: { rows: number; duplicates: number; file: { bytes: number } }) => {
    files++;
    duplicates += read.duplicates;
    bytesRead += read.file.bytes;
  };
  for await (const hour of readEventPartitions(partitions, { to: lastT }, onFile)) {
    for (const row of hour) {
      const e = row.enriched;
      visitUpTo(e.event.event_time);
      events++;
      const writes = relevantWrites(e);
      if (writes.length === 0) continue;
      addToBatch(batch, writes, e.event.item_id);
      if (++batched >= maxBatch) flush();
    }
    report();
  }
  visitUpTo(Infinity);
  report();
  return { events, duplicates, files, catalogRecords: catalogApplied, queries: order.length };
}
