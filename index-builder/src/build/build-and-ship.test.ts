// The index builder end to end on real data: two builds from MovieLens 100K
// (read from ../shared/datasets), shipped blue/green to two local regions
// (Miniflare R2 with persistence, smoke-checked in workerd), a drift-checked
// second promotion, a rollback, garbage collection, and the fresh-item path:
// an item published after the build is retrievable from the region's delta,
// embedded with the content projection the active bundle ships.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '@freshet/infra/testing/redis';
import { encodeCatalogItem, type CatalogItem } from '@freshet/shared';
import { fileKey } from '@freshet/shared/artifacts/index';
import { decodeItemTable } from '@freshet/shared/catalog-table/item-table';
import { decodeProjection, embedContent, normalize, projectionSpace, queryVector } from '@freshet/shared/embeddings/index';
import { searchFresh } from '@freshet/shared/fresh/index';
import { decodeIndex } from '@freshet/shared/retrieval/index-codec';
import { int8Search } from '@freshet/shared/retrieval/reference-search';
import { createKafkaTestKit, uniqueName } from '@freshet/stream-jobs/testing/kafka';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreshItemsJob } from '../fresh/fresh-job.js';
import { createRedisFreshRegion } from '../fresh/region.js';
import { gc, openRegionStores, rollback, shipToRegion, status, type RegionStores } from '../ship/index.js';
import { edgeSmokeQuery } from '../ship/smoke-query-worker.js';
import { buildBundle, type BuildResult } from './build-bundle.js';
import { loadInput, type BuildInput } from './input.js';
import { activeIndexSource, storedNeighbours } from './stored-versions.js';

const TIMEOUT = 300_000;
let work: string;
let input: BuildInput;
let first: BuildResult;
let stores: RegionStores;
const kit = createKafkaTestKit('build-and-ship-test');
let redis: TestRedis;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'freshet-build-test-'));
  input = await loadInput({ kind: 'movielens', id: 'ml-100k' });
  first = await buildBundle(input, { bundlesDir: join(work, 'bundles'), seed: 1, rankerExamples: 4000 });
  // The smoke check runs the edge's own retrieval code and WASM kernel in workerd against each upload.
  stores = await openRegionStores(['eu-west', 'us-east'], join(work, 'state'), { smokeQuery: await edgeSmokeQuery() });
  redis = await startRedis();
}, TIMEOUT);
afterAll(async () => {
  await stores?.close();
  await redis?.stop();
  await kit.cleanup();
  await rm(work, { recursive: true, force: true });
}, 60_000);

