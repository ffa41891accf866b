// Small statistics helpers for benchmarks.

/** The q-quantile (0..1) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * The median with a distribution-free ~95% confidence interval: the order statistics at ranks
 * ⌊n/2 − 1.96·√n/2⌋ and ⌈1 + n/2 + 1.96·√n/2⌉ (1-based; normal approximation to the
 * binomial), clamped to the data. NaNs for no values.
 */
export function medianWithInterval(values: readonly number[]): { median: number; low: number; high: number } {
  if (values.length === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = (1.96 * Math.sqrt(n)) / 2;
  const at = (rank: number) => sorted[Math.min(n - 1, Math.max(0, rank))]!;
  return { median: percentile(sorted, 0.5), low: at(Math.floor(n / 2 - half) - 1), high: at(Math.ceil(1 + n / 2 + half) - 1) };
}
