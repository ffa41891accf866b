// The streaming side of the platform, replayed in process: engagement events
// applied in event-time order to an in-memory feature store by the shared
// feature definitions (the same write derivation and state merges the Kafka
// feature job sends to Redis), the item snapshot the snapshot publisher
// computes from item state, and the fresh-item delta the fresh job keeps for
// items published after the index was built.
//
// `lag` models feature freshness: 'realtime' holds every event before the
// request time; 'nightly' holds only the events before the request day's
// 00:00 UTC (features frozen at the previous day's snapshot, as a nightly
// batch job would leave them) — the user's state and the item snapshot. The
// fresh-item delta is not a feature: it follows the catalog (publish times)
// in real time under both lags, so the ablation compares features only.
import { addToBatch, emptyBatch, itemInfoOf, MemoryFeatureStore, planWrites, type CatalogItem, type EngagementEvent, type ItemInfo } from '@freshet/shared';
import { buildSnapshot, decodeSnapshot, snapshotInputsOf, type ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import { embedContent, type ContentProjection } from '@freshet/shared/embeddings/content-projection';
import type { EmbeddingSpace } from '@freshet/shared/embeddings/space';
import { FreshItems, type FreshDelta } from '@freshet/shared/fresh/fresh-items';
import { isActive } from '../../stream-jobs/src/snapshots/activity.js';

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type FeatureLag = 'realtime' | 'nightly';

export interface TimelineOptions {
  readonly lag: FeatureLag;
  /** The snapshot is recomputed at most this often (simulated time) and only after new events. */
  readonly snapshotEveryMs: number;
  /** The index's space and content projection, for the fresh delta; its items are those published at or before `indexedUntil`. */
  readonly space: EmbeddingSpace;
  readonly projection: ContentProjection;
  readonly indexedUntil: number;
}

export class FeatureTimeline {
  readonly store = new MemoryFeatureStore();
  private next = 0;
  private appliedUntil = -Infinity;
  private readonly info: Map<string, ItemInfo>;
  /** Catalog items by publish time, put into the store (and the fresh set) once published. */
  private readonly publishing: CatalogItem[];
  private published = 0;
  private freshPublished = 0;
  private readonly lastEventOf = new Map<string, number>();
  private snapshotValue: ItemSnapshot | null = null;
  private snapshotAt = -Infinity;
  private eventsSinceSnapshot = 0;
  private readonly fresh: FreshItems;
  private freshDelta: FreshDelta | null = null;
  snapshotsBuilt = 0;

  constructor(
    private readonly events: readonly EngagementEvent[],
    catalog: readonly CatalogItem[],
    private readonly o: TimelineOptions,
  ) {
    this.info = new Map(catalog.map((item) => [item.item_id, itemInfoOf(item)]));
    this.publishing = [...catalog].sort((a, b) => a.publish_time - b.publish_time || (a.item_id < b.item_id ? -1 : 1));
    // Fresh items live until the next build; the replay builds once, so they are kept for the whole test period.
    this.fresh = new FreshItems(o.space, o.indexedUntil, { maxItems: 5000, maxAgeMs: 100 * 365 * DAY_MS });
  }

  /** The time the stored state is as of, for a request at t. */
  stateTimeFor(t: number): number {
    return this.o.lag === 'realtime' ? t : Math.floor(t / DAY_MS) * DAY_MS;
  }

  /** Applies every event with event_time < stateTimeFor(t), and every catalog item published before t to the fresh delta. Calls must not go back in time. */
  advance(t: number): void {
    let freshChanged = false;
    while (this.freshPublished < this.publishing.length && this.publishing[this.freshPublished]!.publish_time < t) {
      const item = this.publishing[this.freshPublished++]!;
      const decision = this.fresh.apply(item, (i) => embedContent(this.o.projection, i), item.publish_time);
      if (decision === 'added' || decision === 'updated') freshChanged = true;
    }
    if (freshChanged || this.freshDelta === null) this.freshDelta = { space: this.fresh.space, indexedUntil: this.fresh.indexedUntil, builtAt: t, items: this.fresh.list() };
    const until = this.stateTimeFor(t);
    if (until < this.appliedUntil) throw new RangeError(`the timeline is at ${this.appliedUntil}; it cannot go back to ${until}`);
    if (until === this.appliedUntil) return;
    this.appliedUntil = until;
    while (this.published < this.publishing.length && this.publishing[this.published]!.publish_time < until) this.store.putCatalogItem(this.publishing[this.published++]!);
    let batch = emptyBatch();
    let batched = 0;
    while (this.next < this.events.length && this.events[this.next]!.event_time < until) {
      const event = this.events[this.next++]!;
      addToBatch(batch, planWrites({ event, item: event.item_id === undefined ? null : (this.info.get(event.item_id) ?? null) }), event.item_id);
      if (event.item_id !== undefined) this.lastEventOf.set(event.item_id, event.event_time);
      this.eventsSinceSnapshot++;
      if (++batched >= 20_000) {
        this.store.apply(batch);
        batch = emptyBatch();
        batched = 0;
      }
    }
    if (batched > 0) this.store.apply(batch);
  }

  /** The item snapshot as the edge would hold it for a request at t (advance(t) first). */
  snapshot(): ItemSnapshot | null {
    const t = this.appliedUntil;
    const due = this.o.lag === 'nightly' ? t !== this.snapshotAt : t - this.snapshotAt >= this.o.snapshotEveryMs;
    if (this.eventsSinceSnapshot > 0 && due) {
      // The publisher's active set: items with a play in the last day or any event in the last week.
      const candidates = [...this.lastEventOf].filter(([, last]) => last >= t - WEEK_MS).map(([id]) => id);
      const inputs = snapshotInputsOf(this.store, candidates).filter(([, state]) => isActive(state, t));
      this.snapshotValue = decodeSnapshot(buildSnapshot(inputs, t, t));
      this.snapshotAt = t;
      this.eventsSinceSnapshot = 0;
      this.snapshotsBuilt++;
    }
    return this.snapshotValue;
  }

  freshItems(): FreshDelta | null {
    return this.freshDelta;
  }
}
