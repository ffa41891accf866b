// The feature job: consumes engagement events and catalog records, applies
// the shared feature definitions, and writes the result to every configured
// region exactly once.
//
// Exactly once, across crashes, rebalances and restarts: each region applies
// a batch atomically together with the partition's progress (apply-batch.lua),
// and refuses offsets it has already applied. Which events count (first copy
// of an event_id, within the allowed lateness) depends only on the
// partition's record order, so after a restart the job re-reads the partition
// from the stored horizon to rebuild that state and decides exactly as an
// uninterrupted run would. Kafka offsets are committed only after every region
// applied a batch; a region that fails stops commits until it is back.
import {
  DEFAULT_ADMISSION,
  TOPICS,
  addEventToBatch,
  catalogVersionOf,
  decodeCatalogHash,
  decodeCatalogItem,
  decodeEvent,
  emptyBatch,
  encodeCatalogHash,
  formatFieldErrors,
  keys,
  type AdmissionOptions,
  type CatalogItem,
  type EnrichedEvent,
  type TopicName,
  type WriteBatch,
} from '@freshet/shared';
import type { Logger } from 'pino';
import type { BatchContext, IncomingBatch, IncomingRecord, KafkaClient, KafkaConsumer, KafkaProducer } from '../adapters/kafka.js';
import type { Processed } from '../offline/buffered-sink.js';
import type { OfflineCatalogRow, OfflineEventRow } from '../offline/schema.js';
import { sendDeadLetters, type DeadLetter } from './dead-letters.js';
import { createEnricher, type Enricher } from './enricher.js';
import type { FeatureMetrics, RecordOutcome } from './metrics.js';
import { loadPartitionState, type PartitionState } from './partition-state.js';
import { encodeOps, type CatalogPut, type EncodedOps } from './redis-ops.js';
import type { RedisRegion } from './redis-region.js';

/**
 * Where applied records go for the offline store (stream-jobs/src/offline/buffered-sink.ts). It
 * keeps its own progress, like a region: a restart re-reads from the lowest of them.
 */
export interface OfflineSink {
  appendEvents(processed: Processed, rows: readonly OfflineEventRow[]): Promise<void>;
  appendCatalog(processed: Processed, rows: readonly OfflineCatalogRow[]): Promise<void>;
  /** Last offset of the partition durably in the store (−1: none). */
  progress(topic: string, partition: number): Promise<number>;
}

export interface FeatureJobOptions {
  readonly kafka: KafkaClient;
  readonly groupId: string;
  /** Every region the job writes to; the first one also serves catalog lookups. */
  readonly regions: readonly RedisRegion[];
  readonly metrics: FeatureMetrics;
  readonly logger: Logger;
  readonly topics?: { readonly events: TopicName; readonly catalog: TopicName };
  readonly admission?: AdmissionOptions;
  readonly offline?: OfflineSink;
  readonly partitionsConcurrently?: number;
  /** How long an event batch waits for the catalog to catch up before applying unknown items as unknown. */
  readonly catalogWaitMs?: number;
  /** Upper bound on one fetch per partition, in bytes: bounds batch size (and latency per batch). */
  readonly maxBatchBytes?: number;
  /** How long the group waits for a silent member before giving its partitions away. */
  readonly sessionTimeoutMs?: number;
  /** Fault injection for tests: SIGKILL this process after that many region applies. */
  readonly crashAfterRegionApplies?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applied = still ours to commit; abandoned = the batch went stale or the job is stopping. */
type RegionsOutcome = 'applied' | 'abandoned';

export class FeatureJob {
  private readonly o: FeatureJobOptions;
  private readonly topics: { readonly events: TopicName; readonly catalog: TopicName };
  private readonly admission: AdmissionOptions;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly enricher: Enricher;
  private readonly consumers = new Map<TopicName, KafkaConsumer>();
  private producer: KafkaProducer | undefined;
  private regionApplies = 0;
  private catalogEnds: { at: number; ends: Map<number, number> } | undefined;

  constructor(options: FeatureJobOptions) {
    if (options.regions.length === 0) throw new Error('the feature job needs at least one region');
    this.o = options;
    this.topics = options.topics ?? { events: TOPICS.engagementEvents, catalog: TOPICS.mediaPublished };
    this.admission = options.admission ?? DEFAULT_ADMISSION;
    this.enricher = createEnricher({
      redis: options.regions[0]!.client,
      catalogLag: () => this.catalogLag(),
      ...(options.catalogWaitMs === undefined ? {} : { waitMs: options.catalogWaitMs }),
      onUnknown: (n) => options.metrics.unknownItems.inc(n),
    });
  }

