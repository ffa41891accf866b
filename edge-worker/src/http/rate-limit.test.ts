import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_KEYS, createTestApp, testEnv } from './test-support.js';
import { createTokenBucketLimiter } from './token-bucket.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('token bucket', () => {
  it('allows a burst of perMinute, then refuses until a token refills', () => {
    const c = clock();
    const limiter = createTokenBucketLimiter({ now: c.now });
    for (let i = 0; i < 60; i++) expect(limiter.take('k', 60).allowed).toBe(true);
    const refused = limiter.take('k', 60);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    c.advance(999);
    expect(limiter.take('k', 60).allowed).toBe(false);
    c.advance(1);
    expect(limiter.take('k', 60)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('keeps keys apart', () => {
    const limiter = createTokenBucketLimiter({ now: clock().now });
    expect(limiter.take('a', 1).allowed).toBe(true);
    expect(limiter.take('a', 1).allowed).toBe(false);
    expect(limiter.take('b', 1).allowed).toBe(true);
  });

  it('never allows more than perMinute + elapsed refill, whatever the request times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 }), (perMinute, gaps) => {
        const c = clock();
        const limiter = createTokenBucketLimiter({ now: c.now });
        let allowed = 0;
        let elapsed = 0;
        for (const gap of gaps) {
          elapsed += gap;
          c.advance(gap);
          if (limiter.take('k', perMinute).allowed) allowed += 1;
        }
        expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((elapsed * perMinute) / 60_000));
      }),
    );
  });

  it('bounds memory: idle (refilled) buckets are dropped and past maxKeys the least recently used goes', () => {
    const c = clock();
    const limiter = createTokenBucketLimiter({ now: c.now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.take(key, 60);
    expect(limiter.size).toBe(3);
    limiter.take('a', 60); // a is now the most recently used
    limiter.take('d', 60); // none has refilled yet: b (least recently used) is evicted
    expect(limiter.size).toBe(3);
    c.advance(2000); // a, c and d have refilled: they are idle and dropped to make room
    limiter.take('e', 60);
    expect(limiter.size).toBe(1);
  });

  it('an evicted or idle bucket behaves like a fresh one (no extra burst, no lost allowance)', () => {
    const c = clock();
    const limiter = createTokenBucketLimiter({ now: c.now, maxKeys: 1 });
    expect(limiter.take('a', 2).remaining).toBe(1);
    c.advance(60_000);
    limiter.take('b', 2); // a has refilled; dropping it changes nothing
    expect(limiter.take('a', 2)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe('rate limit middleware', () => {
  it('answers 429 with Retry-After and RateLimit headers once a key is over, and recovers after the wait', async () => {
    const c = clock();
    const app = createTestApp({ limiter: createTokenBucketLimiter({ now: c.now }) });
    const env = testEnv({ RATE_LIMIT_PER_MINUTE: '2' });
    const get = (key: string) => app.request('/v1/recommendations?user_id=u1', { headers: { 'x-api-key': key } }, env);

    const first = await get(TEST_KEYS['tv-app']);
    expect(first.status).toBe(200);
    expect(Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('ratelimit')))).toEqual({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '30',
      'ratelimit-policy': '2;w=60',
    });
    expect((await get(TEST_KEYS['tv-app'])).status).toBe(200);
    const refused = await get(TEST_KEYS['tv-app']);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toEqual({ error: 'rate_limited', problem: 'this API key may make 2 requests per minute; retry after 30 s' });

    // Another app's key has its own bucket.
    expect((await get(TEST_KEYS['web-app'])).status).toBe(200);

    c.advance(30_000);
    expect((await get(TEST_KEYS['tv-app'])).status).toBe(200);
  });

  it('does not spend tokens on requests refused by auth', async () => {
    const c = clock();
    const app = createTestApp({ limiter: createTokenBucketLimiter({ now: c.now }) });
    const env = testEnv({ RATE_LIMIT_PER_MINUTE: '1' });
    for (let i = 0; i < 3; i++) expect((await app.request('/v1/recommendations?user_id=u1', {}, env)).status).toBe(401);
    expect((await app.request('/v1/recommendations?user_id=u1', { headers: { 'x-api-key': TEST_KEYS['tv-app'] } }, env)).status).toBe(200);
  });
});
