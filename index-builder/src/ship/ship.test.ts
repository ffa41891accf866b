import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryArtifactStore, encodeManifest, fileKey, manifestKey, parseManifest, POINTER_KEY, type ArtifactStore, type MemoryArtifactStore } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';
import { nodeDigest } from '../bundle/node-digest.js';
import { sampleBundleInput, type SampleOptions } from '../bundle/sample-bundle.js';
import { writeBundle } from '../bundle/write-bundle.js';
import type { NeighboursFn } from './drift-check.js';
import { gc } from './gc.js';
import { promote, rollback, status } from './promote.js';
import { shipToRegion, type ShipOptions } from './ship.js';
import { inProcessSmoke } from './smoke.js';

const V = (n: number, suffix = 'aaaaaa') => `idx-202611${String(10 + n).padStart(2, '0')}T120000Z-${suffix}`;
const NOW = new Date('2026-12-01T00:00:00Z');
let out: string;
let store: MemoryArtifactStore;

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'ship-test-'));
  store = createMemoryArtifactStore('eu-west', () => NOW);
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

const build = async (options: SampleOptions) => (await writeBundle(join(out, 'bundles'), sampleBundleInput(options))).dir;
/** Every anchor keeps its neighbours: the drift check passes. */
const stable: NeighboursFn = async (_version, itemId) => [`${itemId}-n1`, `${itemId}-n2`];
const options = (extra: Partial<ShipOptions> = {}): ShipOptions => ({
  smoke: inProcessSmoke(store, nodeDigest),
  drift: { anchors: ['item-1', 'item-2'], neighbours: stable },
  now: () => NOW,
  ...extra,
});

/** Ships with `extra` expecting `code`; asserts the region's pointer did not change. */
async function refused(run: () => Promise<unknown>, code: string): Promise<ArtifactError> {
  const before = await store.get(POINTER_KEY);
  const error = (await run().then(
    () => undefined,
    (e: unknown) => e,
  )) as ArtifactError;
  expect(error).toBeInstanceOf(ArtifactError);
  expect(error.code).toBe(code);
  expect(await store.get(POINTER_KEY)).toEqual(before);
  return error;
}

async function activeOf(s: ArtifactStore) {
  return (await status(s)).active;
}

describe('shipToRegion: the happy path', () => {
  it('uploads, reads back, smokes and promotes the first version, recording the checks', async () => {
    const events: string[] = [];
    const result = await shipToRegion(store, await build({ version: V(1) }), options({ progress: (e) => events.push(e.step) }));
    expect(result).toMatchObject({ region: 'eu-west', version: V(1), uploaded: true, smoke: { ok: true, files: 5 } });
    expect(result.pointer).toMatchObject({ version: V(1), previous: null, forced: false, reason: `ship ${V(1)}`, promoted_at: NOW.toISOString() });
    expect(result.pointer!.checks).toMatchObject({ drift: { skipped: 'no active version' } });
    expect([...new Set(events)]).toEqual(['verify', 'upload', 'read-back', 'smoke', 'guards', 'promote']);
    const keys = [...store.objects.keys()];
    expect(keys).toContain(manifestKey(V(1)));
    expect(keys).toContain(fileKey(V(1), 'vectors.i8'));
  });

  it('writes the manifest last', async () => {
    const order: string[] = [];
    const recording: ArtifactStore = { ...store, put: async (key, body) => (order.push(key), store.put(key, body)) };
    await shipToRegion(recording, await build({ version: V(1) }), options());
    expect(order.slice(-2)).toEqual([manifestKey(V(1)), POINTER_KEY]);
  });

  it('promotes a second version with the first as previous, then rolls back instantly', async () => {
    await shipToRegion(store, await build({ version: V(1) }), options());
    const second = await shipToRegion(store, await build({ version: V(2), seed: 2 }), options({ reason: 'nightly' }));
    expect(second.pointer).toMatchObject({ version: V(2), previous: V(1), reason: 'nightly' });
    expect(second.drift).toMatchObject({ passed: true, meanOverlap: 1, counted: 2 });
    expect((await status(store)).versions.map((v) => [v.version, v.role])).toEqual([[V(2), 'active'], [V(1), 'previous']]);

    const back = await rollback(store, { reason: 'bad CTR', now: () => NOW });
    expect(back).toMatchObject({ version: V(1), previous: null, rolled_back_from: V(2), reason: 'bad CTR' });
    expect(store.objects.has(manifestKey(V(2)))).toBe(true); // files kept
    await expect(rollback(store, { reason: 'again' })).rejects.toMatchObject({ code: 'no_previous', message: expect.stringContaining(`rollback from ${V(2)}`) });
    // Rolling forward is an explicit promotion.
    expect(await promote(store, V(2), { reason: 'fixed' })).toMatchObject({ version: V(2), previous: V(1) });
  });

  it('is idempotent: re-shipping an identical stored version uploads nothing', async () => {
    const dir = await build({ version: V(1) });
    await shipToRegion(store, dir, options({ promote: false }));
    const again = await shipToRegion(store, dir, options());
    expect(again).toMatchObject({ uploaded: false, pointer: { version: V(1) } });
    expect(await shipToRegion(store, dir, options())).toMatchObject({ notPromoted: `${V(1)} is already active` });
  });

  it('with promote: false, uploads and verifies but leaves the active version', async () => {
    await shipToRegion(store, await build({ version: V(1) }), options());
    const r = await shipToRegion(store, await build({ version: V(2) }), options({ promote: false }));
    expect(r.notPromoted).toBe('promotion not requested');
    expect((await activeOf(store))?.version).toBe(V(1));
    expect((await status(store)).versions.find((v) => v.version === V(2))?.role).toBe('ready');
  });
});

