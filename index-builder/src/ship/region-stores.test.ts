// The R2 regions end to end: Miniflare-persisted buckets, the smoke worker in
// workerd, shipping to two regions, promotion, rollback and persistence.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKey } from '@freshet/shared/artifacts/index';
import { describeArtifactStoreConformance } from '@freshet/shared/artifacts/store-conformance';
import { sampleBundleInput } from '../bundle/sample-bundle.js';
import { writeBundle } from '../bundle/write-bundle.js';
import { rollback, status } from './promote.js';
import { defaultRegionNames, openRegionStores, parseRegionNames, wranglerRegions, type RegionStores } from './region-stores.js';
import { shipToRegion } from './ship.js';

const V1 = 'idx-20261122T120000Z-aaaaaa';
const V2 = 'idx-20261123T120000Z-bbbbbb';
const stable = { anchors: ['item-1'], neighbours: async () => ['item-2', 'item-3'] };
const temps: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

describeArtifactStoreConformance('R2 through Miniflare (persisted)', async () => {
  const regions = await openRegionStores(['eu-west'], await tempDir('r2-conf-'));
  return { store: regions.region('eu-west').store, close: () => regions.close() };
});

describe('region configuration', () => {
  it('reads the regions from the repository wrangler.toml environments', async () => {
    const toml = await readFile(resolve(import.meta.dirname, '../../../wrangler.toml'), 'utf8');
    expect(wranglerRegions(toml)).toEqual(expect.arrayContaining(['eu-west', 'us-east']));
    expect(defaultRegionNames({})).toEqual(wranglerRegions(toml));
    expect(defaultRegionNames({ FRESHET_REGIONS: 'ap-south' })).toEqual(['ap-south']);
  });

  it('rejects empty, malformed and repeated region names', () => {
    expect(() => parseRegionNames(' , ')).toThrow(/at least one region/);
    expect(() => parseRegionNames('EU_West')).toThrow(/lower-case name/);
    expect(() => parseRegionNames('eu-west,eu-west')).toThrow(/unique/);
  });
});

describe('shipping to two local R2 regions', () => {
  let state: string;
  let bundles: string;
  let regions: RegionStores;
  beforeAll(async () => {
    state = await tempDir('regions-');
    bundles = await tempDir('bundles-');
    await writeBundle(bundles, sampleBundleInput({ version: V1 }));
    await writeBundle(bundles, sampleBundleInput({ version: V2, seed: 2 }));
    regions = await openRegionStores(['eu-west', 'us-east'], state);
  });
  afterAll(async () => {
    await regions.close();
  });

  it('ships, smoke-checks inside workerd and promotes in both regions', async () => {
    for (const region of regions.regions) {
      const first = await shipToRegion(region.store, join(bundles, V1), { smoke: region.smoke });
      expect(first.smoke).toMatchObject({ ok: true, version: V1, files: 5, item_count: 200, problems: [] });
      const second = await shipToRegion(region.store, join(bundles, V2), { smoke: region.smoke, drift: stable });
      expect(second.pointer).toMatchObject({ version: V2, previous: V1 });
    }
    expect(regions.regions.map((r) => r.bucketName)).toEqual(['freshet-artifacts-eu-west', 'freshet-artifacts-us-east']);
  }, 60_000);

  it('rolls one region back without touching the other', async () => {
    await rollback(regions.region('eu-west').store, { reason: 'regional incident' });
    expect((await status(regions.region('eu-west').store)).active?.version).toBe(V1);
    expect((await status(regions.region('us-east').store)).active?.version).toBe(V2);
  });

  it('the smoke worker finds a file damaged in the bucket', async () => {
    const region = regions.region('us-east');
    await region.store.put(fileKey(V1, 'similar.json'), new TextEncoder().encode('{}'));
    const report = await region.smoke(V1);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^similar\.json: 2 bytes, manifest says \d+$/)]);
    expect((await region.smoke('idx-20990101T000000Z-000000')).problems).toEqual(['indexes/idx-20990101T000000Z-000000/manifest.json not found']);
  });

  it('persists under <state>/r2/<region> in the layout wrangler dev --persist-to reads, and survives a restart', async () => {
    await regions.close();
    expect((await stat(join(state, 'r2', 'eu-west', 'v3', 'r2'))).isDirectory()).toBe(true);
    regions = await openRegionStores(['eu-west', 'us-east'], state);
    expect((await status(regions.region('eu-west').store)).active).toMatchObject({ version: V1, rolled_back_from: V2 });
    expect((await status(regions.region('us-east').store)).versions.map((v) => [v.version, v.role])).toEqual([[V2, 'active'], [V1, 'previous']]);
    expect(regions.region('eu-west').persistDir).toBe(join(state, 'r2', 'eu-west'));
  }, 30_000);

  it('rejects an unknown region name', () => {
    expect(() => regions.region('ap-south')).toThrow(/unknown region "ap-south"/);
  });
});

describe('the smoke-query hook', () => {
  const queryWorker = (status: number) => ({
    modules: true,
    compatibilityDate: '2026-04-01',
    // Stands in for the edge worker: loads the version's manifest from the bound bucket and answers.
    script: `export default { async fetch(request, env) {
      const version = new URL(request.url).searchParams.get('v');
      const m = await env.ARTIFACTS.get('indexes/' + version + '/manifest.json');
      if (${status} !== 200) return new Response('search failed', { status: ${status} });
      return Response.json({ version, items: m ? (await m.json()).item_count : null });
    } }`,
  });

  it('runs a real query against the shipped version after the checksums pass', async () => {
    const state = await tempDir('smoke-query-');
    const bundles = await tempDir('smoke-bundles-');
    await writeBundle(bundles, sampleBundleInput({ version: V1 }));
    const regions = await openRegionStores(['eu-west'], state, { smokeQuery: { worker: queryWorker(200), path: (v) => `/query?v=${v}` } });
    try {
      const region = regions.region('eu-west');
      const result = await shipToRegion(region.store, join(bundles, V1), { smoke: region.smoke });
      expect(result.smoke.query).toEqual({ status: 200, body: JSON.stringify({ version: V1, items: 200 }) });
      expect(result.pointer?.checks).toMatchObject({ smoke: { query_status: 200 } });
    } finally {
      await regions.close();
    }
  }, 30_000);

  it('refuses to promote when the query fails', async () => {
    const state = await tempDir('smoke-query-');
    const bundles = await tempDir('smoke-bundles-');
    await writeBundle(bundles, sampleBundleInput({ version: V1 }));
    const regions = await openRegionStores(['eu-west'], state, { smokeQuery: { worker: queryWorker(500), path: (v) => `/query?v=${v}` } });
    try {
      const region = regions.region('eu-west');
      await expect(shipToRegion(region.store, join(bundles, V1), { smoke: region.smoke })).rejects.toMatchObject({ code: 'smoke_failed', message: expect.stringContaining('answered 500') });
      expect((await status(region.store)).active).toBeNull();
    } finally {
      await regions.close();
    }
  }, 30_000);
});
