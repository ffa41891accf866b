// The edge worker served by workerd through Miniflare, without wrangler dev: the worker is bundled
// exactly as a deploy would bundle it (`wrangler deploy --dry-run --outdir`: index.js plus its
// static .wasm modules), then Miniflare runs that bundle on loopback with the region's R2 bucket
// as `npm run index -- ship` persisted it and the vars infra/bin/edge passes. Why: under wrangler
// dev a request also crosses wrangler's proxy workerd and its node process (inspector and log
// relay), which cost more CPU than the worker itself on this 2-core machine; a deployed worker
// has neither. Miniflare still routes through its entry worker, inside the same workerd process.
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import { REPO_ROOT, loadStack } from '@freshet/infra/stack';
import { commandOf, withDescendants } from './process-cpu.js';
import { runOrThrow } from './shell.js';

export interface MiniflareEdge {
  readonly url: string;
  /** Where the worker's stdout/stderr (one impression-log line per request) goes. */
  readonly log: string;
  /** The workerd processes Miniflare started for this edge (for their CPU time). */
  readonly workerdPids: readonly number[];
  stop(): Promise<void>;
}

export interface MiniflareEdgeOptions {
  readonly region: string;
  readonly apiKey: string;
  readonly adminToken: string;
  /** Extra plain-text vars, e.g. RATE_LIMIT_PER_MINUTE; they override the defaults. */
  readonly vars: Readonly<Record<string, string>>;
  /** 0 (default): a free port. */
  readonly port?: number;
}

/** wrangler.toml's top-level compatibility_date (the one every environment inherits). */
export function compatibilityDateOf(tomlText: string): string {
  const found = /^\s*compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"\s*$/m.exec(tomlText);
  if (!found) throw new Error('wrangler.toml has no compatibility_date = "YYYY-MM-DD" line');
  return found[1]!;
}

/** Bundles the worker for a region like `wrangler deploy` would, into a fresh temporary directory; returns it. */
export async function bundleWorker(region: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), `bench-edge-bundle-${region}-`));
  // The ranker's WASM is imported from a vendored copy (postinstall); make sure it is there.
  await runOrThrow('node', [join(REPO_ROOT, 'edge-worker', 'scripts', 'ranking-ort-wasm.mjs')]);
  await runOrThrow(join(REPO_ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir, '--config', join(REPO_ROOT, 'wrangler.toml'), '--env', region], {
    env: { WRANGLER_SEND_METRICS: 'false' },
  });
  const files = readdirSync(outdir);
  if (!files.includes('index.js')) throw new Error(`wrangler deploy --dry-run left no index.js in ${outdir} (found: ${files.join(', ') || 'nothing'})`);
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`wrangler deploy --dry-run left no .wasm module in ${outdir}: the worker's static WASM imports are missing`);
  return outdir;
}

/** The bundle's modules: index.js first (the entry), then every .wasm as a compiled module, named as index.js imports them. */
export function modulesOf(outdir: string): { type: 'ESModule' | 'CompiledWasm'; path: string }[] {
  const wasm = readdirSync(outdir).filter((f) => f.endsWith('.wasm')).sort();
  return [{ type: 'ESModule', path: join(outdir, 'index.js') }, ...wasm.map((f) => ({ type: 'CompiledWasm' as const, path: join(outdir, f) }))];
}

export async function startMiniflareEdge(o: MiniflareEdgeOptions): Promise<MiniflareEdge> {
  const stack = loadStack();
  const region = stack.regions.find((r) => r.name === o.region);
  if (!region) throw new Error(`no region ${o.region} in the local stack (regions: ${stack.regions.map((r) => r.name).join(', ')})`);
  const outdir = await bundleWorker(o.region);
  const log = join(stack.stateDir, 'logs', 'bench-edge-miniflare.log');
  const logStream = createWriteStream(log, { flags: 'a' });
  const before = new Set(workerdDescendants());
  const mf = new Miniflare({
    // Listed, not found by Miniflare's import scan: the bundle holds dynamic import()s it refuses.
    modulesRoot: outdir,
    modules: modulesOf(outdir),
    compatibilityDate: compatibilityDateOf(readFileSync(join(REPO_ROOT, 'wrangler.toml'), 'utf8')),
    r2Buckets: { ARTIFACTS: `freshet-artifacts-${o.region}` },
    // The layout `wrangler dev --persist-to <state>/r2/<region>` and index-builder's region stores use.
    r2Persist: join(stack.stateDir, 'r2', o.region, 'v3', 'r2'),
    bindings: {
      REGION: o.region, KV_REST_URL: region.restUrl, KV_REST_TOKEN: region.restToken,
      API_KEYS: JSON.stringify({ local: o.apiKey }), ADMIN_TOKEN: o.adminToken, CORS_ORIGINS: '*', ...o.vars,
    },
    host: '127.0.0.1',
    port: o.port ?? 0,
    cf: false,
    // No per-request log line from Miniflare's entry worker: it is a round trip to node per request.
    logRequests: false,
    // The worker's console (one impression line per request) is piped to a file: node only copies bytes.
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.pipe(logStream, { end: false });
      stderr.pipe(logStream, { end: false });
    },
  });
  const stop = async () => {
    await mf.dispose().catch(() => undefined);
    logStream.end();
    rmSync(outdir, { recursive: true, force: true });
  };
  let url: URL;
  try {
    url = await mf.ready;
  } catch (error) {
    await stop();
    throw new Error(`Miniflare could not start the bundled worker (${outdir}): ${(error as Error).message}; see ${log}`);
  }
  const workerdPids = workerdDescendants().filter((pid) => !before.has(pid));
  return { url: url.origin, log, workerdPids, stop };
}

/** workerd processes below this node process (Miniflare's children). */
function workerdDescendants(): number[] {
  return withDescendants(process.pid).filter((pid) => pid !== process.pid && commandOf(pid).includes('workerd'));
}
