// The bundle's last-resort list (R15: index or model unavailable → a popular
// list, never an empty row): indexable items by Σ signal weight × e^(−age/3d)
// over the build's events, positive totals only. The live trending lists of
// the item snapshot are fresher; this one needs nothing but the bundle.
import { SIGNALS, type CatalogItem, type EngagementEvent } from '@freshet/shared';

export const FALLBACK_TAU_MS = 3 * 24 * 3600_000;

export interface FallbackList {
  readonly as_of: number;
  readonly items: readonly { readonly item_id: string; readonly score: number }[];
}

export function fallbackList(events: readonly EngagementEvent[], indexable: readonly CatalogItem[], asOf: number, size = 500): FallbackList {
  const allowed = new Set(indexable.map((i) => i.item_id));
  const scores = new Map<string, number>();
  for (const e of events) {
    if (e.item_id === undefined || !allowed.has(e.item_id) || e.event_time > asOf) continue;
    const w = SIGNALS[e.type].weight * Math.exp(-(asOf - e.event_time) / FALLBACK_TAU_MS);
    scores.set(e.item_id, (scores.get(e.item_id) ?? 0) + w);
  }
  const ranked = [...scores]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([item_id, score]) => ({ item_id, score: Math.round(score * 1e6) / 1e6 }));
  // A catalog without engagement still gets a list: the newest items.
  if (ranked.length < size) {
    const have = new Set(ranked.map((r) => r.item_id));
    const newest = indexable.filter((i) => !have.has(i.item_id)).sort((a, b) => b.publish_time - a.publish_time || (a.item_id < b.item_id ? -1 : 1));
    for (const i of newest.slice(0, size - ranked.length)) ranked.push({ item_id: i.item_id, score: 0 });
  }
  return { as_of: asOf, items: ranked };
}