describe('a build from MovieLens 100K', () => {
  it('passes its gates and writes a bundle whose files agree with each other', async () => {
    const { bundle, report } = first;
    const m = bundle.manifest;
    expect(m.item_count).toBe(1682);
    expect(m.gates.recall_at_100).toBeGreaterThanOrEqual(0.95);
    expect(Object.keys(m.files).sort()).toEqual(
      ['build-report.json', 'co-visitation.bin', 'content-projection.bin', 'fallback.json', 'index.bin', 'items.bin', 'ranker-model.bin', 'ranker.onnx', 'similar.bin'].sort(),
    );
    // Row r of the index is row r of the item table.
    const index = decodeIndex(await bundle.read('index.bin'));
    const items = decodeItemTable(await bundle.read('items.bin'));
    expect(items.count).toBe(index.count);
    for (const row of [0, 1, 500, index.count - 1]) expect(items.idAt(row)).toBe(index.ids.get(row));
    expect(index.space.version).toBe(m.embedding_version);
    // Better than popularity on average over the heads (4,000 examples only: one head may lag), and the
    // ONNX export equals the TypeScript reference. The ranker's own tests hold each head to the baseline.
    const ranker = report.ranker;
    if ('reused_from' in ranker) throw new Error('the first build trains its ranker');
    const heads = Object.values(ranker.heads);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(heads.map((h) => h.model.auc))).toBeGreaterThan(mean(heads.map((h) => h.baseline.auc)));
    expect(ranker.onnx_max_abs_diff).toBeLessThan(1e-4);
    expect(report.index.compression_vs_float32).toBeGreaterThanOrEqual(3.9);
  });

  it('retrieves an item’s own neighbourhood: its vector finds itself first in the int8 index', async () => {
    const index = decodeIndex(await first.bundle.read('index.bin'));
    const space = index.space;
    const row = 42;
    const values = new Float32Array(space.dim);
    for (let d = 0; d < space.dim; d++) values[d] = index.rows[row * index.stride + d]! * index.scales[d]!;
    const hits = int8Search(index, queryVector(space, normalize(values)), 5);
    expect(index.ids.get(hits.ids[0]!)).toBe(index.ids.get(row));
  });

  it('ships blue/green to two regions, promotes a second build after the drift check, rolls back and collects garbage', { timeout: TIMEOUT }, async () => {
    // An index rebuild reusing the first build's ranker (trained on its own cadence).
    const second = await buildBundle(input, { bundlesDir: join(work, 'bundles'), seed: 1, rankerFrom: first.bundle.dir });
    expect(second.report.ranker).toEqual({ reused_from: first.bundle.manifest.version, onnx_bytes: first.report.ranker.onnx_bytes });
    expect(second.bundle.manifest.ranker_version).toBe(first.bundle.manifest.ranker_version);
    for (const region of stores.regions) {
      const shipped = await shipToRegion(region.store, first.bundle.dir, { smoke: region.smoke, reason: 'first build' });
      expect(shipped.pointer?.version).toBe(first.bundle.manifest.version);
      expect(shipped.smoke.query?.status).toBe(200);
      expect(JSON.parse(shipped.smoke.query!.body)).toMatchObject({ ok: true, items: 1682, layout: 'flat' });
      const anchors = JSON.parse(new TextDecoder().decode(await first.bundle.read('fallback.json'))).items.slice(0, 30).map((i: { item_id: string }) => i.item_id) as string[];
      const next = await shipToRegion(region.store, second.bundle.dir, {
        smoke: region.smoke,
        drift: { anchors, neighbours: storedNeighbours(region.store) },
        reason: 'second build',
      });
      expect(next.drift?.passed).toBe(true);
      expect(next.pointer).toMatchObject({ version: second.bundle.manifest.version, previous: first.bundle.manifest.version });
    }
    const back = await rollback(stores.region('eu-west').store, { reason: 'test rollback' });
    expect(back.version).toBe(first.bundle.manifest.version);
    // The other region is untouched: regions roll independently.
    expect((await status(stores.region('us-east').store)).active?.version).toBe(second.bundle.manifest.version);
    // Nothing to collect yet: both versions are active or previous somewhere, and within keep.
    expect((await gc(stores.region('eu-west').store, { keep: 1 })).deleted).toEqual([]);
    expect(await stores.region('eu-west').store.get(fileKey(second.bundle.manifest.version, 'index.bin'))).not.toBeNull();
  });

  it('makes an item published after the build retrievable from the region’s fresh-item delta, in the active space', { timeout: 120_000 }, async () => {
    const region = stores.region('us-east');
    const active = await activeIndexSource(region.store)();
    expect(active).not.toBeNull();
    const topic = await kit.newTopic(1);
    const client = new Redis(redis.url);
    const fresh = createRedisFreshRegion({ name: 'us-east', redis: client, activeIndex: activeIndexSource(region.store) });
    const job = new FreshItemsJob({ kafka: kit.kafka, catalogTopic: topic, groupId: uniqueName('fresh'), regions: [fresh], logger: pino({ level: 'silent' }), publishEveryMs: 200 });
    await job.start();
    try {
      const item: CatalogItem = {
        item_id: 'brand-new-noir', title: 'Shadows over the harbour', categories: ['Film-Noir', 'Thriller'], content_type: 'VIDEO', creator_id: 'studio-new',
        duration_ms: 6_000_000, language: 'en', publish_time: Math.max(active!.indexedUntil + 1, Date.now() - 1000), maturity_rating: '16+', unlisted: false, description: 'a detective story',
      };
      const producer = kit.kafka.producer();
      await producer.connect();
      const published = Date.now();
      await producer.send(topic, [{ key: item.item_id, value: encodeCatalogItem(item) }]);
      await producer.disconnect();
      let delta = await fresh.readDelta(`f1:fresh:${active!.space.version}`);
      while ((delta?.items.length ?? 0) === 0 && Date.now() - published < 60_000) {
        await new Promise((r) => setTimeout(r, 100));
        delta = await fresh.readDelta(`f1:fresh:${active!.space.version}`);
      }
      expect(delta?.items.map((i) => i.itemId)).toEqual(['brand-new-noir']);
      expect(Date.now() - published).toBeLessThan(60_000); // R12: retrievable within 60 s of publish
      const query = queryVector(active!.space, active!.embed(item));
      expect(searchFresh(delta!, query, 1)[0]?.itemId).toBe('brand-new-noir');
      // The same content embedding the bundle's projection gives: the edge computes exactly this.
      const projection = decodeProjection((await region.store.get(fileKey(active!.version, 'content-projection.bin')))!);
      expect(projectionSpace(projection)).toEqual(active!.space);
      expect(Array.from(embedContent(projection, item))).toEqual(Array.from(active!.embed(item)));
    } finally {
      await job.stop();
      client.disconnect();
    }
  });
});
