// Fresh items (R12): items published after the active index was built have no
// row in it yet. The fresh-item job embeds each one with the index version's
// content projection and keeps them here; the delta is published to the
// regional KV store (one key per embedding version) and the edge merges a
// brute-force search over it into retrieval until the next full build.
//
// The set is bounded twice: by age (an item older than `maxAgeMs` will be in
// the next build) and by count (the newest `maxItems` are kept).
import { itemFactsOf, type ItemFacts } from '../catalog-table/item-table.js';
import type { CatalogItem } from '../events/catalog-item.js';
import { assertSameSpace, normalize, type EmbeddingSpace, type QueryVector } from '../embeddings/space.js';

/**
 * What the catalog says about a fresh item, so the edge can rank it and apply
 * its rules (availability, licensing, maturity, diversity) before the next
 * build puts it in the item table: the table's facts, less what the item
 * itself carries (id, publish time).
 */
export type FreshFacts = Omit<ItemFacts, 'itemId' | 'publishTime'>;

export function freshFactsOf(item: CatalogItem): FreshFacts {
  const { itemId: _itemId, publishTime: _publishTime, ...facts } = itemFactsOf(item);
  return facts;
}

export interface FreshItem {
  readonly itemId: string;
  readonly publishTime: number;
  /** Absent in deltas written before facts were carried: such items cannot pass the edge's rules. */
  readonly facts?: FreshFacts;
  /** When the job embedded it (wall clock): the start of the "publish → retrievable" path. */
  readonly embeddedAt: number;
  /** L2-normalised, in the delta's embedding space. */
  readonly vector: Float32Array;
}

export interface FreshLimits {
  readonly maxItems: number;
  readonly maxAgeMs: number;
}

export const DEFAULT_FRESH_LIMITS: FreshLimits = { maxItems: 5000, maxAgeMs: 7 * 24 * 3600_000 };

export type FreshDecision = 'added' | 'updated' | 'removed' | 'indexed' | 'hidden' | 'unchanged';

/**
 * The fresh items of one embedding space. `indexedUntil` is the publish time up
 * to which the index already holds the catalog: older items are not fresh.
 */
export class FreshItems {
  private readonly items = new Map<string, FreshItem>();

  constructor(
    readonly space: EmbeddingSpace,
    readonly indexedUntil: number,
    private readonly limits: FreshLimits = DEFAULT_FRESH_LIMITS,
  ) {}

  get size(): number {
    return this.items.size;
  }

  list(): FreshItem[] {
    return [...this.items.values()];
  }

  /**
   * Applies one catalog record. Unlisted items leave the set; items the index
   * already has are ignored; others are (re-)embedded with `embed`.
   */
  apply(item: CatalogItem, embed: (item: CatalogItem) => Float32Array, now: number): FreshDecision {
    const had = this.items.has(item.item_id);
    if (item.unlisted || (item.available_until !== undefined && item.available_until <= now)) {
      this.items.delete(item.item_id);
      return had ? 'removed' : 'hidden';
    }
    if (item.publish_time <= this.indexedUntil) return 'indexed';
    const vector = embed(item);
    if (vector.length !== this.space.dim) throw new RangeError(`embedding has ${vector.length} dimensions, space ${this.space.version} has ${this.space.dim}`);
    if (vector.some((x) => !Number.isFinite(x))) throw new RangeError(`embedding of ${item.item_id} is not finite`);
    const previous = this.items.get(item.item_id);
    if (previous && previous.publishTime === item.publish_time && sameVector(previous.vector, vector) && JSON.stringify(previous.facts) === JSON.stringify(freshFactsOf(item))) return 'unchanged';
    this.items.set(item.item_id, { itemId: item.item_id, publishTime: item.publish_time, embeddedAt: now, vector: normalize(Float32Array.from(vector)), facts: freshFactsOf(item) });
    this.prune(now);
    return previous ? 'updated' : 'added';
  }

  /** Drops items older than the age limit, then the oldest beyond the count limit. */
  prune(now: number): void {
    for (const [id, item] of this.items) if (now - item.publishTime > this.limits.maxAgeMs) this.items.delete(id);
    if (this.items.size <= this.limits.maxItems) return;
    const newestFirst = [...this.items.values()].sort((a, b) => b.publishTime - a.publishTime || (a.itemId < b.itemId ? -1 : 1));
    for (const item of newestFirst.slice(this.limits.maxItems)) this.items.delete(item.itemId);
  }

  /** Restores items from a published delta of the same space (after a restart). */
  restore(delta: FreshDelta): void {
    if (delta.space.version !== this.space.version) return;
    for (const item of delta.items) if (item.publishTime > this.indexedUntil) this.items.set(item.itemId, item);
  }
}

function sameVector(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 && dot / Math.sqrt(na * nb) > 1 - 1e-6;
}

/** What the edge reads: the fresh items of one embedding space at one moment. */
export interface FreshDelta {
  readonly space: EmbeddingSpace;
  readonly indexedUntil: number;
  readonly builtAt: number;
  readonly items: readonly FreshItem[];
}

export interface FreshHit {
  readonly itemId: string;
  readonly score: number;
}

/** Top-k fresh items for a query of the same embedding space (brute force: the delta is small). */
export function searchFresh(delta: FreshDelta, query: QueryVector, k: number, exclude?: ReadonlySet<string>): FreshHit[] {
  assertSameSpace(delta.space, query);
  const q = query.values;
  const hits: FreshHit[] = [];
  for (const item of delta.items) {
    if (exclude?.has(item.itemId)) continue;
    let score = 0;
    for (let i = 0; i < q.length; i++) score += q[i]! * item.vector[i]!;
    hits.push({ itemId: item.itemId, score });
  }
  return hits.sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1)).slice(0, k);
}