describe('shipToRegion: bad input is refused, nothing is promoted, the active version is untouched', () => {
  beforeEach(async () => {
    await shipToRegion(store, await build({ version: V(1) }), options());
  });

  const uploadedVersions = () => new Set([...store.objects.keys()].filter((k) => k.startsWith('indexes/')).map((k) => k.split('/')[1]));

  it('corrupt bundle (a flipped byte): nothing is uploaded', async () => {
    const dir = await build({ version: V(2) });
    const path = join(dir, 'vectors.i8');
    const bytes = await readFile(path);
    bytes[100] = bytes[100]! ^ 0xff;
    await rm(path, { force: true });
    await writeFile(path, bytes);
    const error = await refused(() => shipToRegion(store, dir, options()), 'bundle_invalid');
    expect(error.problems.map((p) => p.code)).toEqual(['checksum_mismatch']);
    expect(uploadedVersions()).toEqual(new Set([V(1)]));
  });

  it('partial bundle (no manifest)', async () => {
    const dir = await build({ version: V(2) });
    await rm(join(dir, 'manifest.json'), { force: true });
    const error = await refused(() => shipToRegion(store, dir, options()), 'bundle_invalid');
    expect(error.problems.map((p) => p.code)).toEqual(['manifest_missing']);
  });

  it('dimension mismatch with what the edge expects', async () => {
    const error = await refused(() => shipToRegion(store, join(out, 'bundles', V(1)), options({ expectations: { dim: 64 } })), 'bundle_invalid');
    expect(error.problems.map((p) => p.code)).toEqual(['dimension_mismatch']);
  });

  it('manifest for a different feature schema', async () => {
    const error = await refused(async () => shipToRegion(store, await build({ version: V(2), featureSchemaHash: 'fs-other' }), options({ expectations: { featureSchemaHash: 'fs-test-0001' } })), 'bundle_invalid');
    expect(error.message).toContain('feature_schema_hash: bundle was built for feature schema fs-other, the edge assembles fs-test-0001');
  });

  it('tiny catalog (below the default minimum of 100 items)', async () => {
    const error = await refused(async () => shipToRegion(store, await build({ version: V(2), items: 12 }), options()), 'bundle_invalid');
    expect(error.message).toContain('bundle has 12 items, fewer than the minimum of 100');
  });

  it('NaN vectors in a bundle whose builder did not scan for them', async () => {
    // Hand-made bundle: a correct manifest over a float file holding a NaN.
    const dir = join(out, 'raw', V(2));
    await mkdir(dir, { recursive: true });
    const input = sampleBundleInput({ version: V(2), nanScale: true });
    const files: Record<string, unknown> = {};
    for (const [name, src] of Object.entries(input.files)) {
      const bytes = 'bytes' in src ? Buffer.from(src.bytes) : await readFile(src.path);
      await writeFile(join(dir, name), bytes);
      files[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), ...(src.tensor ? { tensor: { offset: 0, ...src.tensor } } : {}) };
    }
    const manifest = parseManifest({ format: 1, ...input.manifest, files });
    if (!manifest.ok) throw new Error(JSON.stringify(manifest.error));
    await writeFile(join(dir, 'manifest.json'), encodeManifest(manifest.value));
    const error = await refused(() => shipToRegion(store, dir, options()), 'bundle_invalid');
    expect(error.problems).toEqual([{ code: 'non_finite', file: 'scales.f32', message: '1 NaN or infinite float32 value(s), the first at element 100' }]);
  });

  it('recall gate below 0.95', async () => {
    const input = sampleBundleInput({ version: V(2) });
    const dir = (await writeBundle(join(out, 'low'), { ...input, manifest: { ...input.manifest, gates: { recall_at_100: 0.91 } } })).dir;
    const error = await refused(() => shipToRegion(store, dir, options()), 'bundle_invalid');
    expect(error.message).toContain('recall_at_100 is 0.91, below the gate of 0.95');
  });

  it('checksum mismatch after upload (the store damaged a file): the version is left without manifest', async () => {
    const damaging: ArtifactStore = {
      ...store,
      put: async (key, body) => store.put(key, key.endsWith('ranker.onnx') ? body.map((b) => b ^ 1) : body),
    };
    const error = await refused(async () => shipToRegion(damaging, await build({ version: V(2) }), options()), 'upload_verify_failed');
    expect(error.message).toContain('ranker.onnx: sha256');
    expect(store.objects.has(manifestKey(V(2)))).toBe(false);
    expect((await status(store)).versions.find((v) => v.version === V(2))?.role).toBe('incomplete');
  });

  it('smoke check failure', async () => {
    const error = await refused(async () => shipToRegion(store, await build({ version: V(2) }), options({ smoke: async (version) => ({ ok: false, version, problems: ['search returned nothing'] }) })), 'smoke_failed');
    expect(error.message).toContain('search returned nothing');
  });

  it('no smoke check configured', async () => {
    const { smoke: _unused, ...withoutSmoke } = options();
    await refused(() => shipToRegion(store, join(out, 'bundles', V(1)), withoutSmoke), 'bad_input');
  });

  it('a different bundle under an already stored version id', async () => {
    await refused(async () => shipToRegion(store, (await writeBundle(join(out, 'other'), sampleBundleInput({ version: V(1), seed: 9 }))).dir, options()), 'version_conflict');
  });

  it('a corrupt pointer stops the ship before anything is uploaded', async () => {
    await store.put(POINTER_KEY, new TextEncoder().encode('{"version": 1'));
    await refused(() => shipToRegion(store, join(out, 'bundles', V(1)), options()), 'pointer_invalid');
  });

  it('drift below the threshold stops the promotion; --force with a reason promotes and records it', async () => {
    const shuffled: NeighboursFn = async (version, itemId) => (version === V(1) ? [`${itemId}-a`, `${itemId}-b`] : [`${itemId}-a`, `${itemId}-z`]);
    const dir = await build({ version: V(2) });
    const error = await refused(() => shipToRegion(store, dir, options({ drift: { anchors: ['item-1'], neighbours: shuffled, k: 2, threshold: 0.8 } })), 'drift_failed');
    expect(error.message).toContain('mean overlap@2 0.500 over 1 anchors is below 0.8');
    expect((await status(store)).versions.find((v) => v.version === V(2))?.role).toBe('ready'); // uploaded, not active

    await expect(shipToRegion(store, dir, options({ force: { reason: '  ' } }))).rejects.toMatchObject({ code: 'bad_input' });
    const forced = await shipToRegion(store, dir, options({ drift: { anchors: ['item-1'], neighbours: shuffled, k: 2, threshold: 0.8 }, force: { reason: 'new embedding model, reviewed offline' } }));
    expect(forced.pointer).toMatchObject({ version: V(2), previous: V(1), forced: true, reason: 'forced: new embedding model, reviewed offline' });
    expect(forced.pointer!.checks).toMatchObject({ drift: { mean_overlap: 0.5, passed: false }, overridden: ['drift_failed'] });
  });

  it('no drift check configured while a version is active', async () => {
    const { drift: _unused, ...withoutDrift } = options();
    await refused(async () => shipToRegion(store, await build({ version: V(2) }), withoutDrift), 'drift_not_configured');
  });

  it('a catalog that shrank by more than half against the active one', async () => {
    const error = await refused(async () => shipToRegion(store, await build({ version: V(2), items: 60 }), options({ expectations: { minItems: 10 } })), 'catalog_shrank');
    expect(error.message).toContain(`${V(2)} has 60 items, active ${V(1)} has 200 (more than 50% smaller)`);
  });
});

