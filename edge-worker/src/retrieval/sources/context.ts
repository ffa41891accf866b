// What every source reads, computed once per request: the user's class, their
// recent items, and the query vectors (always in the index's own embedding
// space: pooled from the index's vectors, or projected by the bundle's
// content projection, which checkRetrievalBundle holds to the same version).
import type { Proposal } from '@freshet/shared/candidates/merge';
import type { UserClass } from '@freshet/shared/candidates/user-class';
import { affinityQueryVector } from '@freshet/shared/candidates/affinity-query';
import { tasteCategoriesOf } from '@freshet/shared/candidates/user-signals';
import type { QueryVector } from '@freshet/shared/embeddings/space';
import type { CoVisitation, UserCollaborative } from '@freshet/shared/ranking/collaborative';
import { coldUserQueryVector, type ItemVectors, type OnboardingChoices } from '@freshet/shared/embeddings/user-vector';
import type { RecentItem } from '@freshet/shared/features/user-features';
import type { RetrievalInput } from './types.js';

export interface SourceContext {
  readonly input: RetrievalInput;
  readonly userClass: UserClass;
  /** Geography and cohort of the request (cohorts.ts), for trending lists. */
  readonly geo: string;
  readonly cohort: string;
  /** Well-formed `user_recent_items` entries, best first. */
  readonly recent: readonly RecentItem[];
  /** Ids of the user's recent items and history items: never proposed by the co-visitation source. */
  readonly seen: ReadonlySet<string>;
  /**
   * How many items the merge may exclude (the request's exclude set and the
   * user's turned-down items): searches ask for this many more than their
   * quota, so exclusions do not leave a source short.
   */
  readonly excludable: number;
  /** The warm user's pooled query, or null (cold user, or no positively scored recent item in the index). */
  readonly userQuery: QueryVector | null;
  /** The user's side of the collaborative signals: pooled query, and co-visitation sums over the lists of the items it starts from (UserItems.seeds). */
  readonly collaborative: UserCollaborative;
  /** The content query (onboarding choices, else category affinity); computed on first use. */
  contentQuery(): QueryVector | null;
}

/** A source's proposals, best first, or why it did not run. */
export type SourceOutcome = readonly Proposal[] | { readonly skipped: string };

export type Source = (context: SourceContext, quota: number) => SourceOutcome;

/** The index's own (dequantized) vectors by item id: what queries are pooled from and candidates compared with. */
export function bundleVectors(input: RetrievalInput): ItemVectors {
  const { index, items: table } = input.bundle;
  return {
    space: index.space,
    vectorOf: (itemId: string) => {
      const row = table.rowOf(itemId);
      return row === undefined ? undefined : index.vector(row);
    },
  };
}

/** The bundle's co-visitation lists by item id, or undefined when the bundle has none. */
export function bundleCoVisitation(input: RetrievalInput): CoVisitation | undefined {
  const { coVisitation: lists, items: table } = input.bundle;
  if (lists === null || lists === undefined) return undefined;
  return {
    *neighbours(itemId) {
      const row = table.rowOf(itemId);
      if (row === undefined) return;
      for (let e = lists.offsets[row]!; e < lists.offsets[row + 1]!; e++) yield [table.idAt(lists.rows[e]!), lists.scores[e]!] as const;
    },
  };
}

const chose = (o: OnboardingChoices | undefined): o is OnboardingChoices =>
  o !== undefined && ((o.categories?.length ?? 0) > 0 || (o.languages?.length ?? 0) > 0 || o.contentType !== undefined);

/** The content query: onboarding choices when the request has any, else the user's top affinity categories, weighted. */
export function contentQueryOf(input: RetrievalInput): QueryVector | null {
  const { projection } = input.bundle;
  if (!projection) return null;
  if (chose(input.onboarding)) return coldUserQueryVector(projection, input.onboarding);
  return affinityQueryVector(projection, tasteCategoriesOf(input.user, input.config.tasteCategories));
}
