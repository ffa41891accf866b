// Materialises a build input as an offline store folder, exactly as the
// feature job would have written it (catalog records, events enriched with
// their item's catalog facts). The ranker's point-in-time training set is
// built from an offline store only, so inputs read from datasets or the
// synthetic workload pass through here first.
//
// Catalog records get one record time, the build's as-of time, as when the
// replay tool publishes a whole catalog at once: record time only picks the
// store's hour folder (the replay takes an item's version from updated_at or
// publish_time), and publish times spread over years made one tiny Parquet
// file per hour — about 8,000 files for 100k synthetic items, written and read
// back for every build.
import { TOPICS, itemInfoOf, type CatalogItem } from '@freshet/shared';
import { createOfflineWriter } from '@freshet/stream-jobs/offline/writer';
import type { OfflineEventRow } from '@freshet/stream-jobs/offline/schema';
import type { BuildInput } from './input.js';

const CHUNK = 50_000;

export async function writeOfflineStore(input: BuildInput, dir: string): Promise<void> {
  const catalog = new Map<string, CatalogItem>(input.catalog.map((item) => [item.item_id, item]));
  const writer = createOfflineWriter({ dir, fsync: false });
  for (let i = 0; i < input.catalog.length; i += CHUNK) {
    await writer.appendCatalog(
      input.catalog.slice(i, i + CHUNK).map((item, n) => ({ topic: TOPICS.mediaPublished, partition: 0, offset: String(i + n), recordTime: input.asOf, item })),
    );
  }
  for (let i = 0; i < input.events.length; i += CHUNK) {
    const rows: OfflineEventRow[] = input.events.slice(i, i + CHUNK).map((event, n) => {
      const item = event.item_id === undefined ? undefined : catalog.get(event.item_id);
      return { topic: TOPICS.engagementEvents, partition: 0, offset: String(i + n), recordTime: event.event_time, enriched: { event, item: item ? itemInfoOf(item) : null } };
    });
    await writer.appendEvents(rows);
  }
}
