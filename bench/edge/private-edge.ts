// A wrangler dev of the bench's own, for when an edge someone else started already holds
// infra/bin/edge's slot with settings the load cannot use (its per-key rate limit): the same
// flags as infra/bin/edge (region environment, the region's R2 as shipped, its REST KV
// endpoint, the local credentials) on another port, stopped by this bench (its own child).
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, loadStack } from '@freshet/infra/stack';

export interface PrivateEdge {
  readonly url: string;
  readonly log: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export async function startPrivateEdge(o: { region: string; port: number; apiKey: string; adminToken: string; vars: Readonly<Record<string, string>> }): Promise<PrivateEdge> {
  const stack = loadStack();
  const region = stack.regions.find((r) => r.name === o.region);
  if (!region) throw new Error(`no region ${o.region} in the local stack`);
  const log = join(stack.stateDir, 'logs', 'bench-edge-worker.log');
  const out = openSync(log, 'a');
  const vars = {
    KV_REST_URL: region.restUrl, KV_REST_TOKEN: region.restToken, API_KEYS: JSON.stringify({ local: o.apiKey }), ADMIN_TOKEN: o.adminToken, CORS_ORIGINS: '*', ...o.vars,
  };
  const child: ChildProcess = spawn(
    join(REPO_ROOT, 'node_modules', '.bin', 'wrangler'),
    [
      'dev', '--config', join(REPO_ROOT, 'wrangler.toml'), '--env', o.region, '--ip', '127.0.0.1', '--port', String(o.port), '--inspector-port', '0',
      '--persist-to', join(stack.stateDir, 'r2', o.region), '--show-interactive-dev-session=false', '--log-level', 'warn',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: REPO_ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', out, out], detached: true },
  );
  const url = `http://127.0.0.1:${o.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM'); // its own process group: wrangler and the workerd it started
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}; see ${log}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { url, log, pid: child.pid, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer /healthz within 2 minutes; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
