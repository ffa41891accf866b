import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { eventArb } from '@freshet/shared/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpEnv } from './config.js';
import type { Impression } from './impression.js';
import { MAX_BATCH_RECORDS } from './ingest-app.js';
import { TEST_INGEST_TOKEN, TEST_KEYS, createTestApp, testEnv } from './test-support.js';

interface Forwarded {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

/** An ingestion gateway the test observes; `answer` decides its reply (or throws for a network failure). */
function gateway(answer: () => Response = () => new Response(null, { status: 204 })) {
  const calls: Forwarded[] = [];
  const logs: Record<string, unknown>[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, headers: new Headers(init.headers), body: JSON.parse(init.body as string) as Record<string, unknown> });
    return answer();
  };
  const app = createTestApp({ ingest: { fetch, log: (line) => logs.push(line), maxBodyBytes: 64 * 1024 } });
  async function post(path: string, body: BodyInit | null, init: { env?: HttpEnv; headers?: Record<string, string> } = {}) {
    const ctx = createExecutionContext();
    const res = await app.request(
      path,
      { method: 'POST', body, headers: { 'x-api-key': TEST_KEYS['tv-app'], 'content-type': 'application/json', ...init.headers } },
      init.env ?? testEnv(),
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return { status: res.status, body: await res.json<Record<string, unknown>>() };
  }
  return { app, calls, logs, post };
}

const event = (i = 0) => ({ event_id: `e${i}`, type: 'media_liked', user_id: 'u1', item_id: `m${i}`, event_time: Date.UTC(2026, 10, 1) });
const impression = (): Impression => ({
  request_id: 'r1',
  user_id: 'u1',
  surface: 'home',
  items: [
    { item_id: 'm1', position: 0 },
    { item_id: 'm2', position: 1 },
  ],
  index_version: 'idx-20261101T000000Z-abcdef',
  model_version: 'rk-1',
  time: Date.UTC(2026, 10, 1),
});

