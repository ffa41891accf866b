// Ad-hoc latency check of the dev endpoint through @upstash/redis (not a test):
//   node --import tsx infra/src/kv-rest/measure-latency.ts
// Starts its own throwaway redis-server and kv-rest server on loopback.
import { Redis } from '@upstash/redis';
import type { RedisConfigNodejs } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { keyPrefix, startStack } from './test-stack.js';

const ITEMS = 500;
const FIELDS = 16;

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(3);
  return `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  (n=${sorted.length})`;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

const stack = await startStack();
const direct = new IORedis(stack.redis.url);
try {
  const k = keyPrefix();
  await direct.set(`${k}single`, JSON.stringify({ user: 'u1', vec: Array.from({ length: 32 }, (_, i) => i / 7) }));
  const write = direct.pipeline();
  for (let item = 0; item < ITEMS; item++) {
    const fields: string[] = [];
    for (let f = 0; f < FIELDS; f++) fields.push(`f${f}`, (Math.random() * 100).toFixed(6));
    write.hset(`${k}item:${item}`, ...fields);
  }
  await write.exec();
  const keys = Array.from({ length: ITEMS }, (_, item) => `${k}item:${item}`);

  const variants: { label: string; config: Omit<RedisConfigNodejs, 'url' | 'token'> }[] = [
    { label: 'base64 (default)', config: {} },
    { label: 'responseEncoding: false', config: { responseEncoding: false } },
  ];
  for (const { label, config } of variants) {
    const redis = new Redis({ url: stack.url, token: stack.token, ...config });
    await time(200, () => redis.get(`${k}single`)); // warm up sockets and JIT
    console.log(`[${label}] single GET:            ${summary(await time(2000, () => redis.get(`${k}single`)))}`);
    const pipelined = async (): Promise<unknown> => {
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      return pipeline.exec();
    };
    await time(10, pipelined);
    console.log(`[${label}] pipeline ${ITEMS} HGETALL:  ${summary(await time(100, pipelined))}`);
  }

  await time(200, () => direct.get(`${k}single`));
  console.log(`[ioredis direct, no HTTP] single GET:   ${summary(await time(2000, () => direct.get(`${k}single`)))}`);
  const directPipeline = async (): Promise<unknown> => {
    const pipeline = direct.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    return pipeline.exec();
  };
  await time(10, directPipeline);
  console.log(`[ioredis direct, no HTTP] pipeline ${ITEMS} HGETALL: ${summary(await time(100, directPipeline))}`);
} finally {
  direct.disconnect();
  await stack.stop();
}
