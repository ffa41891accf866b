// The sources that read lists: trending (global, per geo, per cohort) from the
// item snapshot, the bundle's popular list, editorial pins, continue-watching.
// Lists are handed over whole (they are ≤ 500 ids): the merge applies each
// quota after excluding unknown items, so an unknown id costs no slot.
// Lists without scores score by position, (n − i) / n.
import type { Proposal } from '@freshet/shared/candidates/merge';
import { continueWatching } from '@freshet/shared/candidates/continue-watching';
import type { PopularList } from './bundle.js';
import type { Source } from './context.js';

const byPosition = (ids: readonly string[]): Proposal[] => ids.map((itemId, i) => ({ itemId, score: (ids.length - i) / ids.length }));
const isIdList = (list: PopularList | readonly string[]): list is readonly string[] => Array.isArray(list);
/** A list of the snapshot's scopes by name, own keys only ("constructor" is no geo). */
const own = (lists: Readonly<Record<string, readonly string[]>>, key: string): readonly string[] | undefined =>
  Object.prototype.hasOwnProperty.call(lists, key) && Array.isArray(lists[key]) ? lists[key] : undefined;

export const trendingSource: Source = ({ input }) => (input.snapshot ? byPosition(input.snapshot.header.trending.global) : { skipped: 'no item snapshot' });

export const trendingGeoSource: Source = ({ input, geo }) => {
  if (!input.snapshot) return { skipped: 'no item snapshot' };
  const list = own(input.snapshot.header.trending.byGeo, geo);
  return list ? byPosition(list) : { skipped: `no trending list for geo ${geo}` };
};

export const trendingCohortSource: Source = ({ input, cohort }) => {
  if (!input.snapshot) return { skipped: 'no item snapshot' };
  const list = own(input.snapshot.header.trending.byCohort, cohort);
  return list ? byPosition(list) : { skipped: `no trending list for cohort ${cohort}` };
};

export const popularSource: Source = ({ input }) => {
  const { popular } = input.bundle;
  if (!popular) return { skipped: 'the bundle has no popular list' };
  return isIdList(popular) ? byPosition(popular) : popular.items.map((i) => ({ itemId: i.item_id, score: i.score }));
};

export const editorialSource: Source = ({ input }) => byPosition(input.editorial);

/** Started, not finished (shared/candidates/continue-watching.ts), most recent first, scored by recency. */
export const continueSource: Source = ({ input, recent }) =>
  continueWatching(recent, input.now, input.config.continueWatching).map((c) => ({ itemId: c.itemId, score: c.recency }));
