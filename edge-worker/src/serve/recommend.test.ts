// The recommendation route end to end inside workerd: a real bundle (built by
// the index builder) in the test's R2 bucket, the real ONNX ranker, the real
// retrieval and re-ranking code, and an in-memory feature store fed with the
// bundle's own synthetic events — so every rung of the fallback ladder can be
// forced: a slow or failing KV store, a slow or failing ranker, a missing or
// corrupt bundle. The real KV path is covered by the end-to-end test.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../app.js';
import type { Env } from '../env.js';
import { shipFixture, fixture } from '../testing/fixture-bundle.js';
import { memoryFeatureStore, syntheticWorld, type Faults, type SyntheticWorld } from '../testing/synthetic-store.js';
import type { EdgeRanker } from '../ranking/edge-ranker.js';

const KEY = 'test-key-0123456789abcdef';
const ADMIN = 'test-admin-token-0123456789';
// Generous deadlines except where a test forces one: CPU contention on a test machine must not degrade.
const RELAXED = { deadlines_ms: { features: 2000, retrieval: 2000, ranking: 5000, assembly: 2000, bundle_load: 20_000 } };

let world: SyntheticWorld;
let warmUser: string;

beforeAll(async () => {
  world = syntheticWorld(fixture().workload);
  const counts = new Map<string, number>();
  for (const e of world.events) counts.set(e.user_id, (counts.get(e.user_id) ?? 0) + 1);
  warmUser = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  await clear(env.ARTIFACTS);
  await shipFixture(env.ARTIFACTS);
});

