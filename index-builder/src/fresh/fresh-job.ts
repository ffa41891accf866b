// The fresh-item job (R12): consumes `media.published`, embeds every item
// published after the region's active index with that index's content
// projection, and publishes the region's fresh-item delta (one KV key per
// embedding version) about once a second. The edge merges a search over the
// delta into retrieval, so a new item is retrievable within seconds of being
// published instead of at the next full build.
//
// Run one instance: it reads the whole catalog topic at start (no committed
// offsets; the recent catalog is rebuilt in memory) and owns the delta keys.
// Regions may run different index versions during a rollout; each region's
// delta follows its own active version, re-embedding the recent catalog when
// that version changes.
//
// Invalid catalog records (and tombstones, which the catalog does not use) go
// to the topic's dead-letter topic with their reason, through the feature
// job's helper, with a `dlq.consumer` header naming this job: the feature job
// dead-letters the same records from the same topic, and a DLQ reader must be
// able to tell the two letters apart. As every start re-reads the topic from
// the beginning, only records appended since this run started are
// dead-lettered; older ones were already sent by the run that first saw them
// (or, when no fresh job was running then, by the feature job), and are only
// counted.
import { decodeCatalogItem, formatFieldErrors, keys, toBase64, type CatalogItem, type TopicName } from '@freshet/shared';
import { DEFAULT_FRESH_LIMITS, FreshItems, encodeFreshDelta, type FreshLimits } from '@freshet/shared/fresh/index';
import type { IncomingRecord, KafkaClient, KafkaConsumer, KafkaProducer } from '@freshet/stream-jobs/adapters/kafka';
import { sendDeadLetters, type DeadLetter } from '@freshet/stream-jobs/features/dead-letters';
import type { Logger } from 'pino';
import type { ActiveIndex, FreshRegion } from './region.js';

export interface FreshJobOptions {
  readonly kafka: KafkaClient;
  readonly catalogTopic: string;
  readonly groupId: string;
  readonly regions: readonly FreshRegion[];
  readonly logger: Logger;
  readonly limits?: FreshLimits;
  /** How often dirty deltas are published. */
  readonly publishEveryMs?: number;
  /** How often each region's active index version is checked. */
  readonly pollActiveEveryMs?: number;
  readonly now?: () => number;
}

/** Header naming the job that wrote a dead letter (the feature job reads the same topic). */
export const DLQ_CONSUMER_HEADER = 'dlq.consumer';

export interface FreshJobStats {
  readonly records: number;
  /** Invalid records and tombstones read (dead-lettered or not). */
  readonly invalid: number;
  /** Of those, the ones this run sent to the dead-letter topic. */
  readonly deadLettered: number;
  readonly published: number;
  readonly regions: Readonly<Record<string, { version: string | null; items: number }>>;
}

interface RegionState {
  readonly region: FreshRegion;
  active: ActiveIndex | null;
  fresh: FreshItems | null;
  dirty: boolean;
}

export class FreshItemsJob {
  private readonly limits: FreshLimits;
  private readonly now: () => number;
  private readonly states: RegionState[];
  /** Items published within the age limit, latest record per item: re-embedded when a version changes. */
  private readonly recent = new Map<string, CatalogItem>();
  private consumer: KafkaConsumer | undefined;
  private producer: KafkaProducer | undefined;
  /** Records appended before this (Kafka timestamp) were dead-lettered by an earlier run. */
  private startedAt = 0;
  private timers: ReturnType<typeof setInterval>[] = [];
  private publishing: Promise<void> = Promise.resolve();
  private counts = { records: 0, invalid: 0, deadLettered: 0, published: 0 };

  constructor(private readonly o: FreshJobOptions) {
    this.limits = o.limits ?? DEFAULT_FRESH_LIMITS;
    this.now = o.now ?? Date.now;
    this.states = o.regions.map((region) => ({ region, active: null, fresh: null, dirty: false }));
  }

  async start(): Promise<void> {
    await Promise.all(this.states.map((s) => this.refreshActive(s)));
    this.startedAt = Date.now(); // compared with Kafka timestamps (wall clock), not the injectable `now`
    this.producer = this.o.kafka.producer();
    await this.producer.connect();
    this.consumer = this.o.kafka.consumer({ groupId: this.o.groupId });
    await this.consumer.connect();
    await this.consumer.subscribe([this.o.catalogTopic], { fromBeginning: true });
    // Never committed: every start reads the catalog from the beginning and rebuilds `recent`.
    await this.consumer.run(async (batch, ctx) => {
      const letters: DeadLetter[] = [];
      for (const record of batch.records) {
        const rejected = this.onRecord(record.value);
        if (rejected && record.timestamp >= this.startedAt) letters.push({ ...rejected, record: withConsumer(record, this.o.groupId) });
      }
      // Sent before the batch counts as read: a failed send fails the batch, which is delivered again.
      await sendDeadLetters(this.producer!, batch.topic as TopicName, letters);
      this.counts.deadLettered += letters.length;
      for (const record of batch.records) ctx.resolveOffset(record.offset);
    });
    this.timers.push(setInterval(() => void this.publish(), this.o.publishEveryMs ?? 1000));
    this.timers.push(setInterval(() => void Promise.all(this.states.map((s) => this.refreshActive(s))), this.o.pollActiveEveryMs ?? 5000));
    this.o.logger.info({ topic: this.o.catalogTopic, regions: this.states.map((s) => s.region.name) }, 'fresh-item job started');
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.consumer?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.publish();
  }