describe('partial uploads are never visible', () => {
  it('an upload that stops half-way leaves an incomplete version that cannot be promoted and is collected after the grace period', async () => {
    await shipToRegion(store, await build({ version: V(1) }), options());
    let puts = 0;
    const flaky: ArtifactStore = {
      ...store,
      put: async (key, body) => {
        if (++puts === 3) throw new Error('connection reset');
        return store.put(key, body);
      },
    };
    await expect(shipToRegion(flaky, await build({ version: V(2) }), options())).rejects.toThrow('connection reset');
    expect((await activeOf(store))?.version).toBe(V(1));
    expect(store.objects.has(manifestKey(V(2)))).toBe(false);
    await expect(promote(store, V(2), { reason: 'try' })).rejects.toMatchObject({ code: 'incomplete_version' });
    await expect(promote(store, V(7), { reason: 'try' })).rejects.toMatchObject({ code: 'unknown_version' });

    expect((await gc(store, { now: () => NOW })).deleted).toEqual([]); // within the grace period: maybe still uploading
    const later = await gc(store, { now: () => new Date(NOW.getTime() + 2 * 3600_000) });
    expect(later.deleted.map((d) => d.version)).toEqual([V(2)]);
    expect([...store.objects.keys()].some((k) => k.includes(V(2)))).toBe(false);
  });
});

