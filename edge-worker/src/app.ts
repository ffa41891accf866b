// The HTTP surface of the edge worker (R17), route by route. Middleware order:
// config (refuses to serve when misconfigured) → CORS → per route: API key and
// rate limit (client routes) or the admin token (ops routes).
import { Hono, type Context } from 'hono';
import type { Env } from './env.js';
import { adminAuth, checkAdmin } from './http/admin-auth.js';
import { apiKeyAuth } from './http/api-key-auth.js';
import { httpConfig } from './http/config-middleware.js';
import type { HttpHonoEnv, HttpVariables } from './http/context.js';
import { corsFromConfig } from './http/cors.js';
import { advanceCursor, decodeCursor, encodeCursor, servedBefore, type CursorState } from './http/cursor.js';
import { createIngestApp, type IngestAppOptions } from './http/ingest-app.js';
import { openApiDocument } from './http/openapi.js';
import { errorResponse, invalidRequest, jsonResponse } from './http/problems.js';
import { rateLimit } from './http/rate-limit.js';
import { parseRecommendationsQuery } from './http/recommendations-query.js';
import { parseSimilarQuery } from './http/similar-query.js';
import { isolateRankers } from './ranking/index.js';
import { emitImpressionLog } from './serve/impression-log.js';
import { servingCache, type Serving, type ServingOverrides } from './serve/isolate.js';
import { recommend } from './serve/recommend.js';
import { similarItems } from './serve/similar.js';
import { prometheusText } from './serve/metrics.js';

type AppEnv = { Bindings: Env; Variables: HttpVariables };

export interface AppOptions {
  readonly serving?: ServingOverrides;
  readonly ingest?: IngestAppOptions;
}

const waitUntilOf = (c: Context<AppEnv>) => (p: Promise<unknown>) => {
  try {
    c.executionCtx.waitUntil(p);
  } catch {
    p.catch(() => undefined); // no execution context (app.request in tests): let it run
  }
};

