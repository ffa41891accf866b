// Merging the sources' proposals into one candidate list (R13): dedupe, keep
// every source that proposed an item, cap each source at its quota, and
// interleave deterministically so that no source starves the others.
//
// The rules, in order:
// 1. Each source's list is read best first. Unknown items (`known` says no)
//    and repeats within the list are skipped; the first `quota` remaining
//    items are what the source PROPOSES. Nothing beyond the quota counts.
// 2. Scores are normalised per source: score / (the source's best score),
//    clamped to [0, 1] (a best score ≤ 0, or a non-finite score, gives 0).
//    Sources score on different scales (cosines, trending points, ranks);
//    relative to its own best, every source's top item is 1.
// 3. Interleaving (weighted fair queueing over the proposal lists): the next
//    slot goes to the source with the smallest emitted/quota — the start
//    time of its next item if it emitted at `quota` items per unit of time —
//    ties to the earlier source in `priority`. The first round therefore
//    gives every source its best item in priority order, and afterwards each
//    source gets slots in proportion to its quota. A source whose next item
//    was already placed by another source moves on to its next one.
// 4. Stop at `limit` candidates or when every list is exhausted.
//
// A candidate lists every source whose proposals hold it (in priority order),
// its best normalised score, and `because` from the first such source (by
// priority) whose proposal carries one (item-to-item: the recent item it is
// a neighbour of).
import { SOURCES, type SourceName } from './sources.js';

export interface Proposal {
  readonly itemId: string;
  /** The source's own score, larger is better (any scale; normalised per source). */
  readonly score: number;
  /** The recent item that led to this proposal ("because you watched X"). */
  readonly because?: string;
}

export interface SourceProposals {
  readonly source: SourceName;
  /** Best first. */
  readonly items: readonly Proposal[];
}

export interface MergedCandidate {
  readonly itemId: string;
  /** Every source that proposed the item, in priority order. */
  readonly sources: readonly SourceName[];
  /** Best normalised score over its sources, in [0, 1]. */
  readonly retrievalScore: number;
  readonly because?: string;
}

export interface SourceCounts {
  /** Items the source's list held. */
  readonly listed: number;
  /** Listed items skipped because `known` said no. */
  readonly excluded: number;
  /** Items it proposed (known, distinct, within its quota). */
  readonly proposed: number;
  /** Candidates whose slot this source claimed in the interleaving. */
  readonly placed: number;
  /** Candidates that list this source (placed by it or by another). */
  readonly attributed: number;
}

export interface MergeOptions {
  readonly limit: number;
  readonly quotas: Readonly<Record<SourceName, number>>;
  /** Tie order of the interleaving; sources not listed follow in SOURCES order. */
  readonly priority?: readonly SourceName[];
  /** False for items that must not be candidates (in neither the index table nor the fresh delta, or excluded for this user). */
  readonly known?: (itemId: string) => boolean;
}

export interface MergeResult {
  /** In interleaving order: the retrieval order a ranker-less fallback serves. */
  readonly candidates: readonly MergedCandidate[];
  readonly counts: Readonly<Partial<Record<SourceName, SourceCounts>>>;
}

interface Accepted {
  readonly source: SourceName;
  readonly quota: number;
  readonly rank: number;
  readonly items: Proposal[];
  readonly normalised: number[];
  excluded: number;
  listed: number;
}

function accept(list: SourceProposals, quota: number, rank: number, known: ((itemId: string) => boolean) | undefined): Accepted {
  const items: Proposal[] = [];
  const seen = new Set<string>();
  let excluded = 0;
  for (const p of list.items) {
    if (items.length >= quota) break;
    if (seen.has(p.itemId)) continue;
    seen.add(p.itemId);
    if (known !== undefined && !known(p.itemId)) {
      excluded++;
      continue;
    }
    items.push(p);
  }
  let best = 0;
  for (const p of items) if (Number.isFinite(p.score) && p.score > best) best = p.score;
  const normalised = items.map((p) => (best > 0 && Number.isFinite(p.score) ? Math.min(1, Math.max(0, p.score / best)) : 0));
  return { source: list.source, quota, rank, items, normalised, excluded, listed: list.items.length };
}