async function clear(bucket: R2Bucket) {
  const listed = await bucket.list();
  await Promise.all(listed.objects.map((o) => bucket.delete(o.key)));
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

interface Setup {
  faults?: Faults;
  config?: object;
  ranker?: AppOptions['serving'] extends infer S ? (S extends { ranker?: infer R } ? R : never) : never;
  env?: Partial<Env>;
}

function server(setup: Setup = {}) {
  const faults = setup.faults ?? {};
  const app = createApp({
    serving: {
      store: memoryFeatureStore(world, faults),
      random: seeded(7),
      now: () => world.snapshot.header.builtAt,
      ...(setup.ranker && { ranker: setup.ranker }),
    },
  });
  const testEnv: Env = {
    ...env,
    API_KEYS: JSON.stringify({ 'test-app': KEY }),
    ADMIN_TOKEN: ADMIN,
    SERVING_CONFIG: JSON.stringify({ ...RELAXED, ...setup.config }),
    LAST_RESORT_ITEMS: 'syn-i1,syn-i2,syn-i3',
    ...setup.env,
  };
  return {
    faults,
    async get(path: string, headers: Record<string, string> = { 'x-api-key': KEY }) {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`http://edge.test${path}`, { headers }), testEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
  };
}

interface Body {
  request_id: string;
  items: { item_id: string; score: number; sources: string[]; explanation: string; explore?: { propensity: number } }[];
  next_cursor: string | null;
  index_version: string | null;
  model_version: string | null;
  variant: string;
  degraded: string[];
  debug?: Record<string, unknown>;
}

const body = async (res: Response) => (await res.json()) as Body;

describe('GET /v1/recommendations', () => {
  it('serves a warm user a ranked, re-ranked, attributed list from the active bundle, with the stage timings', async () => {
    const s = server();
    const res = await s.get(`/v1/recommendations?user_id=${warmUser}&limit=20&country=DE&device=tv&local_hour=21`);
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.degraded).toEqual([]);
    expect(b.items).toHaveLength(20);
    expect(new Set(b.items.map((i) => i.item_id)).size).toBe(20);
    expect(b.index_version).toBe(fixture().version);
    expect(b.model_version).toMatch(/^rk-/);
    expect(b.variant).toBe('control');
    for (const item of b.items) {
      expect(item.sources.length).toBeGreaterThan(0);
      expect(item.explanation.length).toBeGreaterThan(0);
      expect(Number.isFinite(item.score)).toBe(true);
    }
    expect(b.items.some((i) => i.sources.includes('ann') || i.sources.includes('similar'))).toBe(true);
    // Consumed items (completed by the user) never come back.
    const completed = new Set(world.events.filter((e) => e.user_id === warmUser && e.type === 'media_completed').map((e) => e.item_id));
    expect(b.items.filter((i) => completed.has(i.item_id))).toEqual([]);
    const timing = res.headers.get('server-timing')!;
    for (const stage of ['bundle', 'features', 'retrieval', 'ranking', 'rerank', 'total']) expect(timing).toMatch(new RegExp(`${stage};dur=\\d+\\.\\d\\d`));
    expect(res.headers.get('x-request-id')).toBe(b.request_id);
  });

  it('pages without ever repeating an item, and refuses an altered cursor', async () => {
    const s = server();
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < 4; page++) {
      const res = await s.get(`/v1/recommendations?user_id=${warmUser}&limit=15${cursor ? `&cursor=${cursor}` : ''}`);
      const b = await body(res);
      expect(b.items.length).toBeGreaterThan(0);
      for (const item of b.items) {
        expect(seen.has(item.item_id)).toBe(false);
        seen.add(item.item_id);
      }
      cursor = b.next_cursor;
      expect(cursor).not.toBeNull();
    }
    const altered = cursor!.slice(0, -2) + (cursor!.endsWith('AA') ? 'BB' : 'AA');
    const res = await s.get(`/v1/recommendations?user_id=${warmUser}&limit=15&cursor=${altered}`);
    expect(res.status).toBe(400);
    const other = await s.get(`/v1/recommendations?user_id=someone-else&limit=15&cursor=${cursor}`);
    expect(other.status).toBe(400);
  });

  it('serves a cold user from content, trending and popular sources, with more exploration', async () => {
    const s = server();
    const b = await body(await s.get('/v1/recommendations?user_id=brand-new-user&limit=30&categories=Comedy,Drama'));
    expect(b.items).toHaveLength(30);
    const sources = new Set(b.items.flatMap((i) => i.sources));
    expect(sources.has('ann')).toBe(false);
    expect([...sources].some((x) => ['content', 'trending', 'trending_geo', 'trending_cohort', 'popular'].includes(x))).toBe(true);
    expect(b.items.filter((i) => i.explore !== undefined).length).toBeGreaterThanOrEqual(1);
  });

  it('falls back to the last-known profile when the KV store is slow, and to the cold path when it never answered', async () => {
    const s = server({ config: { deadlines_ms: { ...RELAXED.deadlines_ms, features: 10 } } });
    s.faults.delayMs = 200;
    const cold = await body(await s.get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
    expect(cold.degraded).toContain('features_timeout_cold_path');
    expect(cold.items).toHaveLength(10);
    s.faults.delayMs = 0;
    await s.get(`/v1/recommendations?user_id=${warmUser}&limit=10`); // a good read fills the profile cache
    s.faults.delayMs = 200;
    const cached = await body(await s.get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
    expect(cached.degraded).toContain('features_timeout_cached_profile');
    expect(cached.items).toHaveLength(10);
  });

  it('serves when the KV store is down, and says so', async () => {
    const s = server({ faults: { fail: 'connection refused' } });
    const b = await body(await s.get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
    expect(b.degraded).toContain('features_error_cold_path');
    expect(b.degraded).toContain('snapshot_unavailable');
    expect(b.items).toHaveLength(10);
  });

  it('serves the retrieval order when the ranker throws or is too slow', async () => {
    const failing = server({ ranker: async () => Promise.reject(new Error('session creation failed')) });
    const b1 = await body(await failing.get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
    expect(b1.degraded).toEqual(['ranker_error']);
    expect(b1.model_version).toBeNull();
    expect(b1.items).toHaveLength(10);

    const slowRanker: EdgeRanker = {
      version: 'rk-slow', heads: ['click', 'completion', 'like'], featureCount: 84, released: false,
      score: () => new Promise((resolve) => setTimeout(() => resolve(new Float32Array(0)), 500)),
      release: async () => undefined,
    };
    const slow = server({ ranker: async () => slowRanker, config: { deadlines_ms: { ...RELAXED.deadlines_ms, ranking: 15 } } });
    const b2 = await body(await slow.get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
    expect(b2.degraded).toEqual(['ranker_timeout']);
    expect(b2.items).toHaveLength(10);
  });

  it('serves the bundled last-resort list when no index can be loaded, never an empty list or a 5xx', async () => {
    await clear(env.ARTIFACTS);
    try {
      const none = await body(await server().get(`/v1/recommendations?user_id=${warmUser}&limit=10`));
      expect(none.degraded).toEqual(['index_unavailable']);
      expect(none.items.map((i) => i.item_id)).toEqual(['syn-i1', 'syn-i2', 'syn-i3']);
      await shipFixture(env.ARTIFACTS, { damage: { 'items.bin': (b) => b.map((x, i) => (i === 200 ? x ^ 1 : x)) } });
      const corrupt = await server().get(`/v1/recommendations?user_id=${warmUser}&limit=10`);
      expect(corrupt.status).toBe(200);
      const c = await body(corrupt);
      expect(c.degraded).toEqual(['index_unavailable']);
      expect(c.items.length).toBe(3);
    } finally {
      await clear(env.ARTIFACTS);
      await shipFixture(env.ARTIFACTS);
    }
  });

  it('validates every parameter with a precise 400, and needs an API key', async () => {
    const s = server();
    expect((await s.get('/v1/recommendations?user_id=u1', {})).status).toBe(401);
    expect((await s.get('/v1/recommendations?user_id=u1', { 'x-api-key': 'wrong-key-0123456789abcdef' })).status).toBe(401);
    const missing = await s.get('/v1/recommendations?limit=5');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('user_id');
    const tooMany = await s.get('/v1/recommendations?user_id=u1&limit=1000');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toContain('limit');
    expect((await s.get('/v1/recommendations?user_id=u1&local_hour=24')).status).toBe(400);
    expect((await s.get('/v1/recommendations?user_id=u1&debug=true')).status).toBe(403);
  });

  it('explains itself to an admin with debug=true: retrieval sources and what each rule did', async () => {
    const s = server();
    const b = await body(await s.get(`/v1/recommendations?user_id=${warmUser}&limit=10&debug=true`, { 'x-api-key': KEY, 'x-admin-token': ADMIN }));
    expect(b.debug).toBeDefined();
    expect(b.debug!.candidates).toBeGreaterThan(100);
    expect(Array.isArray(b.debug!.rerank_rules)).toBe(true);
    expect(JSON.stringify(b.debug!.retrieval)).toContain('"ann"');
  });

  it('refuses to serve with an invalid serving config, naming the field', async () => {
    const res = await server({ env: { SERVING_CONFIG: JSON.stringify({ deadlines_ms: { features: -1 } }) } }).get(`/v1/recommendations?user_id=${warmUser}`);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain('deadlines_ms.features');
  });
});

describe('GET /v1/items/:id/similar and /version', () => {
  it('lists an item’s neighbours from the bundle, and 404s an unknown item', async () => {
    const s = server();
    const id = world.catalog.find((i) => !i.unlisted)!.item_id;
    const res = await s.get(`/v1/items/${id}/similar?limit=10&country=DE`);
    expect(res.status).toBe(200);
    const b = (await res.json()) as { items: { item_id: string }[]; index_version: string };
    expect(b.items.length).toBeGreaterThan(0);
    expect(b.items.some((i) => i.item_id === id)).toBe(false);
    expect((await s.get('/v1/items/not-an-item/similar')).status).toBe(404);
    expect((await s.get(`/v1/items/${id}/similar?country=Germany`)).status).toBe(400);
  });

  it('reports the active index and model versions', async () => {
    const res = await server().get('/version', {});
    const b = (await res.json()) as Record<string, unknown>;
    expect(b).toMatchObject({ region: 'local', index_version: fixture().version, pinned: false, problem: null });
    expect(b.model_version).toMatch(/^rk-/);
  });
});
