// The feature job's command line as an operator meets it: help, precise
// errors for bad flags, the metrics endpoint, and a graceful stop that leaves
// the offline store flushed.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@freshet/infra/stack';
import { freePort, startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { readOfflineEvents } from '../offline/reader.js';
import { createJobTopics, produce, waitForJob } from '../testing/feature-harness.js';
import { createKafkaTestKit, uniqueName } from '../testing/kafka.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { RedisRegion } from './redis-region.js';

const run = promisify(execFile);
const MAIN = resolve(REPO_ROOT, 'stream-jobs/src/features/main.ts');
const kit = createKafkaTestKit('features-cli-test');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await kit.cleanup();
}, 60_000);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('freshet-features', () => {
  it('explains itself', { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--regions', '--allowed-lateness', '--offline-dir', '--metrics-port', '--no-snapshots']) expect(stdout).toContain(flag);
  });

  it('rejects bad flags with a message that names the flag and the expected form', { timeout: 30_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['--allowed-lateness', '5'], /--allowed-lateness must be a duration such as 500ms, 30s, 10m, 2h or 1d; got "5"/],
      [['--regions', 'eu-west'], /--regions: "eu-west" is not name=redis:\/\/host:port/],
      [['--regions', 'a=http://x:1'], /--regions: "http:\/\/x:1" is not a redis:\/\/ or rediss:\/\/ URL/],
      [['--concurrency', '0'], /--concurrency must be a positive integer, got "0"/],
      [['--brokers', 'nohost'], /--brokers: "nohost" is not host:port/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args);
      expect({ args, code }).toEqual({ args, code: 1 });
      expect(stderr).toMatch(message);
    }
  });

  it('serves metrics while it runs and, on SIGTERM, stops cleanly with the offline store flushed', { timeout: 90_000 }, async () => {
    const topics = await createJobTopics(kit, 2);
    const redis: TestRedis = await startRedis();
    const region = new RedisRegion({ name: 'only', redisUrl: redis.url });
    await region.connect();
    const offlineDir = mkdtempSync(join(tmpdir(), 'freshet-cli-offline-'));
    cleanups.push(async () => {
      await region.close();
      await redis.stop();
      rmSync(offlineDir, { recursive: true, force: true });
    });
    const { events, catalog } = syntheticEnriched({ seed: 8, users: 50, items: 60, events: 1500 });
    await produce(kit, topics, catalog, events.map((e) => e.event));

    const port = await freePort();
    const group = uniqueName('features');
    const job = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--brokers', kit.brokers.join(','), '--group', group, '--regions', `only=${redis.url}`,
        '--events-topic', topics.events, '--catalog-topic', topics.catalog, '--metrics-port', String(port),
        '--offline-dir', offlineDir, '--log-level', 'warn', '--kafka-log-level', 'silent'],
      { cwd: REPO_ROOT, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((done) => job.once('exit', (code) => done(code)));
    await waitForJob(kit, [region], group, topics.events);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const applied = Number(/freshet_feature_records_total\{topic="[^"]+",outcome="applied"\} (\d+)/.exec(metrics.split('\n').find((l) => l.includes(topics.events) && l.includes('applied')) ?? '')?.[1]);
    expect(applied).toBe(events.length);
    for (const name of ['freshet_feature_consumer_lag', 'freshet_feature_freshness_seconds_bucket', 'freshet_feature_dead_letters_total', 'process_resident_memory_bytes']) {
      expect(metrics).toContain(name);
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    job.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await readOfflineEvents(offlineDir)).toHaveLength(events.length);
  });
});
