// Test support: a throwaway redis-server (testing/redis.ts) with a kv-rest server
// in front of it, so tests exercise the real thing and clean up after.
import { randomBytes, randomUUID } from 'node:crypto';
import { startRedis, type TestRedis } from '../testing/redis.js';
import { createKvRestServer } from './server.js';
import type { KvRestServer, KvRestServerOptions } from './server.js';

export interface TestStack {
  readonly redis: TestRedis;
  readonly server: KvRestServer;
  /** Base URL of the REST endpoint, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

export async function startStack(options: Partial<KvRestServerOptions> = {}): Promise<TestStack> {
  const redis = await startRedis();
  const token = randomBytes(24).toString('base64url');
  const server = createKvRestServer({ redisUrl: redis.url, token, ...options });
  const port = await server.listen(0);
  return {
    redis,
    server,
    url: `http://127.0.0.1:${port}`,
    token,
    async stop() {
      await server.close();
      await redis.stop();
    },
  };
}

/** A key prefix no other test uses. */
export function keyPrefix(): string {
  return `test:${randomUUID()}:`;
}

export { REDIS_MISSING, freePort, startRedis, type TestRedis } from '../testing/redis.js';
