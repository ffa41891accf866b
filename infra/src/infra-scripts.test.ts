// How infra/bin/up fails: before starting anything, with a message that names
// the problem and what to do. Each case uses its own state dir and ports, so
// the stack the other tests use is never touched.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './stack.js';

const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'freshet-infra-test-'));
const cleanups: string[] = [stateDir];
afterAll(() => cleanups.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs infra/bin/up with isolated settings; resolves to its exit code and output. */
async function up(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const isolated = {
    ...process.env,
    FRESHET_STATE_DIR: stateDir,
    KAFKA_PORT: '47092',
    KAFKA_CONTROLLER_PORT: '47093',
    REDIS_BASE_PORT: '46379',
    KV_REST_BASE_PORT: '48079',
    ...env,
  };
  try {
    const { stdout, stderr } = await run('bash', [resolve(REPO_ROOT, 'infra/bin/up')], { cwd: REPO_ROOT, env: isolated });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/**
 * A PATH with every command of the current PATH, except that each named tool is
 * missing (null) or replaced by a shell script body.
 */
function pathWith(tools: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'freshet-path-'));
  cleanups.push(dir);
  for (const folder of (process.env.PATH ?? '').split(':').reverse()) {
    let entries: string[] = [];
    try {
      entries = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (name in tools) continue;
      rmSync(join(dir, name), { force: true });
      symlinkSync(join(folder, name), join(dir, name));
    }
  }
  for (const [name, body] of Object.entries(tools)) {
    if (body !== null) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

describe('infra/bin/up failures', () => {
  it('names a taken port, what holds it, and the variable that moves it', { timeout: 30_000 }, async () => {
    const squatter = await listen(47092);
    try {
      const { code, output } = await up({});
      expect(code).toBe(1);
      expect(output).toMatch(/port 47092 is already in use by node/);
      expect(output).toMatch(/KAFKA_PORT=<port> npm run infra:up/);
    } finally {
      squatter.close();
    }
  });

  it('refuses overlapping port settings before starting anything', { timeout: 30_000 }, async () => {
    const { code, output } = await up({ REDIS_BASE_PORT: '47092' });
    expect(code).toBe(1);
    expect(output).toMatch(/the configured ports overlap \(47092 47093 \): with 2 regions/);
  });

  it('rejects malformed settings with the variable named', { timeout: 30_000 }, async () => {
    expect((await up({ KAFKA_PORT: '99999' })).output).toMatch(/KAFKA_PORT=99999 is not a port number/);
    expect((await up({ FRESHET_REGIONS: 'EU West' })).output).toMatch(/FRESHET_REGIONS: 'EUWest' is not a valid region name/);
    expect((await up({ KAFKA_PARTITIONS: '0' })).output).toMatch(/KAFKA_PARTITIONS=0 is not a positive integer/);
  });

  it('says how to get Java when it is missing, or too old', { timeout: 30_000 }, async () => {
    const missing = await up({ PATH: pathWith({ java: null }) });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/java not found\. Kafka needs Java 17 or newer: apt-get install -y openjdk-17-jre-headless/);

    const old = await up({ PATH: pathWith({ java: 'echo \'openjdk version "11.0.2" 2019-01-15\' >&2' }) });
    expect(old.code).toBe(1);
    expect(old.output).toMatch(/java 11.0.2 found, Kafka 4 needs Java 17 or newer/);
  });
});
