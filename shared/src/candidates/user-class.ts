// Cold or warm (R16): the traffic class decides which sources run. Cold users
// (fewer interactions than the warm threshold, default 50) get content,
// cohort popularity, trending and the co-visitation lists of the items they
// did engage with — their few interactions make a noisy collaborative vector,
// but an item's list is as good after one item as after fifty — warm users
// every source.
import type { SourceName } from './sources.js';
import { SOURCES } from './sources.js';

export type UserClass = 'cold' | 'warm';

export function userClassOf(interactions: number, warmThreshold: number): UserClass {
  return Number.isFinite(interactions) && interactions >= warmThreshold ? 'warm' : 'cold';
}

/** The sources to run, in SOURCES order, leaving out those with quota 0. */
export function activeSources(userClass: UserClass, coldSources: readonly SourceName[], quotas: Readonly<Record<SourceName, number>>): SourceName[] {
  const allowed = userClass === 'warm' ? SOURCES : coldSources;
  return SOURCES.filter((s) => allowed.includes(s) && quotas[s] > 0);
}
