import { describe, expect, it } from 'vitest';
import { MAX_CURSOR_CHARS } from './cursor.js';
import { parseRecommendationsQuery } from './recommendations-query.js';
import { parseSimilarQuery } from './similar-query.js';
import { TEST_KEYS, createTestApp, testEnv } from './test-support.js';

const parse = (query: string) => parseRecommendationsQuery(new URLSearchParams(query));

function problemsOf(query: string) {
  const parsed = parse(query);
  if (parsed.ok) throw new Error(`expected "${query}" to be refused`);
  return parsed.error;
}

describe('GET /v1/recommendations query', () => {
  it('applies defaults: limit 20, surface home, empty context, no categories, no debug', () => {
    expect(parse('user_id=u-1')).toEqual({
      ok: true,
      value: { userId: 'u-1', limit: 20, surface: 'home', context: {}, categories: [], debug: false },
    });
  });

  it('reads every parameter', () => {
    const parsed = parse('user_id=u:1&limit=100&surface=detail&cursor=AbC_-9&device=tv&country=DE&local_hour=0&categories=drama,%20comedy,drama&debug=1');
    expect(parsed).toEqual({
      ok: true,
      value: {
        userId: 'u:1',
        limit: 100,
        surface: 'detail',
        cursor: 'AbC_-9',
        context: { device: 'tv', country: 'DE', localHour: 0 },
        categories: ['drama', 'comedy'],
        debug: true,
      },
    });
  });

  it.each<[string, string, string, RegExp]>([
    ['user_id missing', 'limit=5', 'user_id', /^user_id is required$/],
    ['user_id empty', 'user_id=', 'user_id', /must not be empty/],
    ['user_id with a space', 'user_id=a%20b', 'user_id', /may contain only letters/],
    ['user_id too long', `user_id=${'u'.repeat(129)}`, 'user_id', /at most 128/],
    ['limit 0', 'user_id=u&limit=0', 'limit', /whole number from 1 to 100/],
    ['limit 101', 'user_id=u&limit=101', 'limit', /whole number from 1 to 100/],
    ['limit negative', 'user_id=u&limit=-1', 'limit', /whole number from 1 to 100/],
    ['limit fractional', 'user_id=u&limit=2.5', 'limit', /whole number/],
    ['limit exponent', 'user_id=u&limit=1e2', 'limit', /whole number/],
    ['limit empty', 'user_id=u&limit=', 'limit', /whole number/],
    ['limit huge', `user_id=u&limit=${'9'.repeat(30)}`, 'limit', /whole number/],
    ['surface unknown', 'user_id=u&surface=sidebar', 'surface', /one of home, detail, search, notification/],
    ['cursor not base64url', 'user_id=u&cursor=a%2Bb', 'cursor', /next_cursor of a previous page/],
    ['cursor empty', 'user_id=u&cursor=', 'cursor', /next_cursor of a previous page/],
    ['cursor too long', `user_id=u&cursor=${'a'.repeat(MAX_CURSOR_CHARS + 1)}`, 'cursor', /at most/],
    ['device unknown', 'user_id=u&device=fridge', 'device', /one of tv, mobile/],
    ['country lower case', 'user_id=u&country=de', 'country', /ISO 3166-1 alpha-2/],
    ['local_hour 24', 'user_id=u&local_hour=24', 'local_hour', /from 0 to 23/],
    ['local_hour not a number', 'user_id=u&local_hour=noon', 'local_hour', /from 0 to 23/],
    ['categories with an empty entry', 'user_id=u&categories=a,,b', 'categories.1', /is empty/],
    ['categories entry too long', `user_id=u&categories=${'c'.repeat(65)}`, 'categories.0', /at most 64/],
    ['categories more than 32', `user_id=u&categories=${Array.from({ length: 33 }, (_, i) => `c${i}`).join(',')}`, 'categories', /at most 32 categories \(got 33\)/],
    ['debug not a boolean', 'user_id=u&debug=yes', 'debug', /true, false, 1 or 0/],
    ['a parameter twice', 'user_id=u&limit=5&limit=6', 'limit', /given once \(got 2 values\)/],
    ['an unknown parameter', 'user_id=u&limt=5', 'limt', /unknown parameter "limt"; known parameters: user_id, limit/],
  ])('refuses %s', (_name, query, field, message) => {
    expect(problemsOf(query)).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('reports every problem at once', () => {
    expect(problemsOf('limit=0&country=xx').map((p) => p.field).sort()).toEqual(['country', 'limit', 'user_id']);
  });

  it('answers 400 invalid_request with the problems through the app', async () => {
    const res = await createTestApp().request('/v1/recommendations?limit=500', { headers: { 'x-api-key': TEST_KEYS['tv-app'] } }, testEnv());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      problems: [
        { field: 'user_id', message: 'user_id is required' },
        { field: 'limit', message: 'limit must be a whole number from 1 to 100' },
      ],
    });
  });
});

describe('GET /v1/items/:id/similar', () => {
  const similar = (path: string) => createTestApp().request(path, { headers: { 'x-api-key': TEST_KEYS['tv-app'] } }, testEnv());

  it('reads the id and limit', async () => {
    expect(await (await similar('/v1/items/m-42/similar?limit=7')).json()).toEqual({ itemId: 'm-42', limit: 7 });
    expect(parseSimilarQuery('m-42', new URLSearchParams())).toEqual({ ok: true, value: { itemId: 'm-42', limit: 20 } });
  });

  it.each<[string, string, string, RegExp]>([
    ['an id with a percent-encoded space', '/v1/items/a%20b/similar', 'id', /may contain only letters/],
    ['an id too long', `/v1/items/${'i'.repeat(129)}/similar`, 'id', /at most 128/],
    ['limit 0', '/v1/items/m1/similar?limit=0', 'limit', /from 1 to 100/],
    ['an unknown parameter', '/v1/items/m1/similar?user_id=u', 'user_id', /unknown parameter/],
  ])('refuses %s with 400', async (_name, path, field, message) => {
    const res = await similar(path);
    expect(res.status).toBe(400);
    expect((await res.json<{ problems: unknown[] }>()).problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });
});
