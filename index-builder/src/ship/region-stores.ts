// Regions and their artifact stores. A region is a wrangler environment
// ([env.<region>] in wrangler.toml) with its own R2 bucket. Locally each
// bucket is persisted by Miniflare under <state>/r2/<region>, in the layout
// `wrangler dev --env <region> --persist-to <state>/r2/<region>` reads, so a
// local worker sees exactly what was shipped. One Miniflare per region serves
// both the store (R2 proxy) and the smoke-check worker bound to the same bucket.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, type WorkerOptions } from 'miniflare';
import type { ArtifactStore } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';
import { createR2ArtifactStore } from './r2-store.js';
import type { SmokeReport, SmokeRunner } from './smoke.js';

export const DEFAULT_REGIONS: readonly string[] = ['eu-west', 'us-east'];
const REGION_NAME = /^[a-z0-9][a-z0-9-]*$/;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SMOKE_WORKER = fileURLToPath(new URL('./smoke-worker.js', import.meta.url));

/** The bucket of a region, as wrangler.toml's r2_buckets entry should name it. */
export const bucketNameOf = (region: string): string => `freshet-artifacts-${region}`;

/** "eu-west,us-east" → names; throws on empty, malformed or repeated names. */
export function parseRegionNames(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new ArtifactError('bad_input', '--regions needs at least one region name, e.g. eu-west,us-east');
  for (const name of names) if (!REGION_NAME.test(name)) throw new ArtifactError('bad_input', `region "${name}" is not a lower-case name like eu-west`);
  if (new Set(names).size !== names.length) throw new ArtifactError('bad_input', '--regions: region names must be unique');
  return names;
}

/** The regions wrangler.toml declares: its [env.<name>] sections, in file order. */
export function wranglerRegions(tomlText: string): string[] {
  return [...tomlText.matchAll(/^\s*\[env\.([a-z0-9][a-z0-9-]*)\]\s*$/gm)].map((m) => m[1]!);
}

/** Regions from $FRESHET_REGIONS, else the repository's wrangler.toml, else eu-west and us-east. */
export function defaultRegionNames(env: NodeJS.ProcessEnv = process.env, wranglerToml = join(REPO_ROOT, 'wrangler.toml')): string[] {
  if (env.FRESHET_REGIONS) return parseRegionNames(env.FRESHET_REGIONS);
  try {
    const fromToml = wranglerRegions(readFileSync(wranglerToml, 'utf8'));
    if (fromToml.length > 0) return fromToml;
  } catch {
    // No wrangler.toml next to this checkout: fall back to the local default.
  }
  return [...DEFAULT_REGIONS];
}

export interface RegionHandle {
  readonly name: string;
  readonly bucketName: string;
  /** Pass to `wrangler dev --persist-to` to serve from this region's local bucket. */
  readonly persistDir: string;
  readonly store: ArtifactStore;
  /** Runs the smoke worker (in workerd) against a version in this region's bucket. */
  readonly smoke: SmokeRunner;
}

export interface RegionStores {
  readonly regions: readonly RegionHandle[];
  region(name: string): RegionHandle;
  close(): Promise<void>;
}

/** A real query to run after the checksums pass, e.g. the built edge worker answering a search. */
export interface SmokeQueryWorker {
  /** Miniflare options of the worker (script or scriptPath, modules, compatibility date...). ARTIFACTS is bound for it. */
  readonly worker: WorkerOptions;
  /** The request path that exercises a version, e.g. v => `/v1/items/item-1/similar?index_version=${v}`. */
  readonly path: (version: string) => string;
}

export interface OpenRegionOptions {
  readonly smokeQuery?: SmokeQueryWorker;
}

export async function openRegionStores(regions: readonly string[], stateDir: string, options: OpenRegionOptions = {}): Promise<RegionStores> {
  parseRegionNames(regions.join(','));
  const opened: { handle: RegionHandle; mf: Miniflare }[] = [];
  try {
    for (const name of regions) opened.push(await openRegion(name, stateDir, options));
  } catch (e) {
    await Promise.allSettled(opened.map((o) => o.mf.dispose()));
    throw e;
  }
  return {
    regions: opened.map((o) => o.handle),
    region(name) {
      const found = opened.find((o) => o.handle.name === name);
      if (!found) throw new ArtifactError('bad_input', `unknown region "${name}" (configured: ${regions.join(', ')})`);
      return found.handle;
    },
    async close() {
      await Promise.all(opened.map((o) => o.mf.dispose()));
    },
  };
}

async function openRegion(name: string, stateDir: string, options: OpenRegionOptions): Promise<{ handle: RegionHandle; mf: Miniflare }> {
  const persistDir = resolve(stateDir, 'r2', name);
  const bucketName = bucketNameOf(name);
  const r2 = { r2Buckets: { ARTIFACTS: bucketName } };
  const smokeWorker: WorkerOptions = {
    name: 'smoke',
    modules: true,
    scriptPath: SMOKE_WORKER,
    compatibilityDate: '2026-04-01',
    ...r2,
    ...(options.smokeQuery ? { serviceBindings: { QUERY: 'query' } } : {}),
  };
  const workers = options.smokeQuery ? [smokeWorker, { ...options.smokeQuery.worker, ...r2, name: 'query' }] : [smokeWorker];
  // r2Persist in wrangler's layout (<persist-to>/v3/r2), so `wrangler dev --persist-to` shares it.
  const mf = new Miniflare({ workers, r2Persist: join(persistDir, 'v3', 'r2'), cf: false });
  try {
    const bucket = await mf.getR2Bucket('ARTIFACTS', 'smoke');
    const store = createR2ArtifactStore(bucket, name);
    const smoke: SmokeRunner = async (version) => {
      const url = new URL('http://smoke.local/smoke');
      url.searchParams.set('version', version);
      if (options.smokeQuery) url.searchParams.set('query', options.smokeQuery.path(version));
      const response = await mf.dispatchFetch(url.href);
      if (!response.ok) return { ok: false, version, problems: [`smoke worker answered ${response.status}: ${await response.text()}`] };
      return (await response.json()) as SmokeReport;
    };
    return { handle: { name, bucketName, persistDir, store, smoke }, mf };
  } catch (e) {
    await mf.dispose();
    throw e;
  }
}
