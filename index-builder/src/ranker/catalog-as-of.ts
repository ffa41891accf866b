// The catalog as it was at time t: the latest version (updated_at, else
// publish_time — the version the feature pipeline keeps) at or before t.
// An item not yet in the catalog at t cannot be a candidate at t.
import { catalogVersionOf, type CatalogItem } from '@freshet/shared';

export type CatalogAsOf = (itemId: string, t: number) => CatalogItem | null;

export function catalogAsOf(history: Iterable<CatalogItem>): CatalogAsOf {
  const versions = new Map<string, CatalogItem[]>();
  for (const item of history) {
    const list = versions.get(item.item_id);
    if (list) list.push(item);
    else versions.set(item.item_id, [item]);
  }
  for (const list of versions.values()) list.sort((a, b) => catalogVersionOf(a) - catalogVersionOf(b));
  return (itemId, t) => {
    const list = versions.get(itemId);
    if (!list) return null;
    let found: CatalogItem | null = null;
    for (const item of list) {
      if (catalogVersionOf(item) > t) break;
      found = item;
    }
    return found;
  };
}
