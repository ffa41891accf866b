// Rate limit per API key (client app), answering 429 with Retry-After and the
// RateLimit-* headers (IETF draft-ietf-httpapi-ratelimit-headers-06 fields).
//
// The buckets live in the memory of one isolate: a client spread over many
// isolates or colos gets up to the limit from each. That bounds abuse cheaply
// and needs no I/O on the hot path; for a fleet-wide limit use the Workers
// Rate Limiting binding ([[unsafe.bindings]] type = "ratelimit", read with
// env.LIMITER.limit({ key })) in production, which keeps counters per colo.
// Requires httpConfig() and apiKeyAuth() before it.
import type { MiddlewareHandler } from 'hono';
import type { HttpHonoEnv } from './context.js';
import { errorResponse } from './problems.js';
import { createTokenBucketLimiter, type TokenBucketLimiter } from './token-bucket.js';

export interface RateLimitOptions {
  /** Inject for tests (clock) or to share one limiter between apps; by default one per middleware instance. */
  readonly limiter?: TokenBucketLimiter;
}

export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler<HttpHonoEnv> {
  const limiter = options.limiter ?? createTokenBucketLimiter();
  return async function rateLimit(c, next) {
    const perMinute = c.var.httpConfig.rateLimitPerMinute;
    const result = limiter.take(c.var.clientApp, perMinute);
    const headers: Record<string, string> = {
      'ratelimit-limit': String(result.limit),
      'ratelimit-remaining': String(result.remaining),
      'ratelimit-reset': String(result.resetSeconds),
      'ratelimit-policy': `${perMinute};w=60`,
    };
    if (!result.allowed) {
      return errorResponse(
        429,
        'rate_limited',
        `this API key may make ${perMinute} requests per minute; retry after ${result.retryAfterSeconds} s`,
        { ...headers, 'retry-after': String(result.retryAfterSeconds) },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
