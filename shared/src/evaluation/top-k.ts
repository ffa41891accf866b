// The k best items of a full-catalog score vector, skipping excluded ones:
// every baseline ranks the whole catalog and ends here. Ties go to the lower
// item index, so the result never depends on sort stability.
import { MetricInputError } from './metrics.js';

export function topK(scores: ArrayLike<number>, k: number, excluded: (index: number) => boolean): number[] {
  if (!Number.isInteger(k) || k < 1) throw new MetricInputError(`k must be a positive integer (got ${k})`);
  // A small sorted buffer: k is ≤ 500 and catalogs are ~10k, so this beats sorting everything.
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s) || excluded(i)) continue;
    if (best.length === k && !better(i, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length === k) best.pop();
    while (at > 0 && better(i, best[at - 1]!)) at--;
    best.splice(at, 0, i);
  }
  return best;
}
