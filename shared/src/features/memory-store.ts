// The in-memory twin of the Redis feature state: the same merges, the same
// pruning, the same encodings. Offline replays, training sets and parity
// checks apply write batches here; a conformance test runs identical batches
// against Redis and compares the raw state byte for byte.
import { decodeCatalogHash, encodeCatalogHash, infoOf, type CatalogRecord } from './catalog-record.js';
import type { CatalogItem } from '../events/catalog-item.js';
import { KEY_LAYOUT_VERSION, keys } from '../keys.js';
import type { ItemInfo } from './enrich.js';
import { encodeCounter } from './state/counter.js';
import { entityStateFrom, type EntityState } from './state/entity-state.js';
import { compareScored, mergeLog, type ScoredMember } from './state/event-log.js';
import type { WriteBatch } from './writes.js';

const LONG_KEY = new RegExp(`^${KEY_LAYOUT_VERSION}:ul:\\{(.*)\\}:-?\\d+$`);

export class MemoryFeatureStore {
  private readonly hashes = new Map<string, Map<string, Map<number, number>>>();
  private readonly logs = new Map<string, ScoredMember[]>();
  private readonly catalog = new Map<string, CatalogRecord>();
  /** User id → that user's long-term epoch keys (there is one per epoch). */
  private readonly longKeys = new Map<string, Set<string>>();

  apply(batch: WriteBatch): void {
    for (const [key, fields] of batch.counters) {
      let hash = this.hashes.get(key);
      if (!hash) {
        this.hashes.set(key, (hash = new Map()));
        const user = LONG_KEY.exec(key)?.[1];
        if (user !== undefined) this.longKeys.set(user, (this.longKeys.get(user) ?? new Set()).add(key));
      }
      for (const [field, { retention, increments }] of fields) {
        let buckets = hash.get(field);
        if (!buckets) hash.set(field, (buckets = new Map()));
        for (let i = 0; i < increments.length; i += 2) buckets.set(increments[i]!, (buckets.get(increments[i]!) ?? 0) + increments[i + 1]!);
        let newest = -Infinity;
        for (const bucket of buckets.keys()) if (bucket > newest) newest = bucket;
        for (const bucket of buckets.keys()) if (bucket <= newest - retention) buckets.delete(bucket);
      }
    }
    for (const [key, { retentionMs, cap, members }] of batch.logs) {
      const added = [...members].map(([member, score]) => ({ member, score }));
      this.logs.set(key, mergeLog(this.logs.get(key) ?? [], added, retentionMs, cap));
    }
  }

  /** Keeps the latest version of a catalog record, whatever the order records arrive in. */
  putCatalogItem(item: CatalogItem): void {
    const record = decodeCatalogHash(encodeCatalogHash(item))!;
    const existing = this.catalog.get(item.item_id);
    if (!existing || record.version >= existing.version) this.catalog.set(item.item_id, record);
  }

  catalogInfo(itemId: string): ItemInfo | null {
    const record = this.catalog.get(itemId);
    return record ? infoOf(record) : null;
  }

  catalogRecord(itemId: string): CatalogRecord | null {
    return this.catalog.get(itemId) ?? null;
  }

  /** A hash as Redis would return it from HGETALL. */
  rawHash(key: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, buckets] of this.hashes.get(key) ?? []) out[field] = encodeCounter(buckets);
    return out;
  }

  /** A sorted set as ZRANGE key 0 -1 WITHSCORES would return it. */
  rawLog(key: string): ScoredMember[] {
    return [...(this.logs.get(key) ?? [])].sort(compareScored);
  }

  /** Whether the key holds a sorted set (a log spec's key) rather than a hash. */
  isLog(key: string): boolean {
    return this.logs.has(key);
  }

  keys(): string[] {
    return [...this.hashes.keys(), ...this.logs.keys()].sort();
  }

  /**
   * Every epoch of the user's long-term state is included: windows ignore buckets outside
   * them, so this equals what a reader at t gets from t's epoch and the one before.
   */
  userState(userId: string): EntityState {
    const long = [...(this.longKeys.get(userId) ?? [])].sort().map((key) => this.rawHash(key));
    return entityStateFrom([this.rawHash(keys.userShort(userId)), ...long], this.rawLog(keys.userLog(userId)), null, this.rawLog(keys.userItems(userId)));
  }

  itemState(itemId: string): EntityState {
    return entityStateFrom([this.rawHash(keys.item(itemId))], [], this.catalogInfo(itemId));
  }

  creatorState(creatorId: string): EntityState {
    return entityStateFrom([this.rawHash(keys.creator(creatorId))]);
  }
}
