import { describe, expect, it } from 'vitest';
import { TEST_KEYS, createTestApp, testEnv } from './test-support.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' },
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin without an API key', async () => {
    const res = await createTestApp().request('/v1/recommendations', preflight('https://app.example.com'), testEnv());
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-api-key,authorization,content-type,x-admin-token');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives no allow-origin to other origins, or to any when CORS_ORIGINS is unset', async () => {
    const other = await createTestApp().request('/v1/recommendations', preflight('https://evil.example.com'), testEnv());
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const unset = await createTestApp().request('/v1/recommendations', preflight('https://app.example.com'), testEnv({ CORS_ORIGINS: undefined }));
    expect(unset.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin with "*"', async () => {
    const res = await createTestApp().request('/v1/recommendations', preflight('https://anyone.example.com'), testEnv({ CORS_ORIGINS: '*' }));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('marks actual responses, errors included, and exposes the rate-limit headers', async () => {
    const app = createTestApp();
    const ok = await app.request(
      '/v1/recommendations?user_id=u1',
      { headers: { origin: 'https://app.example.com', 'x-api-key': TEST_KEYS['tv-app'] } },
      testEnv(),
    );
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
    const denied = await app.request('/v1/recommendations?user_id=u1', { headers: { origin: 'https://app.example.com' } }, testEnv());
    expect(denied.status).toBe(401);
    // Without the header the browser would hide the 401 from the app as a CORS failure.
    expect(denied.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
