// Test support: a throwaway redis-server on a free port with a kv-rest server
// in front of it, so tests exercise the real thing and clean up after.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createKvRestServer } from './server.js';
import type { KvRestServer, KvRestServerOptions } from './server.js';

export const REDIS_MISSING =
  'redis-server not found: run npm run infra:up (it installs Redis) or apt-get install redis-server';

/** A port the OS just handed out; redis-server cannot take port 0 (it means "no TCP"). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestRedis {
  readonly url: string;
  stop(): Promise<void>;
}

function startOnce(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(REDIS_MISSING) : error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  let lastError: unknown;
  // Another process can grab the probed port before redis-server binds it.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await startOnce(port);
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      };
    } catch (error) {
      if ((error as Error).message === REDIS_MISSING) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

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
