// One region as the fresh-item job sees it: where its active index is read
// from (version, embedding space, content projection) and where its delta is
// written (the regional KV store).
import { fromBase64, type CatalogItem } from '@freshet/shared';
import type { EmbeddingSpace } from '@freshet/shared/embeddings/space';
import { decodeFreshDelta, type FreshDelta } from '@freshet/shared/fresh/index';
import type { Redis } from 'ioredis';

export interface ActiveIndex {
  /** The index version (bundle id). */
  readonly version: string;
  readonly space: EmbeddingSpace;
  /** Publish time up to which the index holds the catalog. */
  readonly indexedUntil: number;
  /** The index version's content embedding of an item. */
  embed(item: CatalogItem): Float32Array;
}

export interface FreshRegion {
  readonly name: string;
  /** The region's active index, or null when none is promoted yet. */
  activeIndex(): Promise<ActiveIndex | null>;
  writeDelta(key: string, base64: string, ttlMs: number): Promise<void>;
  readDelta(key: string): Promise<FreshDelta | null>;
}

export function createRedisFreshRegion(options: { name: string; redis: Redis; activeIndex: () => Promise<ActiveIndex | null> }): FreshRegion {
  const { name, redis } = options;
  return {
    name,
    activeIndex: options.activeIndex,
    writeDelta: async (key, base64, ttlMs) => {
      await redis.set(key, base64, 'PX', ttlMs);
    },
    readDelta: async (key) => {
      const text = await redis.get(key);
      return text === null ? null : decodeFreshDelta(fromBase64(text));
    },
  };
}