describe('gc', () => {
  it('keeps active, previous and the newest N complete versions; deletes the rest (manifest first)', async () => {
    for (let n = 1; n <= 6; n++) await shipToRegion(store, await build({ version: V(n) }), options({ promote: n === 1 }));
    await promote(store, V(6), { reason: 'jump' }); // previous = V(1), the oldest
    const dry = await gc(store, { keep: 2, dryRun: true });
    expect(dry.deleted.map((d) => d.version)).toEqual([V(2), V(3), V(4)]);
    expect(store.objects.has(manifestKey(V(2)))).toBe(true);

    const deletedKeys: string[] = [];
    const recording: ArtifactStore = { ...store, delete: async (keys) => (deletedKeys.push(...keys), store.delete(keys)) };
    const result = await gc(recording, { keep: 2 });
    expect(result.kept).toEqual([V(1), V(5), V(6)]);
    expect(deletedKeys[0]).toBe(manifestKey(V(2)));
    expect((await status(store)).versions.map((v) => [v.version, v.role])).toEqual([[V(6), 'active'], [V(5), 'ready'], [V(1), 'previous']]);

    expect((await gc(store, { keep: 0 })).kept).toEqual([V(1), V(6)]); // never the active or previous
    await expect(gc(store, { keep: -1 })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('defaults to keeping 3 besides active and previous', async () => {
    for (let n = 1; n <= 6; n++) await shipToRegion(store, await build({ version: V(n) }), options({ promote: false }));
    expect((await gc(store)).deleted.map((d) => d.version)).toEqual([V(1), V(2), V(3)]);
  });
});