  stats(): FreshJobStats {
    const regions: Record<string, { version: string | null; items: number }> = {};
    for (const s of this.states) regions[s.region.name] = { version: s.active?.version ?? null, items: s.fresh?.size ?? 0 };
    return { ...this.counts, regions };
  }

  /** Publishes every region whose delta changed; overlapping calls run one after another. */
  publish(): Promise<void> {
    this.publishing = this.publishing.then(async () => {
      for (const s of this.states) {
        if (!s.dirty || !s.fresh || !s.active) continue;
        s.dirty = false;
        const bytes = encodeFreshDelta({ space: s.fresh.space, indexedUntil: s.fresh.indexedUntil, builtAt: this.now(), items: s.fresh.list() });
        try {
          await s.region.writeDelta(keys.freshItems(s.fresh.space.version), toBase64(bytes), this.limits.maxAgeMs);
          this.counts.published++;
        } catch (error) {
          s.dirty = true; // retried at the next tick
          this.o.logger.warn({ region: s.region.name, err: error }, 'fresh-item delta not published; retrying');
        }
      }
    });
    return this.publishing;
  }

  /** Applies one record; returns why it was rejected (a dead letter without its record), if it was. */
  private onRecord(value: Uint8Array | null): Omit<DeadLetter, 'record'> | undefined {
    this.counts.records++;
    if (value === null) {
      this.counts.invalid++;
      return { reason: TOMBSTONE_REASON };
    }
    const decoded = decodeCatalogItem(value);
    if (!decoded.ok) {
      this.counts.invalid++;
      return { reason: formatFieldErrors(decoded.error), fields: decoded.error };
    }
    const item = decoded.value;
    const now = this.now();
    if (now - item.publish_time <= this.limits.maxAgeMs) this.remember(item);
    else this.recent.delete(item.item_id);
    for (const s of this.states) this.applyTo(s, item, now);
    return undefined;
  }

  /**
   * Keeps the item for re-embedding after a version change. No delta ever holds more than the
   * newest `maxItems`, so older ones are forgotten (pruned in bulk, once a quarter over the limit).
   */
  private remember(item: CatalogItem): void {
    this.recent.delete(item.item_id);
    this.recent.set(item.item_id, item);
    if (this.recent.size <= this.limits.maxItems * 1.25) return;
    const newest = [...this.recent.values()].sort((a, b) => b.publish_time - a.publish_time).slice(0, this.limits.maxItems);
    this.recent.clear();
    for (const kept of newest) this.recent.set(kept.item_id, kept);
  }

  private applyTo(s: RegionState, item: CatalogItem, now: number): void {
    if (!s.fresh || !s.active) return;
    const active = s.active;
    try {
      const decision = s.fresh.apply(item, (i) => active.embed(i), now);
      if (decision !== 'indexed' && decision !== 'unchanged' && decision !== 'hidden') s.dirty = true;
    } catch (error) {
      this.o.logger.warn({ region: s.region.name, item: item.item_id, err: error }, 'item not embedded');
    }
  }

  private async refreshActive(s: RegionState): Promise<void> {
    let active: ActiveIndex | null;
    try {
      active = await s.region.activeIndex();
    } catch (error) {
      this.o.logger.warn({ region: s.region.name, err: error }, 'active index unreadable; keeping the current one');
      return;
    }
    if (active?.version === s.active?.version) return;
    s.active = active;
    s.fresh = active ? new FreshItems(active.space, active.indexedUntil, this.limits) : null;
    if (s.fresh) {
      const previous = await s.region.readDelta(keys.freshItems(active!.space.version)).catch((error: unknown) => {
        // Unreadable (KV down, corrupt value): rebuilt from the recent catalog below instead.
        this.o.logger.warn({ region: s.region.name, err: error }, 'published fresh-item delta unreadable; rebuilding it');
        return null;
      });
      if (previous) s.fresh.restore(previous);
      const now = this.now();
      for (const item of this.recent.values()) this.applyTo(s, item, now);
      s.dirty = true;
    }
    this.o.logger.info({ region: s.region.name, version: active?.version ?? null, items: s.fresh?.size ?? 0 }, 'fresh items follow the active index');
  }
}

/** The feature job's reason for the same record: deletions arrive as unlisted records. */
export const TOMBSTONE_REASON = 'catalog tombstones are not supported yet: publish the item with "unlisted": true to hide it';

const withConsumer = (record: IncomingRecord, consumer: string): IncomingRecord => ({ ...record, headers: { ...record.headers, [DLQ_CONSUMER_HEADER]: Buffer.from(consumer) } });