describe('POST /v1/interactions', () => {
  it('accepts one event with 202 and forwards it after the response, with the bearer token and client app', async () => {
    const g = gateway();
    expect(await g.post('/v1/interactions', JSON.stringify(event()))).toEqual({ status: 202, body: { accepted: 1 } });
    expect(g.calls).toHaveLength(1);
    expect(g.calls[0]!.url).toBe('https://ingest.test/events');
    expect(g.calls[0]!.headers.get('authorization')).toBe(`Bearer ${TEST_INGEST_TOKEN}`);
    expect(g.calls[0]!.body).toMatchObject({ client_app: 'tv-app', events: [event()] });
    expect(g.app.ingestMetrics.snapshot().interactions).toEqual({ acceptedRequests: 1, acceptedRecords: 1, forwardedRecords: 1, forwardFailures: 0, lostRecords: 0 });
  });

  it('accepts any valid batch up to 500 and forwards exactly the validated events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 20 }), async (events) => {
        const g = gateway();
        expect(await g.post('/v1/interactions', JSON.stringify(events))).toEqual({ status: 202, body: { accepted: events.length } });
        expect(g.calls[0]!.body.events).toEqual(JSON.parse(JSON.stringify(events)));
      }),
      { numRuns: 30 },
    );
    const g = gateway();
    const full = Array.from({ length: MAX_BATCH_RECORDS }, (_, i) => event(i));
    expect((await g.post('/v1/interactions', JSON.stringify(full))).body).toEqual({ accepted: MAX_BATCH_RECORDS });
  });

  it('drops unknown fields before forwarding', async () => {
    const g = gateway();
    await g.post('/v1/interactions', JSON.stringify({ ...event(), debug_blob: 'x' }));
    expect(g.calls[0]!.body.events).toEqual([event()]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a batch over 500', Array.from({ length: 501 }, (_, i) => event(i)), '', /has 501 events; the limit is 500/],
    ['an empty batch', [], '', /batch is empty/],
    ['a string body', 'hello', '', /one event \(a JSON object\) or an array/],
    ['null', null, '', /one event/],
    ['an invalid event', { ...event(), type: 'media_teleported' }, 'type', /type must be one of/],
    ['an invalid event in a batch', [event(0), { ...event(1), event_time: 1_700_000_000 }], '1.event_time', /looks like seconds/],
    ['a non-object in a batch', [event(0), 42], '1', /.+/],
  ])('refuses %s with 400 and forwards nothing', async (_name, body, field, message) => {
    const g = gateway();
    const res = await g.post('/v1/interactions', JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.problems).toContainEqual({ field, message: expect.stringMatching(message) });
    expect(g.calls).toHaveLength(0);
  });

  it('caps the problem list of a batch full of bad events', async () => {
    const g = gateway();
    const res = await g.post('/v1/interactions', JSON.stringify(Array.from({ length: 200 }, () => ({}))));
    const problems = res.body.problems as { field: string; message: string }[];
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)!.message).toMatch(/more problems not listed/);
  });

  it('refuses bad JSON (400), invalid UTF-8 (400), an empty body (400), a wrong content type (415) and an oversize body (413)', async () => {
    const g = gateway();
    expect(await g.post('/v1/interactions', '{"event_id": ')).toMatchObject({ status: 400, body: { problems: [{ field: '', message: expect.stringMatching(/not valid JSON/) }] } });
    expect(await g.post('/v1/interactions', new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ status: 400, body: { problems: [{ message: expect.stringMatching(/UTF-8/) }] } });
    expect(await g.post('/v1/interactions', '')).toMatchObject({ status: 400, body: { problems: [{ message: expect.stringMatching(/empty/) }] } });
    expect(await g.post('/v1/interactions', JSON.stringify(event()), { headers: { 'content-type': 'text/plain' } })).toMatchObject({
      status: 415,
      body: { error: 'unsupported_media_type' },
    });
    expect(await g.post('/v1/interactions', 'x'.repeat(64 * 1024 + 1))).toMatchObject({ status: 413, body: { error: 'payload_too_large', problem: expect.stringMatching(/65536 bytes/) } });
    expect(g.calls).toHaveLength(0);
  });

  it('measures a streamed body without Content-Length, and stops reading once it is over the limit', async () => {
    const g = gateway();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (pulled === 100) controller.close();
      },
    });
    const res = await g.post('/v1/interactions', stream);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('accepts a JSON content type with a charset or a +json suffix', async () => {
    const g = gateway();
    expect((await g.post('/v1/interactions', JSON.stringify(event()), { headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(202);
    expect((await g.post('/v1/interactions', JSON.stringify(event()), { headers: { 'content-type': 'application/vnd.freshet+json' } })).status).toBe(202);
  });

  it('answers 503 ingestion_unavailable and accepts nothing when INGEST_URL is not configured', async () => {
    const g = gateway();
    const res = await g.post('/v1/interactions', JSON.stringify(event()), { env: testEnv({ INGEST_URL: undefined }) });
    expect(res).toEqual({ status: 503, body: { error: 'ingestion_unavailable', problem: expect.stringMatching(/INGEST_URL/) } });
    expect(g.calls).toHaveLength(0);
    expect(g.app.ingestMetrics.snapshot().interactions.acceptedRecords).toBe(0);
  });

  it('still answers 202 when the forward fails (gateway 500, network error), counting and logging the loss', async () => {
    const failing = gateway(() => new Response('boom', { status: 500 }));
    expect(await failing.post('/v1/interactions', JSON.stringify([event(0), event(1)]))).toEqual({ status: 202, body: { accepted: 2 } });
    expect(failing.app.ingestMetrics.snapshot().interactions).toMatchObject({ forwardFailures: 1, lostRecords: 2, forwardedRecords: 0 });
    expect(failing.logs).toEqual([expect.objectContaining({ msg: 'ingest forward failed', kind: 'interactions', error: 'gateway answered 500' })]);

    const down = gateway(() => {
      throw new TypeError('connection refused');
    });
    expect((await down.post('/v1/interactions', JSON.stringify(event()))).status).toBe(202);
    expect(down.app.ingestMetrics.snapshot().interactions.forwardFailures).toBe(1);
    expect(down.logs[0]).toMatchObject({ error: 'connection refused' });
  });

  it('needs an API key like every /v1 route', async () => {
    const g = gateway();
    expect((await g.post('/v1/interactions', JSON.stringify(event()), { headers: { 'x-api-key': 'wrong-key-0123456789' } })).status).toBe(401);
  });
});

describe('POST /v1/impressions', () => {
  it('accepts an impression and forwards it to /impressions', async () => {
    const g = gateway();
    expect(await g.post('/v1/impressions', JSON.stringify(impression()))).toEqual({ status: 202, body: { accepted: 1 } });
    expect(g.calls[0]!.url).toBe('https://ingest.test/impressions');
    expect(g.calls[0]!.body).toMatchObject({ client_app: 'tv-app', impressions: [impression()] });
    expect(g.app.ingestMetrics.snapshot().impressions.forwardedRecords).toBe(1);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['no items', { ...impression(), items: [] }, 'items', /at least one item/],
    ['an item listed twice', { ...impression(), items: [{ item_id: 'm1', position: 0 }, { item_id: 'm1', position: 1 }] }, 'items.1.item_id', /listed twice/],
    ['a position used twice', { ...impression(), items: [{ item_id: 'm1', position: 0 }, { item_id: 'm2', position: 0 }] }, 'items.1.position', /used twice/],
    ['a negative position', { ...impression(), items: [{ item_id: 'm1', position: -1 }] }, 'items.0.position', /0 or more/],
    ['an unknown surface', { ...impression(), surface: 'tile' }, 'surface', /one of home/],
    ['time in seconds', { ...impression(), time: 1_762_000_000 }, 'time', /looks like seconds/],
    ['no request_id', { ...impression(), request_id: undefined }, 'request_id', /must be a string/],
    ['no model_version', { ...impression(), model_version: undefined }, 'model_version', /must be a string/],
  ])('refuses %s', async (_name, body, field, message) => {
    const g = gateway();
    const res = await g.post('/v1/impressions', JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('answers 503 when ingestion is not configured', async () => {
    expect((await gateway().post('/v1/impressions', JSON.stringify(impression()), { env: testEnv({ INGEST_URL: '' }) })).status).toBe(503);
  });
});