export function createApp(options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const serving = servingCache(options.serving);
  const ingest = createIngestApp(options.ingest);

  const servingOf = (c: Context<AppEnv>): Serving => serving(c.env);
  const misconfigured = (problem: string) => errorResponse(500, 'misconfigured', problem);

  app.get('/healthz', (c) => c.json({ status: 'ok', region: c.env.REGION }));
  app.use('*', httpConfig());
  app.use('*', corsFromConfig());
  app.get('/openapi.json', (c) => c.json(openApiDocument() as object));

  app.get('/version', async (c) => {
    const s = servingOf(c);
    if (!s.ok) return misconfigured(s.problem);
    const state = await s.bundles.get(c.env.ARTIFACTS, c.env.INDEX_VERSION, waitUntilOf(c));
    const manifest = state.bundle?.manifest;
    return c.json({
      region: c.env.REGION,
      index_version: manifest?.version ?? null,
      embedding_version: manifest?.embedding_version ?? null,
      model_version: manifest?.ranker_version ?? null,
      feature_schema_hash: manifest?.feature_schema_hash ?? null,
      item_count: manifest?.item_count ?? null,
      pinned: (c.env.INDEX_VERSION ?? '') !== '',
      problem: state.problem,
    });
  });

  // Ops: what this isolate is doing, and its counters.
  app.get('/v1/admin/status', adminAuth(), (c) => {
    const s = servingOf(c);
    if (!s.ok) return misconfigured(s.problem);
    return c.json({ region: c.env.REGION, bundle: s.bundles.describe(), rankers: isolateRankers.status(), serving: s.counters.snapshot(), ingest: ingest.metrics.snapshot() });
  });
  app.get('/metrics', adminAuth(), (c) => {
    const s = servingOf(c);
    if (!s.ok) return misconfigured(s.problem);
    return c.text(prometheusText(c.env.REGION, s.counters.snapshot(), ingest.metrics.snapshot()), 200, { 'content-type': 'text/plain; version=0.0.4' });
  });

  app.use('/v1/recommendations', apiKeyAuth(), rateLimit());
  app.use('/v1/items/*', apiKeyAuth(), rateLimit());
  app.use('/v1/interactions', apiKeyAuth(), rateLimit());
  app.use('/v1/impressions', apiKeyAuth(), rateLimit());

  app.get('/v1/recommendations', async (c) => {
    const parsed = parseRecommendationsQuery(new URL(c.req.url).searchParams);
    if (!parsed.ok) return invalidRequest(parsed.error);
    const q = parsed.value;
    if (q.debug && (await checkAdmin(c as unknown as Context<HttpHonoEnv>)) !== 'admin') return errorResponse(403, 'forbidden', 'debug=true needs the admin token (x-admin-token)');
    const s = servingOf(c);
    if (!s.ok) return misconfigured(s.problem);
    const key = await c.var.cursorKey();
    const binding = { userId: q.userId, surface: q.surface };
    let previous: CursorState | undefined;
    if (q.cursor !== undefined) {
      const decoded = await decodeCursor(q.cursor, binding, key);
      if (!decoded.ok) return invalidRequest([{ field: 'cursor', message: decoded.error.message }]);
      previous = decoded.value;
    }
    const requestId = crypto.randomUUID();
    const outcome = await recommend(
      {
        requestId, userId: q.userId, limit: q.limit, surface: q.surface, debug: q.debug, categories: q.categories, servedBefore: servedBefore(previous), servedCount: previous?.servedItemHashes.length ?? 0,
        ...(q.context.device !== undefined && { device: q.context.device }),
        ...(q.context.country !== undefined && { country: q.context.country }),
        ...(q.context.localHour !== undefined && { localHour: q.context.localHour }),
      },
      s.deps,
      waitUntilOf(c),
    );
    s.counters.record(outcome.log);
    const next = outcome.items.length === 0 ? undefined : advanceCursor(previous, { requestId, indexVersion: outcome.indexVersion ?? 'none', servedItemIds: outcome.items.map((i) => i.item_id), now: Date.now() });
    const cursor = next === undefined ? null : await encodeCursor(next, binding, key);
    emitImpressionLog(c.var.httpConfig.ingest, { request: { requestId, userId: q.userId, surface: q.surface, page: previous === undefined ? 0 : previous.offset, clientApp: c.var.clientApp }, outcome }, waitUntilOf(c));
    return jsonResponse(
      200,
      {
        request_id: requestId,
        items: outcome.items.map((i) => ({
          item_id: i.item_id, score: i.score, sources: i.sources, explanation: i.explanation, position: (previous?.offset ?? 0) + i.position,
          ...(i.explore && { explore: i.explore }), ...(i.pinned && { pinned: true }),
        })),
        next_cursor: cursor !== null && cursor.ok ? cursor.value : null,
        index_version: outcome.indexVersion,
        model_version: outcome.modelVersion,
        variant: outcome.variant,
        degraded: outcome.log.degraded.map((d) => d.code),
        ...(outcome.debug && { debug: { ...outcome.debug, degraded: outcome.log.degraded, timings: outcome.log.timings } }),
      },
      { 'server-timing': outcome.log.serverTiming(), 'x-request-id': requestId, 'cache-control': 'no-store' },
    );
  });

  app.get('/v1/items/:id/similar', async (c) => {
    const parsed = parseSimilarQuery(c.req.param('id'), new URL(c.req.url).searchParams);
    if (!parsed.ok) return invalidRequest(parsed.error);
    const s = servingOf(c);
    if (!s.ok) return misconfigured(s.problem);
    const result = await similarItems(parsed.value.itemId, parsed.value.limit, parsed.value.country, s.deps, waitUntilOf(c));
    if (result.status === 'unknown_item') return errorResponse(404, 'unknown_item', `item ${parsed.value.itemId} is not in index ${result.indexVersion}`);
    return jsonResponse(200, { item_id: parsed.value.itemId, items: result.items, index_version: result.indexVersion, degraded: result.degraded }, { 'cache-control': 'public, max-age=60' });
  });

  app.route('/', ingest);

  app.notFound((c) => c.json({ error: 'not_found', path: new URL(c.req.url).pathname }, 404));
  app.onError((error, c) => {
    console.error(JSON.stringify({ msg: 'unhandled error', path: new URL(c.req.url).pathname, error: error.message, stack: error.stack }));
    return c.json({ error: 'internal', problem: 'the worker failed unexpectedly; the request id is in the logs' }, 500);
  });
  return app;
}
