// The item-snapshot publisher of one region: keeps every active item's state
// in memory (refreshed from the items the feature job marks dirty), computes
// the item features and trending lists every interval, and publishes them as
// one KV value the edge caches. Run exactly one per region: it drains the
// region's dirty set.
//
// The creator column (creator_subscriber_count) comes from the hash of each
// held item's creator (per the catalog). A subscription writes only that hash
// and marks no item dirty, so the publisher re-reads the creators it holds
// every creatorRefreshMs (pipelined, see creator-cache.ts) and recomputes the
// rows of the items whose creator's hash changed: a subscription reaches the
// snapshot within creatorRefreshMs plus one interval. (Marking the creator's
// items dirty in the feature job instead would need an item list per creator in
// the store, kept by every catalog write; re-reading only the creators of held
// items costs one small HGETALL per creator per refresh.)
import {
  ITEM_TIME_STEP_MS,
  bucketOf,
  encodeSnapshot,
  snapshotRow,
  decodeCatalogHash,
  entityStateFrom,
  eventNow,
  infoOf,
  keys,
  type HashFields,
  type ItemInfo,
  type SnapshotRow,
} from '@freshet/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isActive } from './activity.js';
import { CreatorCache } from './creator-cache.js';

export interface PublisherOptions {
  readonly region: string;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly intervalMs?: number;
  /** Trending list length per scope. */
  readonly topK?: number;
  /** How old a creator's subscriber count may get before it is re-read (default 30 s). */
  readonly creatorRefreshMs?: number;
  /** Wall clock (tests inject one). */
  readonly now?: () => number;
  readonly onPublished?: (info: PublishInfo) => void;
}

export interface PublishInfo {
  readonly region: string;
  readonly t: number;
  readonly items: number;
  /** Creators of those items whose subscriber counts are held. */
  readonly creators: number;
  readonly bytes: number;
  readonly ms: number;
}

interface CachedItem {
  /** The item hash as read (decoded only when its row is recomputed: far smaller than decoded state). */
  readonly hash: HashFields;
  readonly catalog: ItemInfo | null;
  /** When the catalog facts were read (they change rarely: re-read at most once a minute). */
  readonly catalogReadAt: number;
  /** The item's creator per the catalog (linked in the creator cache). */
  readonly creatorId?: string;
  /** The row as of the current time step; recomputed when the item changes or the step does. */
  row?: SnapshotRow;
  rowStep?: number;
}

const CATALOG_REFRESH_MS = 60_000;
const CREATOR_REFRESH_MS = 30_000;

const SCAN_COUNT = 1000;
/** Items re-read per pipeline: small enough that the job's applies are never held up for long. */
const READ_CHUNK = 250;

export class SnapshotPublisher {
  private readonly o: PublisherOptions;
  private readonly items = new Map<string, CachedItem>();
  private readonly creators: CreatorCache;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private clock = { value: -Infinity, observedAt: 0 };
  private loaded = false;

  constructor(options: PublisherOptions) {
    this.o = options;
    this.creators = new CreatorCache(options.redis, options.creatorRefreshMs ?? CREATOR_REFRESH_MS);
  }

  /** Loads every item once, publishes, then republishes every interval until stop(). */
  start(): void {
    const tick = () => {
      this.running = this.publishOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.o.logger.warn({ region: this.o.region, err: error }, 'snapshot publish failed; retrying next interval'))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.o.intervalMs ?? 2000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One cycle: refresh changed items, compute, publish. Returns what was published. */
  async publishOnce(): Promise<PublishInfo> {
    const started = performance.now();
    const now = this.o.now?.() ?? Date.now();
    const ids = this.loaded ? await this.drainDirty() : await this.scanAllItems();
    this.loaded = true;
    await this.refresh(ids, now);
    for (const id of await this.creators.refresh(now)) {
      const item = this.items.get(id);
      if (item) item.row = undefined;
    }

    const clock = Number((await this.o.redis.hget(keys.regionMeta(), 'clock')) ?? Number.NaN);
    if (Number.isFinite(clock) && clock !== this.clock.value) this.clock = { value: clock, observedAt: now };
    const t = Number.isFinite(this.clock.value) ? eventNow(this.clock.value, this.clock.observedAt, now) : now;

    // Item features change only with the item's events or when t crosses a time step: rows are
    // recomputed for refreshed items and items whose creator changed, and for all of them once
    // per step. Items with nothing left in any window are forgotten: memory follows activity,
    // not the catalog.
    const step = bucketOf(t, ITEM_TIME_STEP_MS);
    const rows: [string, SnapshotRow][] = [];
    for (const [id, item] of this.items) {
      if (item.row === undefined || item.rowStep !== step) {
        const state = entityStateFrom([item.hash], [], item.catalog);
        if (!isActive(state, t)) {
          this.items.delete(id);
          if (item.creatorId !== undefined) this.creators.unlink(id, item.creatorId);
          continue;
        }
        item.row = snapshotRow(state, t, item.creatorId === undefined ? null : this.creators.state(item.creatorId));
        item.rowStep = step;
      }
      rows.push([id, item.row]);
    }
    const bytes = encodeSnapshot(rows, t, now, this.o.topK ?? 500);
    await this.o.redis.set(keys.itemSnapshot(), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
    const info = { region: this.o.region, t, items: this.items.size, creators: this.creators.size, bytes: bytes.length, ms: performance.now() - started };
    this.o.onPublished?.(info);
    return info;
  }

  private async drainDirty(): Promise<string[]> {
    const [[membersError, members] = [], [deleteError] = []] = (await this.o.redis.multi().smembers(keys.dirtyItems()).del(keys.dirtyItems()).exec()) ?? [];
    if (membersError || deleteError) throw membersError ?? deleteError;
    return members as string[];
  }

  private async scanAllItems(): Promise<string[]> {
    const prefix = keys.item('');
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.o.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      for (const key of found) ids.push(key.slice(prefix.length));
    } while (cursor !== '0');
    await this.o.redis.del(keys.dirtyItems()); // everything is loaded now
    return ids;
  }

  private async refresh(ids: readonly string[], now: number): Promise<void> {
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      const pipeline = this.o.redis.pipeline();
      const withCatalog = chunk.map((id) => {
        const cached = this.items.get(id);
        const stale = !cached || now - cached.catalogReadAt > CATALOG_REFRESH_MS;
        pipeline.hgetall(keys.item(id));
        if (stale) pipeline.hgetall(keys.catalogItem(id));
        return stale;
      });
      const replies = (await pipeline.exec()) ?? [];
      let at = 0;
      chunk.forEach((id, j) => {
        const [itemError, hash] = replies[at++] ?? [];
        if (itemError) throw itemError;
        const previous = this.items.get(id);
        let catalog = previous?.catalog ?? null;
        let catalogReadAt = previous?.catalogReadAt ?? 0;
        if (withCatalog[j]) {
          const [catalogError, catalogHash] = replies[at++] ?? [];
          if (catalogError) throw catalogError;
          const record = decodeCatalogHash((catalogHash ?? {}) as Record<string, string>);
          catalog = record ? infoOf(record) : null;
          catalogReadAt = now;
        }
        const creatorId = catalog?.creatorId;
        if (previous?.creatorId !== undefined && previous.creatorId !== creatorId) this.creators.unlink(id, previous.creatorId);
        if (creatorId !== undefined) this.creators.link(id, creatorId);
        this.items.set(id, { hash: (hash ?? {}) as HashFields, catalog, catalogReadAt, ...(creatorId !== undefined && { creatorId }) });
      });
    }
  }
}
