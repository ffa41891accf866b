import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { fileKey, POINTER_KEY } from '@freshet/shared/artifacts/keys';
import { fixture, shipFixture } from '../testing/fixture-bundle.js';
import { ActiveBundle } from './active-bundle.js';
import { BundleLoadError, loadBundle } from './load-bundle.js';

const V2 = 'idx-20261122T150000Z-00000b';
const flip = (at: number) => (bytes: Uint8Array) => {
  const out = bytes.slice();
  out[at] = out[at]! ^ 0xff;
  return out;
};

async function clear(bucket: R2Bucket) {
  const listed = await bucket.list();
  await Promise.all(listed.objects.map((o) => bucket.delete(o.key)));
}

async function loadError(version: string): Promise<BundleLoadError> {
  const error = await loadBundle(env.ARTIFACTS, version).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BundleLoadError);
  return error as BundleLoadError;
}

describe('loading a bundle from the artifact store', () => {
  it('loads a real build: index, item table, similar lists, projection and popular list agree', async () => {
    await clear(env.ARTIFACTS);
    const version = await shipFixture(env.ARTIFACTS);
    const bundle = await loadBundle(env.ARTIFACTS, version);
    expect(bundle.version).toBe(fixture().version);
    expect(bundle.index.count).toBe(bundle.manifest.item_count);
    expect(bundle.items.count).toBe(bundle.index.count);
    expect(bundle.similar?.count).toBe(bundle.index.count);
    expect(bundle.coVisitation?.count).toBe(bundle.index.count);
    expect(bundle.coVisitation!.rows.length).toBeGreaterThan(0);
    expect(bundle.popular.length).toBeGreaterThan(0);
    expect((await bundle.rankerBytes()).byteLength).toBe(bundle.manifest.files['ranker.onnx']!.bytes);
  });

  it('refuses a flipped byte in any file, naming the file and both checksums', async () => {
    for (const name of ['index.bin', 'items.bin', 'fallback.json', 'co-visitation.bin']) {
      await clear(env.ARTIFACTS);
      const version = await shipFixture(env.ARTIFACTS, { damage: { [name]: flip(100) } });
      const error = await loadError(version);
      expect(error.file).toBe(name);
      expect(error.message).toMatch(/sha256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}|does not load/);
    }
  });

  it('refuses a truncated file, a missing file and a missing manifest', async () => {
    await clear(env.ARTIFACTS);
    let version = await shipFixture(env.ARTIFACTS, { damage: { 'items.bin': (b) => b.subarray(0, b.length - 8) } });
    expect((await loadError(version)).message).toMatch(/items\.bin: is \d+ bytes, the manifest says \d+/);
    await clear(env.ARTIFACTS);
    version = await shipFixture(env.ARTIFACTS, { omit: ['content-projection.bin'] });
    expect((await loadError(version)).message).toContain('content-projection.bin: listed in the manifest but not in the artifact store');
    expect((await loadError('idx-20261122T160000Z-0000cc')).message).toContain('manifest.json: not found');
  });

  it('refuses a bundle built for another feature schema', async () => {
    await clear(env.ARTIFACTS);
    const version = await shipFixture(env.ARTIFACTS, {
      damage: {
        'manifest.json': (b) => new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(b)), feature_schema_hash: 'fs-other' })),
      },
    });
    expect((await loadError(version)).message).toContain('feature_schema_hash: bundle was built for feature schema fs-other');
  });
});

describe('the active bundle of an isolate', () => {
  const waits: Promise<unknown>[] = [];
  const waitUntil = (p: Promise<unknown>) => void waits.push(p);

  it('loads the promoted version, then switches to the next one only once it is fully loaded', async () => {
    await clear(env.ARTIFACTS);
    const v1 = await shipFixture(env.ARTIFACTS);
    let clock = 0;
    const active = new ActiveBundle({ pointerTtlMs: 1000, firstLoadMs: 30_000, now: () => clock });
    const first = await active.get(env.ARTIFACTS, undefined, waitUntil);
    expect(first.bundle?.version).toBe(v1);
    expect(first.problem).toBeNull();

    await shipFixture(env.ARTIFACTS, { version: V2 });
    clock += 500; // within the pointer TTL: still v1, the pointer is not re-read
    expect((await active.get(env.ARTIFACTS, undefined, waitUntil)).bundle?.version).toBe(v1);
    clock += 1000;
    const during = await active.get(env.ARTIFACTS, undefined, waitUntil);
    expect(during.bundle?.version).toBe(v1); // v2 is loading next to it
    expect(during.problem).toBe(`switching to ${V2}`);
    await Promise.all(waits);
    expect((await active.get(env.ARTIFACTS, undefined, waitUntil)).bundle?.version).toBe(V2);
    expect(active.describe()).toMatchObject({ serving: V2, wanted: V2, problem: null });
  });

  it('keeps serving the old version when the new one is corrupt, and says why', async () => {
    await clear(env.ARTIFACTS);
    const v1 = await shipFixture(env.ARTIFACTS);
    let clock = 0;
    const active = new ActiveBundle({ pointerTtlMs: 10, firstLoadMs: 30_000, now: () => clock });
    expect((await active.get(env.ARTIFACTS, undefined, waitUntil)).bundle?.version).toBe(v1);
    await shipFixture(env.ARTIFACTS, { version: V2, damage: { 'index.bin': flip(5000) } });
    clock += 100;
    await active.get(env.ARTIFACTS, undefined, waitUntil);
    await Promise.all(waits);
    clock += 100;
    const state = await active.get(env.ARTIFACTS, undefined, waitUntil);
    expect(state.bundle?.version).toBe(v1);
    expect(state.problem).toMatch(new RegExp(`version ${V2} does not load: ${V2}/index.bin: sha256 is`));
  });

  it('serves nothing (and says so) when nothing was promoted, and follows a pinned version', async () => {
    await clear(env.ARTIFACTS);
    const active = new ActiveBundle({ pointerTtlMs: 0, firstLoadMs: 30_000 });
    const none = await active.get(env.ARTIFACTS, undefined, waitUntil);
    expect(none.bundle).toBeNull();
    expect(none.problem).toContain('nothing has been promoted');
    const v = await shipFixture(env.ARTIFACTS, { promote: false });
    expect(await env.ARTIFACTS.head(POINTER_KEY)).toBeNull();
    expect((await active.get(env.ARTIFACTS, v, waitUntil)).bundle?.version).toBe(v);
    expect(await env.ARTIFACTS.head(fileKey(v, 'index.bin'))).not.toBeNull();
  });
});
