// Test support for the offline store: temp folders that clean up after
// themselves, and synthetic offline rows with plausible Kafka positions.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type CatalogItem, type EnrichedEvent } from '@freshet/shared';
import { afterAll } from 'vitest';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import type { OfflineCatalogRow, OfflineEventRow } from './schema.js';

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
