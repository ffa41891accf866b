// Item-kNN retrieval: the items liked by the same users as the user's
// positively scored recent items or, when the week holds none, the items of
// their history (UserItems.seeds) — each such item's co-visitation list
// (the bundle's co-visitation.bin), scores summed over the lists, best first.
// The sums are the ones the ranker's cf_co_visitation slot reads, computed
// once per request (prepareCollaborative). Unlike the user's pooled vector,
// a list is as good after one item as after fifty, so cold users run this
// source too. `because` is the item whose list scored the item highest. Items
// the user has seen (recent or history) are never proposed.
import type { Proposal } from '@freshet/shared/candidates/merge';
import type { Source } from './context.js';

export const coVisitationSource: Source = (context, quota) => {
  const { coVisited } = context.collaborative;
  if (context.input.bundle.coVisitation == null) return { skipped: 'the bundle has no co-visitation lists' };
  if (coVisited === null) return { skipped: 'no positively scored recent item is in the index' };
  const ranked = [...coVisited].filter(([itemId]) => !context.seen.has(itemId));
  ranked.sort((a, b) => b[1].sum - a[1].sum || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Proposal[] = [];
  for (const [itemId, { sum, because }] of ranked.slice(0, quota + context.excludable)) out.push({ itemId, score: sum, because });
  return out;
};
