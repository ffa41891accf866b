// Fresh items (R12): the delta of items published after the index was built,
// searched with the same query vector as the index (the user's, else the
// content query). searchFresh refuses a delta of another embedding version,
// so a delta that lags an index switch contributes nothing until it catches up.
import { searchFresh } from '@freshet/shared/fresh/fresh-items';
import type { Source } from './context.js';

export const freshSource: Source = (context, quota) => {
  const delta = context.input.fresh;
  if (!delta) return { skipped: 'no fresh-item delta' };
  if (delta.items.length === 0) return [];
  const query = context.userQuery ?? context.contentQuery();
  if (!query) return { skipped: 'no query vector' };
  return searchFresh(delta, query, quota).map((hit) => ({ itemId: hit.itemId, score: hit.score }));
};
