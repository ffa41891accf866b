// Writes a MovieLens dataset into an offline store folder, as the feature job
// would have: catalog records (published at each movie's first rating) and
// events enriched with their item's catalog facts. Used by the ranker's tests
// and evaluation to reach the point-in-time builder through its real input.
import { TOPICS, itemInfoOf, type CatalogItem } from '@freshet/shared';
import type { MovieLensId } from '@freshet/shared/movielens';
import { createOfflineWriter } from '@freshet/stream-jobs/offline/writer';
import type { OfflineEventRow } from '@freshet/stream-jobs/offline/schema';
import { readMovieLens } from '@freshet/stream-jobs/sources/movielens-files';

export interface WrittenStore {
  readonly events: number;
  readonly catalogItems: number;
}

export async function writeMovieLensOfflineStore(id: MovieLensId, dir: string, options: { readonly maxUsers?: number } = {}): Promise<WrittenStore> {
  const data = await readMovieLens(id);
  const catalog = new Map<string, CatalogItem>(data.catalog.map((item) => [item.item_id, item]));
  const writer = createOfflineWriter({ dir, fsync: false });
  await writer.appendCatalog(data.catalog.map((item, i) => ({ topic: TOPICS.mediaPublished, partition: 0, offset: String(i), recordTime: item.publish_time, item })));
  const users = new Set<string>();
  let rows: OfflineEventRow[] = [];
  let offset = 0;
  let written = 0;
  for (const event of data.events()) {
    if (options.maxUsers !== undefined && !users.has(event.user_id)) {
      if (users.size >= options.maxUsers) continue;
      users.add(event.user_id);
    }
    const item = event.item_id === undefined ? undefined : catalog.get(event.item_id);
    rows.push({ topic: TOPICS.engagementEvents, partition: 0, offset: String(offset++), recordTime: event.event_time + 250, enriched: { event, item: item ? itemInfoOf(item) : null } });
    if (rows.length >= 50_000) {
      await writer.appendEvents(rows);
      written += rows.length;
      rows = [];
    }
  }
  await writer.appendEvents(rows);
  written += rows.length;
  return { events: written, catalogItems: data.catalog.length };
}
