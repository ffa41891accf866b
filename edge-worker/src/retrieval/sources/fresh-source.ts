// Fresh items (R12): the delta of items published after the index was built,
// searched with the same query vector as the index (the user's, else the
// content query). The search refuses a delta of another embedding version,
// so a delta that lags an index switch contributes nothing until it catches up.
import type { Source } from './context.js';
import { prepareFresh, searchPreparedFresh } from './fresh-search.js';

export const freshSource: Source = (context, quota) => {
  const delta = context.input.fresh;
  if (!delta) return { skipped: 'no fresh-item delta' };
  if (delta.items.length === 0) return [];
  const query = context.userQuery ?? context.contentQuery();
  if (!query) return { skipped: 'no query vector' };
  return searchPreparedFresh(prepareFresh(delta), query, quota + context.excludable);
};
