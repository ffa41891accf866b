// The running local stack as `infra/bin/up` wired it: each region's
// Upstash-compatible endpoint sits in front of that region's own Redis, the
// regions are isolated, and `up` on a running stack changes nothing.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, loadStack, stackFilePath } from './stack.js';

const run = promisify(execFile);
const stack = loadStack();
const direct = stack.regions.map((r) => new Redis(r.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 }));
afterAll(() => direct.forEach((c) => c.disconnect()));

describe('local stack', () => {
  it('has at least two regions, each with its own Redis and REST endpoint', () => {
    expect(stack.regions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(stack.regions.map((r) => r.redisUrl)).size).toBe(stack.regions.length);
    expect(new Set(stack.regions.map((r) => r.restUrl)).size).toBe(stack.regions.length);
  });

  it("serves each region's Redis through its REST endpoint, and keeps regions apart", async () => {
    const key = `stack-test:${randomUUID()}`;
    for (const [i, region] of stack.regions.entries()) {
      const rest = new UpstashRedis({ url: region.restUrl, token: region.restToken, enableTelemetry: false });
      await rest.set(key, `written in ${region.name}`, { ex: 60 });
      expect(await direct[i]!.get(key)).toBe(`written in ${region.name}`);
    }
    // Each region saw only its own write.
    const values = await Promise.all(direct.map((c) => c.get(key)));
    expect(values).toEqual(stack.regions.map((r) => `written in ${r.name}`));
    await Promise.all(direct.map((c) => c.del(key)));
  });

  it('refuses a wrong token at every REST endpoint', async () => {
    for (const region of stack.regions) {
      const rest = new UpstashRedis({ url: region.restUrl, token: 'wrong', enableTelemetry: false });
      await expect(rest.get('anything')).rejects.toThrow(/Unauthorized/);
    }
  });

  it('is idempotent: up on a running stack keeps every service and the stack file', { timeout: 60_000 }, async () => {
    const before = readFileSync(stackFilePath(), 'utf8');
    const { stdout } = await run('bash', [resolve(REPO_ROOT, 'infra/bin/up')], { cwd: REPO_ROOT, env: process.env });
    expect(stdout).toMatch(/kafka: already running \(pid \d+\) and healthy/);
    for (const region of stack.regions) expect(stdout).toContain(`redis-${region.name}: already running`);
    expect(readFileSync(stackFilePath(), 'utf8')).toBe(before);
    await expect(run('bash', [resolve(REPO_ROOT, 'infra/bin/status')], { cwd: REPO_ROOT, env: process.env })).resolves.toBeDefined();
  });
});
