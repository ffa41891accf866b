// A token-bucket limiter kept in memory: each key may burst a minute's
// allowance and then refills continuously at perMinute/60 per second.
//
// Memory is bounded: a bucket that has refilled to full carries no state
// (it behaves exactly like a fresh one), so idle keys are dropped by a sweep,
// and past maxKeys the least recently used bucket is evicted.
export interface TakeResult {
  readonly allowed: boolean;
  /** The bucket size: the burst a key may make. */
  readonly limit: number;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
  /** When refused: seconds until one token is available (≥ 1). */
  readonly retryAfterSeconds: number;
}

export interface TokenBucketLimiter {
  /** Takes one token for key; perMinute may change between calls (config reload) and applies from then on. */
  take(key: string, perMinute: number): TakeResult;
  /** Buckets currently held (for tests and /metrics). */
  readonly size: number;
}

export interface TokenBucketOptions {
  /** Milliseconds clock; Date.now by default (inside workerd it advances with I/O, which is enough). */
  readonly now?: () => number;
  /** Most buckets held at once. Default 10,000. */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  perMinute: number;
}

export function createTokenBucketLimiter(options: TokenBucketOptions = {}): TokenBucketLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  // Map iteration order is insertion order: re-inserting on use keeps it least-recently-used first.
  const buckets = new Map<string, Bucket>();

  const refilled = (bucket: Bucket, at: number): number =>
    Math.min(bucket.perMinute, bucket.tokens + (Math.max(0, at - bucket.updatedAt) * bucket.perMinute) / 60_000);

  function makeRoom(at: number): void {
    for (const [key, bucket] of buckets) if (refilled(bucket, at) >= bucket.perMinute) buckets.delete(key);
    while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
  }

  return {
    take(key, perMinute) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket) buckets.delete(key);
      else {
        if (buckets.size >= maxKeys) makeRoom(at);
        bucket = { tokens: perMinute, updatedAt: at, perMinute };
      }
      bucket.tokens = Math.min(perMinute, refilled(bucket, at));
      bucket.perMinute = perMinute;
      bucket.updatedAt = at;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(key, bucket);
      const perSecond = perMinute / 60;
      return {
        allowed,
        limit: perMinute,
        remaining: Math.floor(bucket.tokens),
        resetSeconds: Math.ceil((perMinute - bucket.tokens) / perSecond),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      };
    },
    get size() {
      return buckets.size;
    },
  };
}
