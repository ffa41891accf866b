// Diversity (R14): no more than k consecutive items from one creator or
// sharing a primary category. The free positions are filled left to right;
// each takes the best remaining candidate that keeps both bounds, counting
// the run to its left and any fixed (pinned or exploration) run to its right.
// When no remaining candidate keeps them, the best one is placed anyway and
// the position is reported: best effort, never a shorter list.
//
// Cost: a position usually takes the head of the remaining list; it walks
// further only past candidates of the blocked creator/category, so the worst
// case is O(positions × candidates) and the usual one linear.
import { creatorOf, primaryCategoryOf, type Scored } from './scored.js';
import type { DiversityViolation } from './types.js';

export interface DiversityLimits {
  /** 0: no bound. */
  readonly creator: number;
  readonly category: number;
}

type KeyOf = (s: Scored) => string | undefined;
const KINDS: readonly (readonly ['creator' | 'category', KeyOf])[] = [
  ['creator', creatorOf],
  ['category', primaryCategoryOf],
];

/** Length of the run of equal keys among fixed slots starting at each position (0 where not fixed). */
function fixedRunsRight(slots: readonly (Scored | undefined)[], fixed: readonly boolean[], key: KeyOf): Int32Array {
  const runs = new Int32Array(slots.length + 1);
  for (let p = slots.length - 1; p >= 0; p--) {
    if (!fixed[p]) continue;
    const k = key(slots[p]!);
    if (k === undefined) continue;
    runs[p] = fixed[p + 1] && key(slots[p + 1]!) === k ? runs[p + 1]! + 1 : 1;
  }
  return runs;
}

export interface FillResult {
  /** Candidates placed ahead of a better-scored remaining one. */
  readonly moved: string[];
  /** Positions filled with no candidate keeping the bounds. */
  readonly forced: ReadonlySet<number>;
}

/**
 * Fills the empty slots (in place) from `ranked` (best first). `fixed[p]`
 * marks slots already taken. There must be at least as many ranked
 * candidates as empty slots.
 */
export function fillWithDiversity(slots: (Scored | undefined)[], fixed: readonly boolean[], ranked: readonly Scored[], limits: DiversityLimits): FillResult {
  const n = ranked.length;
  // A linked list over `ranked`: O(1) removal of whichever candidate a slot takes.
  const next = Int32Array.from({ length: n }, (_, i) => i + 1);
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  let head = 0;
  const kinds = KINDS.map(([, key], i) => ({ key, limit: i === 0 ? limits.creator : limits.category, right: fixedRunsRight(slots, fixed, key), leftKey: undefined as string | undefined, leftRun: 0 }))
    .filter((k) => k.limit > 0);
  const moved: string[] = [];
  const forced = new Set<number>();

  const keeps = (s: Scored, p: number): boolean => {
    for (const kind of kinds) {
      const k = kind.key(s);
      if (k === undefined) continue;
      let run = 1 + (k === kind.leftKey ? kind.leftRun : 0);
      if (fixed[p + 1] && kind.key(slots[p + 1]!) === k) run += kind.right[p + 1]!;
      if (run > kind.limit) return false;
    }
    return true;
  };

  for (let p = 0; p < slots.length; p++) {
    if (!fixed[p]) {
      if (head >= n) throw new RangeError(`diversity fill: ${slots.length} slots but only ${n} candidates`);
      let at = head;
      while (at < n && !keeps(ranked[at]!, p)) at = next[at]!;
      if (at >= n) {
        at = head;
        forced.add(p);
      } else if (at !== head) {
        moved.push(ranked[at]!.candidate.itemId);
      }
      slots[p] = ranked[at]!;
      // Unlink.
      if (prev[at]! >= 0) next[prev[at]!] = next[at]!;
      else head = next[at]!;
      if (next[at]! < n) prev[next[at]!] = prev[at]!;
    }
    for (const kind of kinds) {
      const k = kind.key(slots[p]!);
      kind.leftRun = k !== undefined && k === kind.leftKey ? kind.leftRun + 1 : k === undefined ? 0 : 1;
      kind.leftKey = k;
    }
  }
  return { moved, forced };
}

/** Every position where a run exceeds its bound, with the reason it could not be avoided. */
export function diversityViolations(list: readonly Scored[], limits: DiversityLimits, forced: ReadonlySet<number>): DiversityViolation[] {
  const out: DiversityViolation[] = [];
  for (const [kind, key] of KINDS) {
    const limit = kind === 'creator' ? limits.creator : limits.category;
    if (limit <= 0) continue;
    let run = 0;
    let last: string | undefined;
    list.forEach((s, p) => {
      const k = key(s);
      run = k !== undefined && k === last ? run + 1 : k === undefined ? 0 : 1;
      last = k;
      if (run > limit) out.push({ position: p, itemId: s.candidate.itemId, kind, cause: forced.has(p) ? 'no-alternative' : 'fixed' });
    });
  }
  return out.sort((a, b) => a.position - b.position);
}
