import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

// These tests run inside workerd (see vitest.config.ts), against the worker's
// default export exactly as wrangler would deploy it.
describe('edge worker', () => {
  it('answers /healthz with the configured region', async () => {
    const res = await exports.default.fetch('http://edge.test/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', region: 'local' });
  });

  it('answers unknown paths with a JSON 404 naming the path', async () => {
    const res = await exports.default.fetch('http://edge.test/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', path: '/nope' });
  });
});
