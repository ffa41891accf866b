// The replay loop: validates every record, sends valid ones to Kafka in
// batches (catalog first, then events), paces to a target rate if asked, and
// tallies what it rejected and why. Bad records never stop it; a broker that
// stays unreachable does (there is nothing useful left to do).
import {
  TOPICS,
  decodeEvent,
  encodeCatalogItem,
  encodeEvent,
  formatFieldErrors,
  validateCatalogItem,
  validateEvent,
  type Decoded,
  type EngagementEvent,
} from '@freshet/shared';
import type { OutgoingRecord } from '../adapters/kafka.js';
import { createBatcher } from './batcher.js';
import { createPacer, systemClock, type Clock } from './pacer.js';
import { createRejectionTally, type RejectionGroup } from './rejections.js';
import type { ReplaySource, SourceRecord } from './sources.js';

/** Where records go: Kafka in production, an array in tests. */
export interface ReplaySink {
  send(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
}

export type ReplayPhase = 'catalog' | 'events';

export interface ReplayProgress {
  readonly phase: ReplayPhase;
  readonly done: number;
  readonly total: number | undefined;
  readonly produced: number;
  readonly rejected: number;
}

export interface ReplayOptions {
  /** Target events per second; undefined = as fast as possible. */
  readonly rate?: number;
  /** Stop after this many event records (catalog not counted). */
  readonly limit?: number;
  readonly batchSize: number;
  /**
   * A batch is also cut at this many value bytes. A send may land entirely in one partition
   * (one user's burst of events), and Kafka refuses record batches over message.max.bytes
   * (1 MiB by default). Default 512 KiB.
   */
  readonly maxBatchBytes?: number;
  /** Publish the catalog to media.published before the events. */
  readonly catalog: boolean;
  /** Send records that fail validation anyway (to exercise consumers' dead-letter handling). */
  readonly sendInvalid: boolean;
  /** Sends allowed in flight at once; kafkajs queues them in order. */
  readonly maxInFlight?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Checked between batches; when it returns true the replay stops early (e.g. on Ctrl-C). */
  readonly shouldStop?: () => boolean;
  readonly clock?: Clock;
  /** Header value naming where the records came from. */
  readonly sourceTag?: string;
  /** Topic names; the platform's by default (tests use their own). */
  readonly topics?: { readonly events: string; readonly catalog: string };
}

export interface PhaseSummary {
  readonly read: number;
  readonly produced: number;
  readonly rejected: number;
  /** Invalid records that were sent anyway (--send-invalid). */
  readonly sentInvalid: number;
}

export interface ReplaySummary {
  readonly source: string;
  readonly catalog: PhaseSummary;
  readonly events: PhaseSummary;
  readonly rejections: readonly RejectionGroup[];
  readonly elapsedMs: number;
  /** Event records produced per second of the events phase. */
  readonly eventsPerSecond: number;
  readonly stoppedEarly: boolean;
}

const HEADERS = (schema: string, source: string) => ({ schema, source, 'content-type': 'application/json' });

function check(record: SourceRecord): { decoded: Decoded<EngagementEvent>; key: string; origin: string; raw?: string } {
  if (record.kind === 'raw') return { decoded: decodeEvent(record.raw), key: record.key, origin: record.origin, raw: record.raw };
  const e = record.event;
  return { decoded: validateEvent(e), key: e.user_id, origin: `event ${e.event_id}` };
}

export async function runReplay(source: ReplaySource, sink: ReplaySink, options: ReplayOptions): Promise<ReplaySummary> {
  const clock = options.clock ?? systemClock;
  const maxInFlight = options.maxInFlight ?? 4;
  const maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
  const topics = options.topics ?? { events: TOPICS.engagementEvents, catalog: TOPICS.mediaPublished };
  const tally = createRejectionTally();
  const sourceTag = options.sourceTag ?? source.title;
  for (const r of source.rejected) tally.add(r.reason, r.origin);
  const startedAt = clock.now();
  const stop = () => options.shouldStop?.() ?? false;
  let stoppedEarly = false;
  const limits = (maxRecords: number) => ({ maxRecords, maxBytes: maxBatchBytes, maxInFlight });

  // Catalog first: consumers must know an item before its events arrive.
  const catalog = { read: 0, produced: 0, rejected: 0, sentInvalid: 0 };
  if (options.catalog) {
    const catalogHeaders = HEADERS('catalog_item.v1', sourceTag);
    const batcher = createBatcher(sink, topics.catalog, limits(options.batchSize));
    const progress = () =>
      options.onProgress?.({ phase: 'catalog', done: catalog.read, total: source.catalogSize, produced: catalog.produced, rejected: tally.total });
    for (const item of source.catalog()) {
      catalog.read++;
      const checked = validateCatalogItem(item);
      if (checked.ok) {
        batcher.add({ key: checked.value.item_id, value: encodeCatalogItem(checked.value), headers: catalogHeaders });
        catalog.produced++;
      } else {
        catalog.rejected++;
        tally.add(`catalog item: ${formatFieldErrors(checked.error)}`, `item ${item.item_id}`);
      }
      if (batcher.full) {
        await batcher.flush();
        progress();
        if (stop()) break;
      }
    }
    await batcher.drain();
    progress();
  }

  const events = { read: 0, produced: 0, rejected: 0, sentInvalid: 0 };
  const eventsStartedAt = clock.now();
  const total = options.limit === undefined ? source.eventCount : Math.min(options.limit, source.eventCount ?? Infinity);
  const pacer = createPacer(options.rate, options.batchSize, clock);
  const eventHeaders = HEADERS('engagement_event.v1', sourceTag);
  const batcher = createBatcher(sink, topics.events, limits(pacer.chunkSize));
  const progress = () => options.onProgress?.({ phase: 'events', done: events.read, total, produced: events.produced, rejected: tally.total });
  if (!stop()) {
    for (const record of source.events()) {
      if (options.limit !== undefined && events.read >= options.limit) break;
      events.read++;
      const { decoded, key, origin, raw } = check(record);
      if (decoded.ok) {
        batcher.add({ key: decoded.value.user_id, value: encodeEvent(decoded.value), headers: eventHeaders });
        events.produced++;
      } else {
        events.rejected++;
        tally.add(formatFieldErrors(decoded.error), origin);
        if (options.sendInvalid) {
          batcher.add({ key, value: raw ?? JSON.stringify((record as { event: unknown }).event), headers: eventHeaders });
          events.sentInvalid++;
        }
      }
      if (batcher.full) {
        await batcher.flush();
        progress();
        await pacer.pace(events.produced + events.sentInvalid);
        if (stop()) {
          stoppedEarly = true;
          break;
        }
      }
    }
  } else {
    stoppedEarly = true;
  }
  await batcher.drain();
  progress();

  const finishedAt = clock.now();
  const eventSeconds = (finishedAt - eventsStartedAt) / 1000;
  return {
    source: source.title,
    catalog,
    events,
    rejections: tally.groups(),
    elapsedMs: finishedAt - startedAt,
    eventsPerSecond: eventSeconds > 0 ? events.produced / eventSeconds : 0,
    stoppedEarly,
  };
}