function priorityRanks(priority: readonly SourceName[] | undefined): Map<SourceName, number> {
  const order = [...(priority ?? []), ...SOURCES];
  const ranks = new Map<SourceName, number>();
  for (const s of order) if (!ranks.has(s)) ranks.set(s, ranks.size);
  return ranks;
}

/** Merges per-source proposals into at most `limit` distinct candidates (rules in the module comment). */
export function mergeProposals(lists: readonly SourceProposals[], options: MergeOptions): MergeResult {
  const { limit, quotas, known } = options;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const ranks = priorityRanks(options.priority);
  const accepted: Accepted[] = [];
  for (const list of lists) {
    const rank = ranks.get(list.source);
    if (rank === undefined) throw new RangeError(`unknown source ${JSON.stringify(list.source)}`);
    if (accepted.some((a) => a.source === list.source)) throw new RangeError(`source ${list.source} has two lists; merge them first`);
    const quota = quotas[list.source];
    if (!Number.isInteger(quota) || quota < 0) throw new RangeError(`quota of ${list.source} must be a non-negative integer, got ${quota}`);
    accepted.push(accept(list, quota, rank, known));
  }
  accepted.sort((a, b) => a.rank - b.rank);

  // Everything each item's proposers say about it.
  const info = new Map<string, { sources: SourceName[]; score: number; because?: string }>();
  for (const a of accepted) {
    a.items.forEach((p, i) => {
      let entry = info.get(p.itemId);
      if (!entry) info.set(p.itemId, (entry = { sources: [], score: 0 }));
      entry.sources.push(a.source);
      entry.score = Math.max(entry.score, a.normalised[i]!);
      if (entry.because === undefined && p.because !== undefined) entry.because = p.because;
    });
  }

  const placedBy = new Map<SourceName, number>();
  const placed = new Set<string>();
  const order: string[] = [];
  const live = accepted.filter((a) => a.items.length > 0).map((a) => ({ a, next: 0, emitted: 0 }));
  while (order.length < limit && live.length > 0) {
    // Smallest emitted/quota (cross-multiplied: exact), ties to priority (live is in priority order).
    let pick = 0;
    for (let i = 1; i < live.length; i++) {
      const c = live[i]!;
      const p = live[pick]!;
      if (c.emitted * p.a.quota < p.emitted * c.a.quota) pick = i;
    }
    const turn = live[pick]!;
    while (turn.next < turn.a.items.length && placed.has(turn.a.items[turn.next]!.itemId)) turn.next++;
    if (turn.next >= turn.a.items.length) {
      live.splice(pick, 1);
      continue;
    }
    const id = turn.a.items[turn.next++]!.itemId;
    placed.add(id);
    order.push(id);
    turn.emitted++;
    placedBy.set(turn.a.source, (placedBy.get(turn.a.source) ?? 0) + 1);
  }

  const candidates = order.map((itemId): MergedCandidate => {
    const entry = info.get(itemId)!;
    return { itemId, sources: entry.sources, retrievalScore: entry.score, ...(entry.because !== undefined && { because: entry.because }) };
  });
  const attributed = new Map<SourceName, number>();
  for (const c of candidates) for (const s of c.sources) attributed.set(s, (attributed.get(s) ?? 0) + 1);
  const counts: Partial<Record<SourceName, SourceCounts>> = {};
  for (const a of accepted) {
    counts[a.source] = { listed: a.listed, excluded: a.excluded, proposed: a.items.length, placed: placedBy.get(a.source) ?? 0, attributed: attributed.get(a.source) ?? 0 };
  }
  return { candidates, counts };
}
