// Item-kNN retrieval: the items liked by the same users as the user's
// positively scored recent items — each recent item's co-visitation list
// (the bundle's co-visitation.bin), scores summed over the lists, best first.
// The sums are the ones the ranker's cf_co_visitation slot reads, computed
// once per request (prepareCollaborative). Unlike the user's pooled vector,
// a list is as good after one item as after fifty, so cold users run this
// source too. `because` is the recent item whose list scored the item highest.
import type { Proposal } from '@freshet/shared/candidates/merge';
import type { Source } from './context.js';

export const coVisitationSource: Source = (context, quota) => {
  const { coVisited, coVisitedBecause } = context.collaborative;
  if (context.input.bundle.coVisitation == null) return { skipped: 'the bundle has no co-visitation lists' };
  if (coVisited === null || coVisitedBecause === null) return { skipped: 'no positively scored recent item is in the index' };
  const recent = new Set(context.recent.map((r) => r.item_id));
  const ranked = [...coVisited].filter(([itemId]) => !recent.has(itemId));
  ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Proposal[] = [];
  for (const [itemId, score] of ranked.slice(0, quota + context.excludable)) out.push({ itemId, score, because: coVisitedBecause.get(itemId)!.itemId });
  return out;
};
