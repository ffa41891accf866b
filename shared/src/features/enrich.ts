// An engagement event as the feature pipeline applies it: the event plus what
// the catalog said about its item when the event was processed. The offline
// store records this enrichment, so offline replays apply exactly what the
// online job applied.
import type { CatalogItem } from '../events/catalog-item.js';
import type { EngagementEvent } from '../events/engagement-event.js';
import type { ContentType } from '../events/primitives.js';

export interface ItemInfo {
  /** At most MAX_ENRICHED_CATEGORIES, in catalog order. */
  readonly categories: readonly string[];
  readonly creatorId?: string;
  readonly language?: string;
  readonly contentType?: ContentType;
  readonly durationMs?: number;
  readonly publishTime?: number;
}

export interface EnrichedEvent {
  readonly event: EngagementEvent;
  /** Null when the catalog did not know the item (or the event names none). */
  readonly item: ItemInfo | null;
}

/** Features use an item's first three categories; more would multiply writes for little signal. */
export const MAX_ENRICHED_CATEGORIES = 3;

export function itemInfoOf(item: CatalogItem): ItemInfo {
  return {
    categories: item.categories.slice(0, MAX_ENRICHED_CATEGORIES),
    creatorId: item.creator_id,
    language: item.language,
    contentType: item.content_type,
    durationMs: item.duration_ms,
    publishTime: item.publish_time,
  };
}