  async start(): Promise<void> {
    await Promise.all(this.o.regions.map((r) => r.connect()));
    this.producer = this.o.kafka.producer();
    await this.producer.connect();
    // The catalog has a consumer (and group) of its own: event batches waiting for an item's
    // catalog record must never hold the slots the catalog needs to make progress.
    for (const topic of [this.topics.catalog, this.topics.events]) {
      const consumer = this.o.kafka.consumer({
        groupId: this.groupFor(topic),
        ...(this.o.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.o.sessionTimeoutMs }),
        ...(this.o.maxBatchBytes === undefined ? {} : { maxBytesPerPartition: this.o.maxBatchBytes }),
      });
      this.consumers.set(topic, consumer);
      // After a rebalance or a consumer restart, its partitions are re-initialised from the regions.
      consumer.onRebalance(() => {
        for (const id of this.partitions.keys()) if (id.startsWith(`${topic}:`)) this.partitions.delete(id);
      });
      await consumer.connect();
      await consumer.subscribe([topic], { fromBeginning: true });
      await consumer.run((batch, ctx) => this.onBatch(batch, ctx), { partitionsConcurrently: this.o.partitionsConcurrently ?? 3 });
    }
    this.o.logger.info({ group: this.o.groupId, regions: this.o.regions.map((r) => r.name), topics: this.topics }, 'feature job started');
  }

