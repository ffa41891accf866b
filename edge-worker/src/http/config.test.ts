import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, parseHttpConfig, type HttpEnv } from './config.js';
import { TEST_ADMIN_TOKEN, TEST_KEYS, createTestApp, testEnv } from './test-support.js';

const problemsOf = (env: HttpEnv) => {
  const parsed = parseHttpConfig(env);
  if (parsed.ok) throw new Error('expected the config to be refused');
  return parsed.error;
};

describe('parseHttpConfig', () => {
  it('reads a complete env', () => {
    const parsed = parseHttpConfig(testEnv({ CORS_ORIGINS: 'https://a.example.com, http://localhost:5173', INGEST_URL: 'https://ingest.test/' }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.fromEntries(parsed.value.apiKeys)).toEqual(TEST_KEYS);
    expect(parsed.value.adminToken).toBe(TEST_ADMIN_TOKEN);
    expect(parsed.value.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(parsed.value.rateLimitPerMinute).toBe(600);
    expect(parsed.value.ingest?.url).toBe('https://ingest.test');
    expect(parsed.value.cursorSecretSource).toBe('API_KEYS');
  });

  it('applies defaults: 600 per minute, no CORS origins, no ingestion; "" counts as unset', () => {
    const parsed = parseHttpConfig({ API_KEYS: JSON.stringify(TEST_KEYS), ADMIN_TOKEN: TEST_ADMIN_TOKEN, INGEST_URL: '', CORS_ORIGINS: ' ' });
    expect(parsed.ok && parsed.value).toMatchObject({ rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE, corsOrigins: [] });
    expect(parsed.ok && parsed.value.ingest).toBeUndefined();
  });

  it('accepts "*" for CORS, a numeric var for the rate, and CURSOR_SECRET', () => {
    const parsed = parseHttpConfig(testEnv({ CORS_ORIGINS: '*', RATE_LIMIT_PER_MINUTE: 30, CURSOR_SECRET: 'cursor-secret-0123456789' }));
    expect(parsed.ok && parsed.value).toMatchObject({ corsOrigins: '*', rateLimitPerMinute: 30, cursorSecretSource: 'CURSOR_SECRET' });
  });

  it.each<[string, Partial<HttpEnv>, string, RegExp]>([
    ['API_KEYS missing', { API_KEYS: undefined }, 'API_KEYS', /not set/],
    ['API_KEYS not JSON', { API_KEYS: '{tv: x' }, 'API_KEYS', /not valid JSON/],
    ['API_KEYS an array', { API_KEYS: '["k"]' }, 'API_KEYS', /JSON object/],
    ['API_KEYS empty', { API_KEYS: '{}' }, 'API_KEYS', /at least one client app/],
    ['API key too short', { API_KEYS: '{"tv":"short"}' }, 'API_KEYS.tv', /at least 16 characters/],
    ['API key not a string', { API_KEYS: '{"tv":12345678901234567890}' }, 'API_KEYS.tv', /must be strings/],
    ['API key with a space', { API_KEYS: '{"tv":"0123456789 abcdefgh"}' }, 'API_KEYS.tv', /printable ASCII/],
    ['same key for two apps', { API_KEYS: '{"a":"0123456789abcdefgh","b":"0123456789abcdefgh"}' }, 'API_KEYS', /same key to two apps/],
    ['ADMIN_TOKEN missing', { ADMIN_TOKEN: undefined }, 'ADMIN_TOKEN', /not set/],
    ['ADMIN_TOKEN too short', { ADMIN_TOKEN: 'admin' }, 'ADMIN_TOKEN', /at least 16/],
    ['ADMIN_TOKEN equal to an API key', { ADMIN_TOKEN: TEST_KEYS['tv-app'] }, 'ADMIN_TOKEN', /differ from every API key/],
    ['CORS origin with a path', { CORS_ORIGINS: 'https://a.example.com/app' }, 'CORS_ORIGINS.0', /not an origin/],
    ['CORS origin with a trailing slash', { CORS_ORIGINS: 'https://ok.example.com,https://a.example.com/' }, 'CORS_ORIGINS.1', /not an origin/],
    ['CORS "*" in a list', { CORS_ORIGINS: 'https://a.example.com,*' }, 'CORS_ORIGINS.1', /"\*" alone/],
    ['rate not a number', { RATE_LIMIT_PER_MINUTE: 'many' }, 'RATE_LIMIT_PER_MINUTE', /whole number from 1/],
    ['rate zero', { RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE', /whole number from 1/],
    ['rate fractional', { RATE_LIMIT_PER_MINUTE: '1.5' }, 'RATE_LIMIT_PER_MINUTE', /got "1.5"/],
    ['INGEST_URL not a URL', { INGEST_URL: 'ingest.test' }, 'INGEST_URL', /http\(s\) URL/],
    ['INGEST_URL with a query', { INGEST_URL: 'https://ingest.test/?a=1' }, 'INGEST_URL', /without query/],
    ['INGEST_URL not http', { INGEST_URL: 'ftp://ingest.test' }, 'INGEST_URL', /http\(s\) URL/],
    ['INGEST_URL without INGEST_TOKEN', { INGEST_TOKEN: undefined }, 'INGEST_TOKEN', /required when INGEST_URL/],
    ['INGEST_TOKEN too short', { INGEST_TOKEN: 'tok' }, 'INGEST_TOKEN', /at least 16/],
    ['CURSOR_SECRET too short', { CURSOR_SECRET: 'abc' }, 'CURSOR_SECRET', /at least 16/],
  ])('refuses %s with a problem on the field', (_name, overrides, field, message) => {
    const problems = problemsOf(testEnv(overrides));
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('reports every problem at once and never echoes a secret', () => {
    const secret = 'tiny';
    const problems = problemsOf({ API_KEYS: JSON.stringify({ tv: secret }), ADMIN_TOKEN: secret, RATE_LIMIT_PER_MINUTE: '-1' });
    expect(problems.map((p) => p.field).sort()).toEqual(['ADMIN_TOKEN', 'API_KEYS.tv', 'RATE_LIMIT_PER_MINUTE']);
    for (const p of problems) expect(p.message).not.toContain(secret);
  });
});

describe('httpConfig middleware', () => {
  it('answers 500 with the problems on every route but /healthz when misconfigured', async () => {
    const app = createTestApp();
    const env = testEnv({ ADMIN_TOKEN: undefined });
    for (const path of ['/v1/recommendations?user_id=u1', '/version', '/anything']) {
      const res = await app.request(path, { headers: { 'x-api-key': TEST_KEYS['tv-app'] } }, env);
      expect(res.status).toBe(500);
      const body = await res.json<{ error: string; problem: string }>();
      expect(body.error).toBe('misconfigured');
      expect(body.problem).toMatch(/ADMIN_TOKEN: ADMIN_TOKEN is not set/);
    }
    expect((await app.request('/healthz', {}, env)).status).toBe(200);
  });

  it('follows a changed env (a new isolate config) instead of keeping the first one', async () => {
    const app = createTestApp();
    const headers = { 'x-api-key': TEST_KEYS['tv-app'] };
    expect((await app.request('/v1/recommendations?user_id=u1', { headers }, testEnv())).status).toBe(200);
    expect((await app.request('/v1/recommendations?user_id=u1', { headers }, testEnv({ API_KEYS: '{}' }))).status).toBe(500);
    expect((await app.request('/v1/recommendations?user_id=u1', { headers }, testEnv())).status).toBe(200);
  });
});
