// The isolate's ranker registry: one session per version shared by concurrent
// callers, clean version switches (the old session released), failures
// remembered for a doubling backoff and then retried. Fake loaders pin the
// bookkeeping; the last tests run real onnxruntime sessions.
import { FEATURE_COUNT } from '@freshet/shared/ranking/feature-schema';
import { forwardRanker } from '@freshet/shared/ranking/model';
import { describe, expect, it } from 'vitest';
import type { EdgeRanker } from './edge-ranker.js';
import { RankerLoadError } from './errors.js';
import { createRankerRegistry, type RankerLoader } from './ranker-registry.js';
import { MODEL_A, MODEL_B, maxAbsDiff, randomRows } from './test-fixtures.js';

const HEADS = ['click', 'completion', 'like'];
const bytes = () => Promise.resolve(new Uint8Array([1]));

interface FakeRanker extends EdgeRanker {
  releases: number;
}

function fakeLoader(fail: (version: string, call: number) => Error | undefined = () => undefined) {
  const calls: string[] = [];
  const made: FakeRanker[] = [];
  const load: RankerLoader = async (version, _model, heads) => {
    calls.push(version);
    await Promise.resolve(); // creation takes a turn, so concurrent callers overlap it
    const error = fail(version, calls.length);
    if (error) throw error;
    const ranker: FakeRanker = {
      version, heads, featureCount: 2, releases: 0, released: false,
      score: () => Promise.resolve(new Float32Array(0)),
      release() {
        this.releases++;
        return Promise.resolve();
      },
    };
    made.push(ranker);
    return ranker;
  };
  return { load, calls, made };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ranker registry', () => {
  it('creates one session per version for concurrent callers and reuses it afterwards', async () => {
    const fake = fakeLoader();
    const registry = createRankerRegistry({ load: fake.load });
    let fetches = 0;
    const modelBytes = () => (fetches++, bytes());
    const rankers = await Promise.all(Array.from({ length: 20 }, () => registry.get('v1', modelBytes, HEADS)));
    expect(new Set(rankers).size).toBe(1);
    expect(await registry.get('v1', modelBytes, HEADS)).toBe(rankers[0]);
    expect(fake.calls).toEqual(['v1']);
    expect(fetches).toBe(1);
    expect(registry.status()).toEqual({ loaded: ['v1'], loading: [], failed: [], created: 1 });
  });

  it('releases the previous version once the next one has loaded, not before', async () => {
    const fake = fakeLoader();
    const registry = createRankerRegistry({ load: fake.load });
    const v1 = (await registry.get('v1', bytes, HEADS)) as FakeRanker;
    const loading = registry.get('v2', bytes, HEADS);
    expect(registry.status().loading).toEqual(['v2']);
    expect(v1.releases).toBe(0); // still serving while v2 loads
    const v2 = (await loading) as FakeRanker;
    expect(v1.releases).toBe(1);
    expect(v2.releases).toBe(0);
    expect(registry.status().loaded).toEqual(['v2']);
    // Switching back creates v1 anew and releases v2.
    const again = await registry.get('v1', bytes, HEADS);
    expect(again).not.toBe(v1);
    expect(v2.releases).toBe(1);
    expect(registry.status().created).toBe(3);
  });

  it('remembers a failure for a doubling backoff, then retries', async () => {
    const c = clock();
    let failing = true;
    const fake = fakeLoader((version) => (failing ? new RankerLoadError(version, 'model_unreadable', 'corrupt') : undefined));
    const registry = createRankerRegistry({ load: fake.load, now: c.now, retryAfterMs: 1_000, maxRetryAfterMs: 3_000 });

    const first = await registry.get('v1', bytes, HEADS).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RankerLoadError);
    expect((first as Error).message).toBe('ranker v1: corrupt');
    // Within the backoff: the same error at once, no new attempt.
    c.advance(999);
    await expect(registry.get('v1', bytes, HEADS)).rejects.toBe(first);
    expect(fake.calls.length).toBe(1);
    expect(registry.status().failed).toEqual([{ version: 'v1', attempts: 1, retryAt: 1_001_000, message: 'ranker v1: corrupt' }]);
    // After it: a second attempt, failing again → 2 s; then 3 s (the ceiling), not 4 s.
    c.advance(1);
    await expect(registry.get('v1', bytes, HEADS)).rejects.toThrow('corrupt');
    expect(registry.status().failed[0]).toMatchObject({ attempts: 2, retryAt: c.now() + 2_000 });
    c.advance(2_000);
    await expect(registry.get('v1', bytes, HEADS)).rejects.toThrow('corrupt');
    expect(registry.status().failed[0]).toMatchObject({ attempts: 3, retryAt: c.now() + 3_000 });
    expect(fake.calls.length).toBe(3);
    // Another version is not held back by v1's failures.
    failing = false;
    await expect(registry.get('v2', bytes, HEADS)).resolves.toMatchObject({ version: 'v2' });
    c.advance(3_000);
    await expect(registry.get('v1', bytes, HEADS)).resolves.toMatchObject({ version: 'v1' });
    expect(registry.status()).toMatchObject({ loaded: ['v1'], failed: [] });
  });

  it('names a model that cannot be fetched as bytes_unavailable (retriable), and wraps foreign errors', async () => {
    const fake = fakeLoader((_, call) => (call === 1 ? new TypeError('boom') : undefined));
    const registry = createRankerRegistry({ load: fake.load });
    const unreadable = await registry.get('v1', () => Promise.reject(new Error('R2 503')), HEADS).catch((e: unknown) => e as RankerLoadError);
    expect(unreadable).toBeInstanceOf(RankerLoadError);
    expect(unreadable).toMatchObject({ problem: 'bytes_unavailable', retriable: true, message: 'ranker v1: cannot read the model bytes: R2 503' });
    expect(fake.calls).toEqual([]);
    const foreign = await registry.get('v2', bytes, HEADS).catch((e: unknown) => e as RankerLoadError);
    expect(foreign).toMatchObject({ problem: 'runtime_unavailable', message: 'ranker v2: unexpected failure: boom' });
  });

  it('with onnxruntime: sessions are reused across calls, and versions switch cleanly', async () => {
    const registry = createRankerRegistry();
    const rows = randomRows(500, FEATURE_COUNT, 3);
    const a = await registry.get(MODEL_A.version, () => Promise.resolve(MODEL_A.onnx), MODEL_A.model.heads);
    expect(await registry.get(MODEL_A.version, () => Promise.reject(new Error('not fetched again')), MODEL_A.model.heads)).toBe(a);
    expect(maxAbsDiff(await a.score(rows, 500), forwardRanker(MODEL_A.model, rows, 500))).toBeLessThanOrEqual(1e-4);

    const b = await registry.get(MODEL_B.version, () => Promise.resolve(MODEL_B.onnx), MODEL_B.model.heads);
    expect(a.released).toBe(true);
    expect(maxAbsDiff(await b.score(rows, 500), forwardRanker(MODEL_B.model, rows, 500))).toBeLessThanOrEqual(1e-4);

    const aAgain = await registry.get(MODEL_A.version, () => Promise.resolve(MODEL_A.onnx), MODEL_A.model.heads);
    expect(b.released).toBe(true);
    expect(maxAbsDiff(await aAgain.score(rows, 500), forwardRanker(MODEL_A.model, rows, 500))).toBeLessThanOrEqual(1e-4);
    expect(registry.status()).toMatchObject({ loaded: [MODEL_A.version], created: 3 });
    await registry.clear();
  });

  it('with onnxruntime: a corrupt version fails precisely and the loaded one keeps serving', async () => {
    const registry = createRankerRegistry();
    const a = await registry.get(MODEL_A.version, () => Promise.resolve(MODEL_A.onnx), MODEL_A.model.heads);
    const corrupt = MODEL_B.onnx.slice(0, MODEL_B.onnx.length - 100);
    const error = (await registry.get('rk-corrupt', () => Promise.resolve(corrupt), MODEL_B.model.heads).catch((e: unknown) => e)) as RankerLoadError;
    expect(error).toBeInstanceOf(RankerLoadError);
    expect(error.problem).toBe('model_unreadable');
    // The last 100 bytes held metadata entries: the cut one is named.
    expect(error.message).toMatch(/^ranker rk-corrupt: the bytes are not an ONNX model: field 14 at byte \d+ declares \d+ bytes, \d+ remain$/);
    expect(a.released).toBe(false);
    const rows = randomRows(10, FEATURE_COUNT);
    expect(maxAbsDiff(await a.score(rows, 10), forwardRanker(MODEL_A.model, rows, 10))).toBeLessThanOrEqual(1e-4);
    await registry.clear();
  });
});