  /** Finishes the batches in flight (applied and committed), then disconnects from Kafka. Regions stay open: their creator closes them. */
  async stop(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((c) => c.stop()));
    await Promise.all([...this.consumers.values()].map((c) => c.disconnect()));
    await this.producer?.disconnect();
    this.o.logger.info('feature job stopped');
  }

  private async onBatch(batch: IncomingBatch, ctx: BatchContext): Promise<void> {
    if (batch.records.length === 0) return;
    const topic = batch.topic as TopicName;
    const id = `${topic}:${batch.partition}`;
    let state = this.partitions.get(id);
    if (!state) {
      const offline = this.o.offline ? await this.o.offline.progress(topic, batch.partition) : undefined;
      state = await loadPartitionState(this.o.regions, this.groupFor(topic), topic, batch.partition, this.admission, offline);
      this.partitions.set(id, state);
    }
    if (!state.positioned) {
      // Start exactly at rebuildFrom: the first batch after assignment usually starts at the
      // committed offset instead. After the seek, a later start means retention already
      // deleted the records before it: nothing older can be read.
      const first = Number(batch.records[0]!.offset);
      if (first !== state.rebuildFrom && !(state.seeked && first > state.rebuildFrom)) {
        this.o.logger.info({ topic, partition: batch.partition, from: state.rebuildFrom, resumeAt: state.resumeAt }, 'positioning partition');
        this.consumers.get(topic)!.seek(topic, batch.partition, String(state.rebuildFrom));
        state.seeked = true;
        return;
      }
      if (first > state.rebuildFrom) this.o.logger.warn({ topic, partition: batch.partition, wanted: state.rebuildFrom, first }, 'records before the rebuild point are no longer retained');
      state.positioned = true;
    }
    const started = performance.now();
    const outcome = topic === this.topics.catalog ? await this.onCatalogBatch(batch, ctx, state) : await this.onEventBatch(batch, ctx, state);
    if (outcome === 'abandoned') {
      // Whoever processes the partition next starts from the regions' progress again.
      this.partitions.delete(id);
      return;
    }
    const last = batch.records.at(-1)!;
    ctx.resolveOffset(last.offset);
    await ctx.commit();
    this.o.metrics.lag.set({ topic, partition: batch.partition }, Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1));
    this.o.metrics.batchSeconds.observe({ topic }, (performance.now() - started) / 1000);
  }

  private count(topic: string, outcome: RecordOutcome, n = 1): void {
    if (n > 0) this.o.metrics.records.inc({ topic, outcome }, n);
  }

  private async onEventBatch(batch: IncomingBatch, ctx: BatchContext, state: PartitionState): Promise<RegionsOutcome> {
    const topic = batch.topic;
    const letters: DeadLetter[] = [];
    const accepted: { record: IncomingRecord; event: EnrichedEvent['event'] }[] = [];
    const tally = { duplicate: 0, late: 0, future: 0, rebuilt: 0 };
    for (const record of batch.records) {
      const offset = Number(record.offset);
      const replaying = offset < state.resumeAt;
      const decoded = record.value === null ? null : decodeEvent(record.value);
      if (!decoded || !decoded.ok) {
        if (!replaying) {
          const fields = decoded && !decoded.ok ? decoded.error : undefined;
          letters.push({ record, reason: fields ? formatFieldErrors(fields) : 'record has no value', ...(fields ? { fields } : {}) });
        }
        continue;
      }
      const decision = state.admission.admit(decoded.value, offset, record.timestamp);
      if (replaying) {
        tally.rebuilt++;
        continue;
      }
      if (decision === 'accepted') accepted.push({ record, event: decoded.value });
      else if (decision === 'future') {
        letters.push({ record, reason: `event_time ${new Date(decoded.value.event_time).toISOString()} is more than ${this.admission.maxFutureMs} ms after the record was produced` });
        tally.future++;
      } else tally[decision]++;
    }
    this.o.metrics.rebuilt.inc(tally.rebuilt);
    const last = batch.records.at(-1)!;
    if (Number(last.offset) < state.resumeAt) return 'applied'; // a rebuild-only batch: nothing to write

    const items = await this.enricher.resolve(accepted.flatMap((a) => (a.event.item_id === undefined ? [] : [a.event.item_id])));
    const enriched = accepted.map(({ record, event }) => ({
      record,
      enriched: { event, item: event.item_id === undefined ? null : (items.get(event.item_id) ?? null) },
    }));
    const build = (after: number): WriteBatch => {
      const writes = emptyBatch();
      for (const { record, enriched: e } of enriched) if (Number(record.offset) > after) addEventToBatch(writes, e);
      return writes;
    };
    const newestEventTime = enriched.reduce((max, e) => Math.max(max, e.enriched.event.event_time), -Infinity);
    const outcome = await this.applyToRegions(batch, ctx, state, build, () => [], newestEventTime);
    if (outcome === 'abandoned') return outcome;

    if (letters.length > 0) {
      await sendDeadLetters(this.producer!, topic as TopicName, letters);
      this.o.metrics.deadLetters.inc({ topic }, letters.length);
    }
    await this.o.offline?.appendEvents(
      { topic, partition: batch.partition, lastOffset: last.offset },
      enriched
        .filter(({ record }) => Number(record.offset) > state.offlineOffset)
        .map(({ record, enriched: e }) => ({ topic, partition: batch.partition, offset: record.offset, recordTime: record.timestamp, enriched: e })),
    );
    state.offlineOffset = Math.max(state.offlineOffset, Number(last.offset));
    const now = Date.now();
    for (const { record } of enriched) this.o.metrics.freshness.observe(Math.max(0, now - record.timestamp) / 1000);
    this.count(topic, 'applied', enriched.length);
    this.count(topic, 'invalid', letters.length - tally.future);
    this.count(topic, 'duplicate', tally.duplicate);
    this.count(topic, 'late', tally.late);
    this.count(topic, 'future', tally.future);
    this.o.metrics.lateDropped.inc(tally.late);
    if (tally.late > 0) this.o.logger.warn({ topic, partition: batch.partition, late: tally.late, watermark: state.admission.watermark }, 'dropped late events');
    return 'applied';
  }

  private async onCatalogBatch(batch: IncomingBatch, ctx: BatchContext, state: PartitionState): Promise<RegionsOutcome> {
    const topic = batch.topic;
    const letters: DeadLetter[] = [];
    const items: { record: IncomingRecord; item: CatalogItem }[] = [];
    for (const record of batch.records) {
      if (Number(record.offset) < state.resumeAt) continue;
      if (record.value === null) {
        letters.push({ record, reason: 'catalog tombstones are not supported yet: publish the item with "unlisted": true to hide it' });
        continue;
      }
      const decoded = decodeCatalogItem(record.value);
      if (decoded.ok) items.push({ record, item: decoded.value });
      else letters.push({ record, reason: formatFieldErrors(decoded.error), fields: decoded.error });
    }
    if (Number(batch.records.at(-1)!.offset) < state.resumeAt) return 'applied';
    const puts = (after: number): CatalogPut[] =>
      items
        .filter(({ record }) => Number(record.offset) > after)
        .map(({ item }) => ({ key: keys.catalogItem(item.item_id), version: catalogVersionOf(item), fields: encodeCatalogHash(item) }));
    const outcome = await this.applyToRegions(batch, ctx, state, () => emptyBatch(), puts, -Infinity);
    if (outcome === 'abandoned') return outcome;
    for (const { item } of items) this.enricher.remember(item.item_id, decodeCatalogHash(encodeCatalogHash(item))!);
    if (letters.length > 0) {
      await sendDeadLetters(this.producer!, topic as TopicName, letters);
      this.o.metrics.deadLetters.inc({ topic }, letters.length);
    }
    const lastRecord = batch.records.at(-1)!;
    await this.o.offline?.appendCatalog(
      { topic, partition: batch.partition, lastOffset: lastRecord.offset },
      items
        .filter(({ record }) => Number(record.offset) > state.offlineOffset)
        .map(({ record, item }) => ({ topic, partition: batch.partition, offset: record.offset, recordTime: record.timestamp, item })),
    );
    state.offlineOffset = Math.max(state.offlineOffset, Number(lastRecord.offset));
    this.count(topic, 'applied', items.length);
    this.count(topic, 'invalid', letters.length);
    return 'applied';
  }

  /**
   * Applies the batch in every region that has not applied it yet, retrying failed regions
   * with backoff (offsets stay uncommitted meanwhile) until they succeed or the batch is no
   * longer ours.
   */
  private async applyToRegions(
    batch: IncomingBatch,
    ctx: BatchContext,
    state: PartitionState,
    writes: (after: number) => WriteBatch,
    catalog: (after: number) => CatalogPut[],
    newestEventTime: number,
  ): Promise<RegionsOutcome> {
    const lastOffset = Number(batch.records.at(-1)!.offset);
    const horizon = state.admission.horizon(lastOffset + 1);
    // Regions usually share one starting point: build and encode each distinct batch once.
    const built = new Map<number, EncodedOps>();
    const opsFor = (after: number) => {
      let ops = built.get(after);
      if (!ops) built.set(after, (ops = encodeOps(writes(after), catalog(after))));
      return ops;
    };
    const pending = new Set(this.o.regions.filter((r) => state.regionOffsets.get(r.name)! < lastOffset));
    const applyOne = async (region: RedisRegion) => {
      const after = state.regionOffsets.get(region.name)!;
      const first = batch.records.find((r) => Number(r.offset) > after)!;
      const started = performance.now();
      try {
        const result = await region.apply(this.groupFor(batch.topic as TopicName), batch.topic, batch.partition, opsFor(after), {
          firstOffset: first.offset,
          lastOffset: String(lastOffset),
          watermark: state.admission.watermark,
          horizon: String(horizon),
          newestEventTime: Number.isFinite(newestEventTime) ? newestEventTime : 0,
        });
        this.o.metrics.regionApplySeconds.observe({ region: region.name }, (performance.now() - started) / 1000);
        // Skipped: another owner got further; take its progress and retry the rest.
        state.regionOffsets.set(region.name, result.applied ? lastOffset : Number(result.storedOffset));
        if (result.applied || Number(result.storedOffset) >= lastOffset) pending.delete(region);
        this.injectCrash();
      } catch (error) {
        this.o.metrics.regionRetries.inc({ region: region.name });
        this.o.logger.warn({ region: region.name, topic: batch.topic, partition: batch.partition, err: error }, 'region apply failed; retrying');
      }
    };
    let backoff = 100;
    while (pending.size > 0) {
      if (!ctx.isRunning() || ctx.isStale()) return 'abandoned';
      // Regions are written concurrently; with fault injection one after the other, so that a
      // crash lands exactly between two regions.
      if (this.o.crashAfterRegionApplies === undefined) await Promise.all([...pending].map(applyOne));
      else for (const region of [...pending]) await applyOne(region);
      if (pending.size > 0) {
        await ctx.heartbeat().catch(() => undefined);
        await sleep(backoff);
        backoff = Math.min(5000, backoff * 2);
        await Promise.all([...pending].map((r) => r.ready(backoff).catch(() => undefined)));
      }
    }
    return 'applied';
  }

  /** Consumer group (and progress namespace) of a topic's consumer. */
  private groupFor(topic: TopicName): string {
    return topic === this.topics.catalog ? `${this.o.groupId}.catalog` : this.o.groupId;
  }

  private injectCrash(): void {
    const limit = this.o.crashAfterRegionApplies;
    if (limit !== undefined && ++this.regionApplies >= limit) process.kill(process.pid, 'SIGKILL');
  }

  /** Catalog records produced but not yet applied in the primary region. */
  private async catalogLag(): Promise<number> {
    if (!this.catalogEnds || Date.now() - this.catalogEnds.at > 500) {
      const admin = this.o.kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(this.topics.catalog);
        this.catalogEnds = { at: Date.now(), ends: new Map(offsets.map((p) => [p.partition, Number(p.high) - 1])) };
      } finally {
        await admin.disconnect();
      }
    }
    let lag = 0;
    for (const [partition, last] of this.catalogEnds.ends) {
      const progress = await this.o.regions[0]!.readProgress(this.groupFor(this.topics.catalog), this.topics.catalog, partition);
      lag += Math.max(0, last - (progress ? Number(progress.offset) : -1));
    }
    return lag;
  }
}
