// The endpoint as the edge worker sees it: every call goes through
// @upstash/redis itself, with both reply encodings the client supports.
import { Redis } from '@upstash/redis';
import type { RedisConfigNodejs } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPrefix, startStack } from './test-stack.js';
import type { TestStack } from './test-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
}, 20_000);

afterAll(async () => {
  await stack?.stop();
});

type ClientConfig = Omit<RedisConfigNodejs, 'url' | 'token'>;

const encodings: { label: string; config: ClientConfig }[] = [
  { label: 'base64 replies (the client default)', config: {} },
  { label: 'plain replies (responseEncoding: false)', config: { responseEncoding: false } },
];

describe.each(encodings)('through @upstash/redis with $label', ({ config }) => {
  const client = (extra: ClientConfig = {}): Redis =>
    new Redis({ url: stack.url, token: stack.token, retry: false, ...config, ...extra });

  describe('values', { timeout: 10_000 }, () => {
    it('sets and gets strings, including unicode and control characters', async () => {
      const redis = client();
      const k = keyPrefix();
      const values = ['hello', '', 'OK', 'héllo wörld ✓ 🚀 日本語', 'nul\u0000byte', 'line\nbreak\ttab "quoted" \\ back'];
      for (const [i, value] of values.entries()) {
        expect(await redis.set(`${k}${i}`, value)).toBe('OK');
        expect(await redis.get(`${k}${i}`)).toBe(value);
      }
      expect(await redis.get(`${k}missing`)).toBeNull();
    });

    it('round-trips JSON objects and numbers the client serializes', async () => {
      const redis = client();
      const k = keyPrefix();
      const user = { id: 'u1', vec: [0.25, -1, 3e-7], nested: { ok: true, none: null, name: 'Zoë' } };
      await redis.set(`${k}user`, user);
      expect(await redis.get(`${k}user`)).toEqual(user);
      await redis.set(`${k}n`, 42);
      expect(await redis.get<number>(`${k}n`)).toBe(42);
      expect(await redis.incr(`${k}n`)).toBe(43);
      expect(await redis.incrbyfloat(`${k}n`, 0.5)).toBe(43.5);
      expect(await redis.mget(`${k}n`, `${k}user`, `${k}missing`)).toEqual([43.5, user, null]);
    });

    it('returns raw strings when automaticDeserialization is off', async () => {
      const redis = client({ automaticDeserialization: false });
      const k = keyPrefix();
      await redis.set(`${k}n`, 42);
      await redis.set(`${k}o`, { a: 1 });
      expect(await redis.get(`${k}n`)).toBe('42');
      expect(await redis.get(`${k}o`)).toBe('{"a":1}');
    });

    it('expires keys (SET EX, TTL, EXPIRE, PERSIST)', async () => {
      const redis = client();
      const k = keyPrefix();
      await redis.set(`${k}a`, 'v', { ex: 100 });
      expect(await redis.ttl(`${k}a`)).toBeGreaterThanOrEqual(99);
      await redis.set(`${k}b`, 'v', { px: 50 });
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await redis.get(`${k}b`)).toBeNull();
      await redis.set(`${k}c`, 'v');
      expect(await redis.ttl(`${k}c`)).toBe(-1);
      expect(await redis.expire(`${k}c`, 30)).toBe(1);
      expect(await redis.persist(`${k}c`)).toBe(1);
      expect(await redis.ttl(`${k}missing`)).toBe(-2);
    });
  });

  describe('data structures', { timeout: 10_000 }, () => {
    it('hashes: hset, hgetall, hmget, hincrby', async () => {
      const redis = client();
      const k = `${keyPrefix()}h`;
      expect(await redis.hset(k, { name: 'ada', visits: 3, tags: ['a', 'b'] })).toBe(3);
      expect(await redis.hgetall(k)).toEqual({ name: 'ada', visits: 3, tags: ['a', 'b'] });
      expect(await redis.hmget(k, 'name', 'missing')).toEqual({ name: 'ada', missing: null });
      expect(await redis.hincrby(k, 'visits', 2)).toBe(5);
      expect(await redis.hgetall(`${k}:missing`)).toBeNull();
    });

    it('sorted sets: zadd, zrange with scores, zscore', async () => {
      const redis = client();
      const k = `${keyPrefix()}z`;
      expect(await redis.zadd(k, { score: 2.5, member: 'b' }, { score: 1, member: 'a' })).toBe(2);
      expect(await redis.zrange(k, 0, -1)).toEqual(['a', 'b']);
      expect(await redis.zrange(k, 0, -1, { withScores: true })).toEqual(['a', 1, 'b', 2.5]);
      expect(await redis.zrange(k, 0, 0, { rev: true })).toEqual(['b']);
      expect(await redis.zscore(k, 'b')).toBe(2.5);
    });

    it('lists: rpush, lrange, lpop, llen', async () => {
      const redis = client();
      const k = `${keyPrefix()}l`;
      expect(await redis.rpush(k, 'a', 'b', 'c')).toBe(3);
      expect(await redis.lrange(k, 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await redis.lpop(k)).toBe('a');
      expect(await redis.llen(k)).toBe(2);
    });
  });

  describe('pipelines and transactions', { timeout: 10_000 }, () => {
    it('runs an explicit pipeline and returns results in order', async () => {
      const redis = client();
      const k = keyPrefix();
      const results = await redis
        .pipeline()
        .set(`${k}s`, 'v')
        .get(`${k}s`)
        .incr(`${k}n`)
        .hset(`${k}h`, { f: 'x' })
        .hgetall(`${k}h`)
        .get(`${k}missing`)
        .exec();
      expect(results).toEqual(['OK', 'v', 1, 1, { f: 'x' }, null]);
    });

    it('batches concurrent calls through auto-pipelining', async () => {
      const redis = client();
      const k = keyPrefix();
      await Promise.all(Array.from({ length: 50 }, (_, i) => redis.set(`${k}${i}`, `v${i}`)));
      const values = await Promise.all(Array.from({ length: 50 }, (_, i) => redis.get(`${k}${i}`)));
      expect(values).toEqual(Array.from({ length: 50 }, (_, i) => `v${i}`));
      expect((redis as unknown as { pipelineCounter: number }).pipelineCounter).toBeLessThanOrEqual(4);
    });

    it('runs multi() as one transaction', async () => {
      const redis = client();
      const k = keyPrefix();
      expect(await redis.multi().set(`${k}n`, 1).incr(`${k}n`).get(`${k}n`).exec()).toEqual(['OK', 2, 2]);
    });

    it('keeps concurrent transactions apart (more of them than dedicated connections)', async () => {
      const redis = client({ enableAutoPipelining: false });
      const k = `${keyPrefix()}shared`;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => redis.multi().set(k, `t${i}`).get(k).exec()),
      );
      results.forEach((result, i) => expect(result).toEqual(['OK', `t${i}`]));
    });
  });

  describe('errors', { timeout: 10_000 }, () => {
    it('throws Redis’s message for a failing command', async () => {
      const k = keyPrefix();
      const direct = client({ enableAutoPipelining: false });
      await direct.set(k, 'not a number');
      await expect(direct.incr(k)).rejects.toThrow(/ERR value is not an integer or out of range/);
      await expect(client().incr(k)).rejects.toThrow(/ERR value is not an integer or out of range/);
    });

    it('reports an error inside a pipeline for that command only', async () => {
      const redis = client();
      const k = keyPrefix();
      const pipeline = () => redis.pipeline().set(k, 'x').incr(k).get(k);
      const kept = await pipeline().exec({ keepErrors: true });
      expect(kept[0]).toEqual({ result: 'OK', error: undefined });
      expect(kept[1]?.error).toMatch(/ERR value is not an integer/);
      expect(kept[2]).toEqual({ result: 'x', error: undefined });
      await expect(pipeline().exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
    });

    it('reports a failing command inside multi() without undoing the others', async () => {
      const redis = client();
      const k = keyPrefix();
      const kept = await redis.multi().set(k, 'x').incr(k).get(k).exec({ keepErrors: true });
      expect(kept.map((entry) => entry.error === undefined)).toEqual([true, false, true]);
      expect(kept[2]?.result).toBe('x');
    });

    it('rejects a wrong token', async () => {
      const redis = new Redis({ url: stack.url, token: 'wrong', retry: false, ...config });
      await expect(redis.get('anything')).rejects.toThrow(/Unauthorized/);
    });
  });
});
