// The endpoint's HTTP contract seen with raw fetch: statuses, precise error
// messages, refused commands, byte-exact encoding and health.
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvRestServer } from './server.js';
import { freePort, keyPrefix, startStack } from './test-stack.js';
import type { TestStack } from './test-stack.js';

let stack: TestStack;
let direct: IORedis;

beforeAll(async () => {
  stack = await startStack({ maxBodyBytes: 1024 * 1024 });
  direct = new IORedis(stack.redis.url);
}, 20_000);

afterAll(async () => {
  direct?.disconnect();
  await stack?.stop();
});

interface Reply {
  status: number;
  body: unknown;
}

async function call(path: string, init: RequestInit & { auth?: boolean; base64?: boolean } = {}): Promise<Reply> {
  const { auth = true, base64 = false, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (auth) headers.set('authorization', `Bearer ${stack.token}`);
  if (base64) headers.set('upstash-encoding', 'base64');
  const res = await fetch(`${stack.url}${path}`, { method: 'POST', ...rest, headers });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const post = (path: string, body: unknown, init: Parameters<typeof call>[1] = {}) =>
  call(path, { body: typeof body === 'string' ? body : JSON.stringify(body), ...init });

describe('authentication', { timeout: 10_000 }, () => {
  it('answers 401 without an Authorization header', async () => {
    expect(await post('/', ['PING'], { auth: false })).toEqual({
      status: 401,
      body: { error: 'Unauthorized: missing Authorization: Bearer <token> header' },
    });
  });

  it('answers 401 for a wrong token or a non-Bearer scheme', async () => {
    const wrong = await post('/', ['PING'], { auth: false, headers: { authorization: 'Bearer nope' } });
    expect(wrong).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    const basic = await post('/', ['PING'], { auth: false, headers: { authorization: `Basic ${stack.token}` } });
    expect(basic.status).toBe(401);
  });

  it('accepts the token as a _token query parameter, like Upstash', async () => {
    expect(await post(`/?_token=${stack.token}`, ['PING'], { auth: false })).toEqual({
      status: 200,
      body: { result: 'PONG' },
    });
  });
});

describe('request validation', { timeout: 10_000 }, () => {
  it.each([
    ['an object', { cmd: 'GET' }, 'expected a JSON array like ["SET","key","value"], got an object'],
    ['an empty array', [], 'the command array is empty; expected ["COMMAND", ...arguments]'],
    ['a nested object', ['SET', 'k', { a: 1 }], 'element 2 must be a string, number or boolean, got an object'],
    ['a nested array', ['SET', ['k'], 'v'], 'element 1 must be a string, number or boolean, got an array'],
    ['null', ['SET', 'k', null], 'element 2 must be a string, number or boolean, got null'],
    ['a numeric command name', [1, 'k'], 'element 0 (the command name) must be a non-empty string, got a number'],
  ])('answers 400 for %s', async (_, body, error) => {
    expect(await post('/', body)).toEqual({ status: 400, body: { error } });
  });

  it('answers 400 for invalid JSON and empty bodies', async () => {
    const invalid = await post('/', '["GET", "k"');
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error: string }).error).toMatch(/^the request body is not valid JSON: /);
    expect(await post('/', '')).toEqual({
      status: 400,
      body: { error: 'the request body is empty; expected a JSON array' },
    });
  });

  it('names the offending command of a pipeline', async () => {
    expect(await post('/pipeline', ['GET', 'k'])).toEqual({
      status: 400,
      body: { error: 'command 1 of the pipeline: expected a JSON array like ["SET","key","value"], got the string "GET"' },
    });
    expect(await post('/multi-exec', [['GET', 'k'], []])).toEqual({
      status: 400,
      body: { error: 'command 2 of the transaction: the command array is empty; expected ["COMMAND", ...arguments]' },
    });
    expect((await post('/pipeline', [])).status).toBe(400);
  });

  it('answers 413 for a body over the limit, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify(['SET', 'k', 'x'.repeat(1024 * 1024)]);
    expect(await post('/', big)).toEqual({ status: 413, body: { error: 'the request body exceeds the limit of 1048576 bytes' } });
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 32) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await call('/', { body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await post('/', ['PING'])).toEqual({ status: 200, body: { result: 'PONG' } });
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const unknown = await call('/nosuchcommand/x', { method: 'GET' });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error: string }).error).toMatch(/^no endpoint at \/nosuchcommand\/x: ERR unknown command/);
    expect((await call('//x', { method: 'GET' })).status).toBe(404);
    expect((await call('/pipeline/extra', { method: 'GET' })).status).toBe(404);
    const wrongMethod = await fetch(`${stack.url}/pipeline`, { headers: { authorization: `Bearer ${stack.token}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await call('/get/k', { method: 'DELETE' })).status).toBe(405);
  });
});

describe('refused commands', { timeout: 10_000 }, () => {
  it.each([
    [['BLPOP', 'k', '0'], /^BLPOP is a blocking command/],
    [['bzpopmin', 'k', '1'], /^BZPOPMIN is a blocking command/],
    [['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], /^XREAD with BLOCK is a blocking command/],
    [['SUBSCRIBE', 'ch'], /^SUBSCRIBE needs a streaming connection/],
    [['MONITOR'], /^MONITOR needs a streaming connection/],
    [['MULTI'], /send the whole transaction as an array of commands to POST \/multi-exec/],
    [['SELECT', '1'], /^SELECT would change the state of a shared Redis connection/],
    [['CLIENT', 'REPLY', 'OFF'], /^CLIENT REPLY would change the state/],
  ])('refuses %j with 400', async (command, error) => {
    const reply = await post('/', command);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: string }).error).toMatch(error);
  });

  it('allows XREAD without BLOCK, even on a stream named "block"', async () => {
    expect(await post('/', ['XREAD', 'COUNT', '1', 'STREAMS', 'block', '0'])).toEqual({ status: 200, body: { result: null } });
  });

  it('refuses the client subscribe path', async () => {
    const reply = await call('/subscribe/ch', { headers: { accept: 'text/event-stream' } });
    expect(reply.status).toBe(400);
  });

  it('runs nothing of a pipeline or transaction holding a refused command', async () => {
    const k = keyPrefix();
    expect((await post('/pipeline', [['SET', k, 'v'], ['BLPOP', k, '0']])).status).toBe(400);
    expect((await post('/multi-exec', [['SET', k, 'v'], ['WATCH', k]])).status).toBe(400);
    expect(await direct.exists(k)).toBe(0);
  });
});

describe('replies', { timeout: 10_000 }, () => {
  it('returns Redis’s flat array for HGETALL, not an object', async () => {
    const k = keyPrefix();
    await direct.hset(k, 'f1', 'a', 'f2', 'b');
    const reply = await post('/', ['HGETALL', k]);
    expect(reply).toEqual({ status: 200, body: { result: ['f1', 'a', 'f2', 'b'] } });
  });

  it('base64-encodes every string except a top-level "OK"', async () => {
    const k = keyPrefix();
    expect(await post('/', ['SET', k, 'OK'], { base64: true })).toEqual({ status: 200, body: { result: 'OK' } });
    expect(await post('/', ['MGET', k, `${k}missing`], { base64: true })).toEqual({
      status: 200,
      body: { result: ['T0s=', null] },
    });
    expect(await post('/', ['PING'], { base64: true })).toEqual({ status: 200, body: { result: 'UE9ORw==' } });
    expect(await post('/pipeline', [['INCR', `${k}n`], ['GET', `${k}n`]], { base64: true })).toEqual({
      status: 200,
      body: [{ result: 1 }, { result: 'MQ==' }],
    });
  });

  it('returns binary values byte for byte in base64', async () => {
    const k = keyPrefix();
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0a, 0x4f, 0x4b]);
    await direct.set(k, bytes);
    const reply = await post('/', ['GET', k], { base64: true });
    expect(Buffer.from((reply.body as { result: string }).result, 'base64')).toEqual(bytes);
  });

  it('answers a failing command with 400 and Redis’s message', async () => {
    const k = keyPrefix();
    await direct.set(k, 'text');
    expect(await post('/', ['INCR', k])).toEqual({
      status: 400,
      body: { error: 'ERR value is not an integer or out of range' },
    });
  });

  it('aborts a transaction Redis refuses to queue, with 400 and no effects', async () => {
    const k = keyPrefix();
    const reply = await post('/multi-exec', [['SET', k, 'v'], ['INCRBY', k]]);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: string }).error).toBe(
      "EXECABORT Transaction discarded because of previous errors. (command 2 [INCRBY]: ERR wrong number of arguments for 'incrby' command)",
    );
    expect(await direct.exists(k)).toBe(0);
  });

  it('ignores the client’s telemetry and sync-token headers', async () => {
    const reply = await post('/', ['PING'], {
      headers: {
        'upstash-telemetry-sdk': '@upstash/redis@1.39.0',
        'upstash-telemetry-runtime': 'node@v20',
        'upstash-sync-token': '',
      },
    });
    expect(reply).toEqual({ status: 200, body: { result: 'PONG' } });
  });
});

describe('path form', { timeout: 10_000 }, () => {
  it('runs /<command>/<args> with GET', async () => {
    const k = encodeURIComponent(`${keyPrefix()}a/b`);
    expect(await call(`/set/${k}/h%C3%A9llo`, { method: 'GET' })).toEqual({ status: 200, body: { result: 'OK' } });
    expect(await call(`/get/${k}`, { method: 'GET' })).toEqual({ status: 200, body: { result: 'héllo' } });
  });

  it('appends a POST body as the last argument, then query parameters', async () => {
    const k = keyPrefix();
    const bytes = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]);
    expect(await call(`/set/${encodeURIComponent(k)}?EX=100`, { body: bytes })).toEqual({
      status: 200,
      body: { result: 'OK' },
    });
    expect(await direct.getBuffer(k)).toEqual(bytes);
    expect(await direct.ttl(k)).toBeGreaterThanOrEqual(99);
  });
});

describe('health', { timeout: 10_000 }, () => {
  it('answers /healthz without a token when Redis answers PING', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 on /healthz and on commands when Redis is down', async () => {
    const deadPort = await freePort();
    const server = createKvRestServer({ redisUrl: `redis://127.0.0.1:${deadPort}`, token: 't' });
    try {
      const port = await server.listen(0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { status: string }).status).toBe('unavailable');
      const command = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: '["GET","k"]',
      });
      expect(command.status).toBe(503);
      expect(((await command.json()) as { error: string }).error).toMatch(/^Redis is unavailable: /);
      const tx = await fetch(`http://127.0.0.1:${port}/multi-exec`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: '[["GET","k"]]',
      });
      expect(tx.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
