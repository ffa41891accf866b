// What multi-source retrieval takes and gives (issue 5 item 3, R13). The
// request pipeline calls it once every input is in memory: the active
// bundle, the user's feature values from the one KV round trip, the cached
// item snapshot and fresh-item delta, and the request's context.
import type { ItemFacts } from '@freshet/shared/catalog-table/item-table';
import type { RetrievalConfig } from '@freshet/shared/candidates/config';
import type { SourceCounts } from '@freshet/shared/candidates/merge';
import type { SourceName } from '@freshet/shared/candidates/sources';
import type { UserClass } from '@freshet/shared/candidates/user-class';
import type { UserFeatureValues } from '@freshet/shared/candidates/user-signals';
import type { OnboardingChoices } from '@freshet/shared/embeddings/user-vector';
import type { ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import type { CandidateFacts } from '@freshet/shared/ranking/assemble';
import type { RetrievalBundle } from './bundle.js';

export interface RetrievalInput {
  /** Checked with checkRetrievalBundle when loaded. */
  readonly bundle: RetrievalBundle;
  /** Feature name → JSON value, as the KV read returns them (malformed values count as missing). */
  readonly user: UserFeatureValues;
  /** Onboarding choices sent with the request (cold users). */
  readonly onboarding?: OnboardingChoices;
  /** The cached item snapshot (trending lists), or null when there is none yet. */
  readonly snapshot: ItemSnapshot | null;
  /** The fresh-item delta for the index's embedding version, or null. A delta of another version is refused. */
  readonly fresh: FreshDelta | null;
  /** Editorial pins from config, in order. */
  readonly editorial: readonly string[];
  /** The request's country and device: trending in the geo and cohort (shared/features/cohorts). */
  readonly country?: string;
  readonly device?: string;
  /** Items that must not be candidates (served on earlier pages, consumed); they cost no quota. */
  readonly exclude?: Pick<ReadonlySet<string>, 'has'> & {
    /** How many items `has` says yes to, at most (a Set has it): searches ask for that many more than their quota. */
    readonly size?: number;
  };
  /** The user's class when the pipeline decided it already; else from user_interaction_count and config.warmThreshold. */
  readonly userClass?: UserClass;
  /** Request time, epoch ms (continue-watching ages). */
  readonly now: number;
  readonly config: RetrievalConfig;
  /** Milliseconds for the timings; default performance.now. */
  readonly clock?: () => number;
}

export interface RetrievedCandidate {
  readonly itemId: string;
  /** Row in the index and the item table; −1 for a fresh item (not indexed yet). */
  readonly row: number;
  /** Every source that proposed the item, in priority order. */
  readonly sources: readonly SourceName[];
  /** Best per-source normalised score, in [0, 1] (merge.ts). */
  readonly retrievalScore: number;
  /** The recent item this one is a neighbour of ("because you watched X"). */
  readonly because?: string;
  /** Static facts from the item table, or for fresh items from the delta (null when an old delta carries none). */
  readonly facts: ItemFacts | null;
  /** For fresh items: when it was published and embedded. */
  readonly fresh?: { readonly publishTime: number; readonly embeddedAt: number };
  /**
   * The facts ranking assembles rows from (assembleBatch), with the item's
   * collaborative signals for this user. `retrievalScore` is left out: it
   * depends on which source proposed the item, which training examples
   * cannot know.
   */
  readonly rankingFacts: CandidateFacts;
}

export interface SourceReport {
  /** Why it did not run (not for this user class, no query vector, no snapshot, …). */
  readonly skipped?: string;
  /** What it threw (e.g. an embedding version mismatch): it contributes nothing, the others go on. */
  readonly error?: string;
  /** Time spent producing its proposals. */
  readonly ms: number;
  /** Present when it ran: what it listed, proposed and got placed. */
  readonly counts?: SourceCounts;
}

export interface RetrievalResult {
  readonly userClass: UserClass;
  /** The collaborative signals started from the user's history: their week held no positively scored item (UserItems). */
  readonly seedsFromHistory: boolean;
  /** Embedding version of every query vector used (the index's). */
  readonly embeddingVersion: string;
  /** Merged, in interleaving order (the retrieval order a ranker-less fallback serves). */
  readonly candidates: readonly RetrievedCandidate[];
  readonly sources: Readonly<Partial<Record<SourceName, SourceReport>>>;
  readonly timings: { readonly queryMs: number; readonly sourcesMs: number; readonly mergeMs: number; readonly factsMs: number; readonly totalMs: number };
}
