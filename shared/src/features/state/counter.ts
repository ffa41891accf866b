// The windowed counter: integer counts in event-time buckets, one encoded
// string per (entity, state, dimension). Merging adds counts and keeps only
// the `retention` newest bucket indices, so the result does not depend on the
// order events arrive in. The Lua twin in stream-jobs applies the same merge in
// Redis; a conformance test keeps the two byte-for-byte equal.
//
// Encoding: "b:c,b:c,..." with b the bucket index in base 36 (ascending) and c
// a signed decimal integer. A bucket whose count returns to 0 is kept until the
// retention drops it: dropping it earlier could lower the newest bucket index,
// and pruning would then depend on arrival order.

export type Buckets = ReadonlyMap<number, number>;

export function decodeCounter(encoded: string | undefined | null): Map<number, number> {
  const buckets = new Map<number, number>();
  if (!encoded) return buckets;
  for (const pair of encoded.split(',')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) continue;
    const bucket = parseInt(pair.slice(0, colon), 36);
    const count = Number(pair.slice(colon + 1));
    if (Number.isSafeInteger(bucket) && Number.isSafeInteger(count)) buckets.set(bucket, count);
  }
  return buckets;
}

export function encodeCounter(buckets: Buckets): string {
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([bucket, count]) => `${bucket.toString(36)}:${count}`)
    .join(',');
}

/** Adds increments (bucket → amount) and keeps the `retention` newest bucket indices. */
export function mergeCounter(current: Buckets, increments: Buckets, retention: number): Map<number, number> {
  const merged = new Map(current);
  for (const [bucket, amount] of increments) merged.set(bucket, (merged.get(bucket) ?? 0) + amount);
  let newest = -Infinity;
  for (const bucket of merged.keys()) if (bucket > newest) newest = bucket;
  for (const bucket of merged.keys()) if (bucket <= newest - retention) merged.delete(bucket);
  return merged;
}

/**
 * Sum of the buckets whose start lies in (t - window, t]: the window ending at
 * t, quantised to bucket starts. Buckets after t are ignored, so a value "as of
 * t" never sees later events.
 */
export function windowSum(buckets: Buckets, t: number, windowMs: number, widthMs: number): number {
  let sum = 0;
  for (const [bucket, count] of buckets) {
    const start = bucket * widthMs;
    if (start <= t && start > t - windowMs) sum += count;
  }
  return sum;
}

/** Sum over every bucket that starts at or before t (for all-time counters). */
export function sumUpTo(buckets: Buckets, t: number, widthMs: number): number {
  let sum = 0;
  for (const [bucket, count] of buckets) if (bucket * widthMs <= t) sum += count;
  return sum;
}
