// Drift between two index versions (R8): items known to be similar must stay
// neighbours. For each anchor item, overlap@k is the share of its top-k
// neighbours in the active version that are still among its top-k in the new
// one; the check passes when the mean over anchors reaches the threshold.

export interface AnchorOverlap {
  readonly itemId: string;
  /** In [0, 1]; undefined when the anchor was skipped (see `skipped`). */
  readonly overlap?: number;
  /** Why the anchor does not count: absent from a version, or no neighbours in the active one. */
  readonly skipped?: string;
}

export interface DriftReport {
  readonly k: number;
  readonly threshold: number;
  /** Mean overlap@k over the anchors that count; 1 when none count (nothing to compare). */
  readonly meanOverlap: number;
  readonly minOverlap: number;
  readonly counted: number;
  readonly passed: boolean;
  readonly anchors: readonly AnchorOverlap[];
}

/**
 * Share of `before`'s top-k (the anchor itself excluded) found in `after`'s top-k.
 * The denominator is the number of `before` neighbours considered, so a
 * catalog with fewer than k neighbours still scores 1 when nothing moved.
 */
export function overlapAtK(before: readonly string[], after: readonly string[], k: number, anchor?: string): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const top = (list: readonly string[]) => [...new Set(list.filter((id) => id !== anchor))].slice(0, k);
  const old = top(before);
  if (old.length === 0) return 1;
  const now = new Set(top(after));
  let kept = 0;
  for (const id of old) if (now.has(id)) kept++;
  return kept / old.length;
}

/** Neighbour lists of one anchor in both versions; null where the anchor is not in that version. */
export interface AnchorNeighbours {
  readonly itemId: string;
  readonly before: readonly string[] | null;
  readonly after: readonly string[] | null;
}

export function driftReport(lists: readonly AnchorNeighbours[], k: number, threshold: number): DriftReport {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`drift threshold must be between 0 and 1, got ${threshold}`);
  const anchors: AnchorOverlap[] = lists.map(({ itemId, before, after }) => {
    if (before === null) return { itemId, skipped: 'not in the active version' };
    if (after === null) return { itemId, skipped: 'not in the new version (removed from the catalog)' };
    if (before.filter((id) => id !== itemId).length === 0) return { itemId, skipped: 'no neighbours in the active version' };
    return { itemId, overlap: overlapAtK(before, after, k, itemId) };
  });
  const values = anchors.flatMap((a) => (a.overlap === undefined ? [] : [a.overlap]));
  const meanOverlap = values.length === 0 ? 1 : values.reduce((a, b) => a + b, 0) / values.length;
  const minOverlap = values.length === 0 ? 1 : Math.min(...values);
  return { k, threshold, meanOverlap, minOverlap, counted: values.length, passed: meanOverlap >= threshold, anchors };
}
