// Test support for the offline store: temp folders that clean up after
// themselves, and synthetic offline rows with plausible Kafka positions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addToBatch, catalogVersionOf, emptyBatch, MemoryFeatureStore, planWrites, TOPICS, type CatalogItem, type EnrichedEvent } from '@freshet/shared';
import { afterAll } from 'vitest';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import type { KafkaPosition, OfflineCatalogRow, OfflineEventRow } from './schema.js';
import { createOfflineWriter, type OfflineWriter, type OfflineWriterOptions, type WrittenFile } from './writer.js';

/** Identity of a record in the offline store (what readers de-duplicate by). */
export const positionKey = (p: KafkaPosition): string => `${p.topic}\u0000${p.partition}\u0000${p.offset}`;

/** A fresh temp folder, removed after the file's tests. */
export function tempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'freshet-offline-'));
    made.push(dir);
    return dir;
  };
}

/** A writer that also lists the files it wrote, oldest first. */
export function recordingWriter(options: OfflineWriterOptions): OfflineWriter & { readonly files: WrittenFile[] } {
  const files: WrittenFile[] = [];
  const writer = createOfflineWriter({ ...options, onFile: (file) => files.push(file) });
  return { ...writer, files };
}

/** Events spread round-robin over partitions, each with its own offset, produced a little after they happened. */
export function asEventRows(events: readonly EnrichedEvent[], partitions = 3): OfflineEventRow[] {
  return events.map((enriched, i) => ({
    topic: TOPICS.engagementEvents,
    partition: i % partitions,
    offset: String(Math.floor(i / partitions)),
    recordTime: enriched.event.event_time + 250,
    enriched,
  }));
}

/** Catalog items as published before any event (record time `at`), one partition. */
export function asCatalogRows(items: readonly CatalogItem[], at: number): OfflineCatalogRow[] {
  return items.map((item, i) => ({ topic: TOPICS.mediaPublished, partition: 0, offset: String(i), recordTime: at, item }));
}

export interface SyntheticStore {
  readonly events: OfflineEventRow[];
  readonly catalog: OfflineCatalogRow[];
}

/** A synthetic workload as offline rows (several hours of event time at a low rate). */
export function syntheticStore(events: number, seed = 11): SyntheticStore {
  const data = syntheticEnriched({ seed, users: 60, items: 150, events, eventsPerSecond: 0.03 });
  const first = data.events[0]?.event.event_time ?? Date.UTC(2026, 0, 5);
  return { events: asEventRows(data.events), catalog: asCatalogRows(data.catalog, first - 60_000) };
}

/** The reference: a store fed, in one batch, exactly the events and catalog records known at t. */
export function storeAsOf(events: readonly OfflineEventRow[], catalog: readonly OfflineCatalogRow[], t: number): MemoryFeatureStore {
  const store = new MemoryFeatureStore();
  const batch = emptyBatch();
  for (const row of events) if (row.enriched.event.event_time <= t) addToBatch(batch, planWrites(row.enriched), row.enriched.event.item_id);
  store.apply(batch);
  for (const row of catalog) if (catalogVersionOf(row.item) <= t) store.putCatalogItem(row.item);
  return store;
}
