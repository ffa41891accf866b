// Test wiring of the HTTP pieces, in the order a worker composes them:
// /healthz → httpConfig → CORS → (for /v1/*) API key → rate limit → routes;
// /version behind the admin token. Used by the tests in this folder only.
import { Hono } from 'hono';
import { adminAuth, adminRefusal, checkAdmin } from './admin-auth.js';
import { apiKeyAuth } from './api-key-auth.js';
import type { HttpEnv } from './config.js';
import { httpConfig } from './config-middleware.js';
import type { HttpHonoEnv } from './context.js';
import { corsFromConfig } from './cors.js';
import { createIngestApp, type IngestAppOptions } from './ingest-app.js';
import { invalidRequest } from './problems.js';
import { rateLimit } from './rate-limit.js';
import { parseRecommendationsQuery } from './recommendations-query.js';
import { parseSimilarQuery } from './similar-query.js';
import type { TokenBucketLimiter } from './token-bucket.js';

export const TEST_KEYS = { 'tv-app': 'tv-key-0123456789abcdef', 'web-app': 'web-key-0123456789abcdef' } as const;
export const TEST_ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const TEST_INGEST_TOKEN = 'ingest-token-0123456789abcdef';

export function testEnv(overrides: Partial<HttpEnv> = {}): HttpEnv {
  return {
    API_KEYS: JSON.stringify(TEST_KEYS),
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    CORS_ORIGINS: 'https://app.example.com',
    RATE_LIMIT_PER_MINUTE: '600',
    INGEST_URL: 'https://ingest.test',
    INGEST_TOKEN: TEST_INGEST_TOKEN,
    ...overrides,
  };
}

export interface TestAppOptions {
  readonly limiter?: TokenBucketLimiter;
  readonly ingest?: IngestAppOptions;
}

export function createTestApp(options: TestAppOptions = {}) {
  const app = new Hono<HttpHonoEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use('*', httpConfig());
  app.use('*', corsFromConfig());
  app.use('/v1/*', apiKeyAuth());
  app.use('/v1/*', rateLimit(options.limiter ? { limiter: options.limiter } : {}));

  app.get('/v1/recommendations', async (c) => {
    const query = parseRecommendationsQuery(new URL(c.req.url).searchParams);
    if (!query.ok) return invalidRequest(query.error);
    if (query.value.debug) {
      const check = await checkAdmin(c);
      if (check !== 'admin') return adminRefusal(check, 'debug output');
    }
    return c.json({ client_app: c.var.clientApp, query: query.value });
  });
  app.get('/v1/items/:id/similar', (c) => {
    const query = parseSimilarQuery(c.req.param('id'), new URL(c.req.url).searchParams);
    return query.ok ? c.json(query.value) : invalidRequest(query.error);
  });
  const ingest = createIngestApp(options.ingest);
  app.route('/', ingest);
  app.get('/version', adminAuth(), (c) => c.json({ region: 'test' }));
  return Object.assign(app, { ingestMetrics: ingest.metrics });
}
