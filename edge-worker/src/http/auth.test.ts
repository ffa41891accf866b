import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerToken } from './api-key-auth.js';
import { constantTimeEqual, sha256 } from './credentials.js';
import { TEST_ADMIN_TOKEN, TEST_KEYS, createTestApp, testEnv } from './test-support.js';

const RECS = '/v1/recommendations?user_id=u1';

async function call(path: string, headers: Record<string, string>) {
  const res = await createTestApp().request(path, { headers }, testEnv());
  return { status: res.status, headers: res.headers, body: await res.json<Record<string, unknown>>() };
}

describe('API key auth', () => {
  it('accepts the key in x-api-key and names the client app', async () => {
    const res = await call(RECS, { 'x-api-key': TEST_KEYS['web-app'] });
    expect(res.status).toBe(200);
    expect(res.body.client_app).toBe('web-app');
  });

  it('accepts the key as Authorization: Bearer (any case of "bearer")', async () => {
    expect((await call(RECS, { authorization: `Bearer ${TEST_KEYS['tv-app']}` })).body.client_app).toBe('tv-app');
    expect((await call(RECS, { authorization: `bearer ${TEST_KEYS['tv-app']}` })).body.client_app).toBe('tv-app');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['no key', {}, /missing API key: send it in the x-api-key header or as Authorization: Bearer/],
    ['an unknown key', { 'x-api-key': 'not-a-key-0123456789' }, /not recognised/],
    ['a key differing in its last character', { 'x-api-key': `${TEST_KEYS['tv-app'].slice(0, -1)}x` }, /not recognised/],
    ['a prefix of a key', { 'x-api-key': TEST_KEYS['tv-app'].slice(0, 10) }, /not recognised/],
    ['an empty x-api-key', { 'x-api-key': ' ' }, /x-api-key header is empty/],
    ['a Basic Authorization header', { authorization: 'Basic dXNlcjpwYXNz' }, /must be "Bearer <key>"/],
    ['a bare Bearer', { authorization: 'Bearer' }, /must be "Bearer <key>"/],
    ['two different keys', { 'x-api-key': TEST_KEYS['tv-app'], authorization: `Bearer ${TEST_KEYS['web-app']}` }, /different keys/],
    ['an overlong key', { 'x-api-key': 'k'.repeat(2000) }, /longer than 1024/],
    ['the admin token as an API key', { 'x-api-key': TEST_ADMIN_TOKEN }, /not recognised/],
  ])('refuses %s with 401 and a precise problem', async (_name, headers, problem) => {
    const res = await call(RECS, headers);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized', problem: expect.stringMatching(problem) });
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="freshet"');
  });

  it('reads bearer tokens: absent, malformed or the token', () => {
    expect(bearerToken(undefined)).toEqual({ ok: 'absent' });
    expect(bearerToken('Bearer  abc ')).toEqual({ ok: true, value: 'abc' });
    expect(bearerToken('Bearer a b')).toMatchObject({ ok: false });
    expect(bearerToken('Token abc')).toMatchObject({ ok: false });
  });
});

describe('admin auth', () => {
  it('opens /version with the admin token', async () => {
    expect((await call('/version', { 'x-admin-token': TEST_ADMIN_TOKEN })).status).toBe(200);
  });

  it('answers 401 without the token and 403 with a wrong one (an API key is not an admin token)', async () => {
    expect(await call('/version', {})).toMatchObject({ status: 401, body: { error: 'unauthorized', problem: expect.stringMatching(/x-admin-token/) } });
    expect(await call('/version', { 'x-admin-token': 'wrong-token-0123456789' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await call('/version', { 'x-admin-token': TEST_KEYS['tv-app'] })).status).toBe(403);
    expect((await call('/version', { 'x-admin-token': 'x'.repeat(5000) })).status).toBe(403);
  });

  it('gates ?debug=true on recommendations: 401 without, 403 wrong, 200 with the admin token', async () => {
    const key = { 'x-api-key': TEST_KEYS['tv-app'] };
    expect((await call(`${RECS}&debug=true`, key)).status).toBe(401);
    expect((await call(`${RECS}&debug=true`, { ...key, 'x-admin-token': 'wrong-token-0123456789' })).status).toBe(403);
    const ok = await call(`${RECS}&debug=true`, { ...key, 'x-admin-token': TEST_ADMIN_TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ query: { debug: true } });
    expect((await call(`${RECS}&debug=false`, key)).status).toBe(200);
  });
});

describe('constant-time comparison', () => {
  it('equals byte equality on digests of any two strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
        expect(constantTimeEqual(await sha256(a), await sha256(b))).toBe(a === b);
      }),
      { numRuns: 100 },
    );
  });

  it('answers false for different lengths', () => {
    expect(constantTimeEqual(new Uint8Array(2), new Uint8Array(3))).toBe(false);
  });
});
