// Attaches catalog facts to events before their writes are planned: from a
// short-lived cache, else from the region's catalog hashes. An item the
// catalog does not know yet may simply be further back in media.published, so
// before giving up on one the enricher waits (bounded) for the catalog
// partitions to be applied up to their current end.
import { decodeCatalogHash, infoOf, keys, type CatalogRecord, type ItemInfo } from '@freshet/shared';
import type { Redis } from 'ioredis';

export interface EnricherOptions {
  /** Where catalog hashes are read (the primary region). */
  readonly redis: Redis;
  /** Catalog records produced but not yet applied (0 when caught up). */
  readonly catalogLag: () => Promise<number>;
  /** How long to wait for the catalog to catch up before applying events without item facts. */
  readonly waitMs?: number;
  readonly knownTtlMs?: number;
  readonly unknownTtlMs?: number;
  readonly maxEntries?: number;
  readonly onUnknown?: (count: number) => void;
}

export interface Enricher {
  resolve(itemIds: Iterable<string>): Promise<Map<string, ItemInfo | null>>;
  /** Called when this job applied a catalog record, so its own events see it at once. */
  remember(itemId: string, record: CatalogRecord): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createEnricher(options: EnricherOptions): Enricher {
  const waitMs = options.waitMs ?? 5000;
  const knownTtl = options.knownTtlMs ?? 60_000;
  const unknownTtl = options.unknownTtlMs ?? 2000;
  const maxEntries = options.maxEntries ?? 500_000;
  const cache = new Map<string, { info: ItemInfo | null; expires: number }>();

  const put = (itemId: string, info: ItemInfo | null) => {
    if (cache.size >= maxEntries) cache.clear();
    cache.set(itemId, { info, expires: Date.now() + (info ? knownTtl : unknownTtl) });
  };

  const lookup = async (ids: readonly string[]): Promise<void> => {
    if (ids.length === 0) return;
    const pipeline = options.redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.catalogItem(id));
    const replies = (await pipeline.exec()) ?? [];
    ids.forEach((id, i) => {
      const [error, hash] = replies[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      const record = decodeCatalogHash((hash ?? {}) as Record<string, string>);
      put(id, record ? infoOf(record) : null);
    });
  };

  return {
    async resolve(itemIds) {
      const now = Date.now();
      const wanted = [...new Set(itemIds)];
      await lookup(wanted.filter((id) => (cache.get(id)?.expires ?? 0) <= now));
      let unknown = wanted.filter((id) => cache.get(id)?.info === null);
      if (unknown.length > 0) {
        const deadline = Date.now() + waitMs;
        while ((await options.catalogLag()) > 0 && Date.now() < deadline) await sleep(50);
        await lookup(unknown);
        unknown = unknown.filter((id) => cache.get(id)?.info === null);
        if (unknown.length > 0) options.onUnknown?.(unknown.length);
      }
      return new Map(wanted.map((id) => [id, cache.get(id)?.info ?? null]));
    },
    remember(itemId, record) {
      put(itemId, infoOf(record));
    },
  };
}
