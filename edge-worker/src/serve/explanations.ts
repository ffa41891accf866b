// A served item's explanation, from its retrieval attribution (R17): the
// highest-priority source that proposed it says why it is there.
const BY_SOURCE: Readonly<Record<string, string>> = {
  editorial: "Editors' pick",
  continue: 'Continue watching',
  ann: 'Picked for you',
  content: 'Matches your interests',
  fresh: 'New',
  trending_cohort: 'Trending with people like you',
  trending_geo: 'Trending near you',
  trending: 'Trending now',
  popular: 'Popular',
  fallback: 'Popular',
};

/** The item-to-item sources: their `because` is the recent item that proposed the candidate. */
const isItemToItem = (source: string): boolean => source === 'similar' || source === 'co_visitation';

export function explanationOf(sources: readonly string[], because: string | undefined, explore: boolean): string {
  if (explore) return 'Something new to try';
  // "Because you watched X" is the most specific reason there is: it wins over the other
  // collaborative and popularity sources that also proposed the item (not over a pin or continue-watching).
  if (because !== undefined && sources.some(isItemToItem) && !sources.includes('editorial') && !sources.includes('continue')) return `Because you watched ${because}`;
  for (const source of sources) {
    if (isItemToItem(source)) return because === undefined ? 'Similar to what you watched' : `Because you watched ${because}`;
    const text = BY_SOURCE[source];
    if (text !== undefined) return text;
  }
  return 'Recommended';
}
