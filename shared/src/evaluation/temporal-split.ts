// The temporal split of the offline evaluation: one global cutoff time; every
// event strictly before it is training data, every event at or after it is
// test data. The cutoff is chosen as a quantile of the rating times, so "the
// last 20% of ratings" is the test period whatever the dataset's time span.

export class SplitInputError extends Error {
  override readonly name = 'SplitInputError';
}

/**
 * The smallest time t among `times` such that at least `trainShare` of them are < t: the events
 * before t are the training period. `times` need not be sorted. Ties stay on one side (a group of
 * equal times is never cut).
 */
export function cutoffAtShare(times: readonly number[], trainShare: number): number {
  if (!(trainShare > 0 && trainShare < 1)) throw new SplitInputError(`trainShare must be strictly between 0 and 1 (got ${trainShare})`);
  if (times.length < 2) throw new SplitInputError(`need at least 2 event times to split (got ${times.length})`);
  const sorted = Float64Array.from(times).sort();
  if (sorted[0] === sorted.at(-1)) throw new SplitInputError('every event has the same time: there is no temporal split');
  const at = Math.min(sorted.length - 1, Math.ceil(trainShare * sorted.length));
  let cutoff = sorted[at]!;
  // Move to the first time strictly above the preceding one, so equal times share a side.
  if (cutoff === sorted[0]) {
    let i = at;
    while (i < sorted.length && sorted[i] === cutoff) i++;
    cutoff = sorted[i] ?? sorted.at(-1)!;
  }
  return cutoff;
}

export interface TemporalSplit<E> {
  readonly cutoff: number;
  /** Events with time < cutoff, in input order. */
  readonly train: E[];
  /** Events with time ≥ cutoff, in input order. */
  readonly test: E[];
}

export function splitAt<E>(events: readonly E[], cutoff: number, timeOf: (event: E) => number): TemporalSplit<E> {
  if (!Number.isFinite(cutoff)) throw new SplitInputError(`cutoff must be a finite time (got ${cutoff})`);
  const train: E[] = [];
  const test: E[] = [];
  for (const e of events) {
    const t = timeOf(e);
    if (!Number.isFinite(t)) throw new SplitInputError(`an event has no finite time (${t})`);
    (t < cutoff ? train : test).push(e);
  }
  return { cutoff, train, test };
}
