import { idArb } from '@freshet/shared/testing';
import fc from 'fast-check';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64url } from './base64url.js';
import { httpConfig } from './config-middleware.js';
import type { HttpHonoEnv } from './context.js';
import {
  DEFAULT_CURSOR_MAX_AGE_MS,
  MAX_CURSOR_CHARS,
  MAX_SERVED_ITEMS,
  advanceCursor,
  createCursorKey,
  decodeCursor,
  encodeCursor,
  servedBefore,
  type CursorBinding,
  type CursorKey,
  type CursorState,
} from './cursor.js';
import { testEnv } from './test-support.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const binding: CursorBinding = { userId: 'u-1', surface: 'home' };
let key: CursorKey;
let otherKey: CursorKey;

beforeAll(async () => {
  key = await createCursorKey('cursor-secret-0123456789');
  otherKey = await createCursorKey('cursor-secret-9876543210');
});

const stateArb: fc.Arbitrary<CursorState> = fc.record({
  requestId: idArb,
  offset: fc.integer({ min: 0, max: 0xffff }),
  indexVersion: fc.string({ maxLength: 60 }),
  servedItemHashes: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 200 }),
  issuedAt: fc.integer({ min: (NOW - DEFAULT_CURSOR_MAX_AGE_MS) / 1000, max: NOW / 1000 }).map((s) => s * 1000),
});

const bindingArb: fc.Arbitrary<CursorBinding> = fc.record({ userId: idArb, surface: fc.constantFrom('home', 'detail', 'search', 'notification') });

async function encoded(state: CursorState, b: CursorBinding = binding): Promise<string> {
  const result = await encodeCursor(state, b, key);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const base64urlChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('cursor codec', () => {
  it('round-trips any state, as URL-safe text within the length bound', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, bindingArb, async (state, b) => {
        const text = await encoded(state, b);
        expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(text.length).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
        expect(await decodeCursor(text, b, key, { now: NOW })).toEqual({ ok: true, value: state });
      }),
      { numRuns: 100 },
    );
  });

  it('detects any single changed character', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, fc.nat(), fc.nat(), async (state, where, replacement) => {
        const text = await encoded(state);
        const i = where % text.length;
        const alphabet = base64urlChars.replace(text[i]!, '');
        const altered = text.slice(0, i) + alphabet[replacement % alphabet.length]! + text.slice(i + 1);
        const decoded = await decodeCursor(altered, binding, key, { now: NOW });
        expect(decoded.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('detects truncation and appended characters', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, fc.integer({ min: 1, max: 8 }), fc.string({ unit: fc.constantFrom(...base64urlChars), minLength: 1, maxLength: 8 }), async (state, cut, extra) => {
        const text = await encoded(state);
        expect((await decodeCursor(text.slice(0, -cut), binding, key, { now: NOW })).ok).toBe(false);
        expect((await decodeCursor(text + extra, binding, key, { now: NOW })).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a cursor presented for another user, another surface, or signed with another key', async () => {
    const state: CursorState = { requestId: 'r1', offset: 20, indexVersion: 'idx-1', servedItemHashes: [1, 2, 3], issuedAt: NOW };
    const text = await encoded(state);
    for (const [b, k] of [
      [{ userId: 'u-2', surface: 'home' }, key],
      [{ userId: 'u-1', surface: 'detail' }, key],
      [binding, otherKey],
    ] as const) {
      expect(await decodeCursor(text, b, k, { now: NOW })).toEqual({
        ok: false,
        error: { code: 'invalid_signature', message: 'cursor is not valid for this request (altered, or issued for another user_id or surface)' },
      });
    }
  });

  it('never throws on arbitrary input: every failure is a coded error', async () => {
    const codes = new Set(['malformed', 'unsupported_version', 'invalid_signature', 'expired']);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: fc.constantFrom(...base64urlChars), maxLength: 300 }), fc.uint8Array({ maxLength: 200 }).map(encodeBase64url)),
        async (text) => {
          const decoded = await decodeCursor(text, binding, key, { now: NOW });
          expect(decoded.ok).toBe(false);
          if (!decoded.ok) expect(codes.has(decoded.error.code)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // Not even a non-string from untyped callers escapes as an exception.
    expect(await decodeCursor(undefined as unknown as string, binding, key)).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });

  it.each<[string, string, string, RegExp]>([
    ['empty', '', 'malformed', /empty/],
    ['not base64url', 'ab+c', 'malformed', /canonical base64url/],
    ['a non-canonical last character', 'AB', 'malformed', /canonical base64url/],
    ['too short', encodeBase64url(new Uint8Array(10).fill(1)), 'malformed', /too short/],
    ['another version', encodeBase64url(new Uint8Array(40).fill(2)), 'unsupported_version', /version 2 is not supported/],
    ['too long', 'A'.repeat(MAX_CURSOR_CHARS + 1), 'malformed', /longer than/],
  ])('explains a cursor that is %s', async (_name, text, code, message) => {
    expect(await decodeCursor(text, binding, key, { now: NOW })).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } });
  });

  it('expires after maxAgeMs', async () => {
    const text = await encoded({ requestId: 'r', offset: 0, indexVersion: 'v', servedItemHashes: [], issuedAt: NOW });
    expect((await decodeCursor(text, binding, key, { now: NOW + DEFAULT_CURSOR_MAX_AGE_MS })).ok).toBe(true);
    expect(await decodeCursor(text, binding, key, { now: NOW + DEFAULT_CURSOR_MAX_AGE_MS + 1000 })).toMatchObject({ ok: false, error: { code: 'expired' } });
    expect((await decodeCursor(text, binding, key, { now: NOW + 5000, maxAgeMs: 1000 })).ok).toBe(false);
  });

  it('refuses to encode what does not fit', async () => {
    const base: CursorState = { requestId: 'r', offset: 0, indexVersion: 'v', servedItemHashes: [], issuedAt: NOW };
    const tooLarge = [
      { ...base, servedItemHashes: Array.from({ length: MAX_SERVED_ITEMS + 1 }, (_, i) => i) },
      { ...base, requestId: 'r'.repeat(256) },
      { ...base, indexVersion: 'é'.repeat(128) },
      { ...base, offset: 70_000 },
      { ...base, offset: 1.5 },
      { ...base, issuedAt: -1000 },
    ];
    for (const state of tooLarge) expect(await encodeCursor(state, binding, key)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const full = await encoded({ ...base, servedItemHashes: Array.from({ length: MAX_SERVED_ITEMS }, (_, i) => i), requestId: 'r'.repeat(255), indexVersion: 'v'.repeat(255) });
    expect(full.length).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
  });
});

describe('pagination with cursors', () => {
  it('never serves an item twice across pages, whatever the (shifting) ranked lists', async () => {
    const itemIdArb = fc.integer({ min: 0, max: 80 }).map((i) => `m${i}`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(itemIdArb, { maxLength: 60 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 25 }), async (rankedPerPage, limit) => {
        // Each page re-ranks (features change between pages); the cursor is all that links them.
        let cursor: string | undefined;
        const servedSoFar: string[] = [];
        for (const ranked of rankedPerPage) {
          const state = cursor === undefined ? undefined : await decodeCursor(cursor, binding, key, { now: NOW });
          if (state !== undefined && !state.ok) throw new Error(state.error.message);
          const previous = state?.value;
          const seen = servedBefore(previous);
          const page = [...new Set(ranked)].filter((id) => !seen(id)).slice(0, limit);
          expect(page.filter((id) => servedSoFar.includes(id))).toEqual([]);
          servedSoFar.push(...page);
          const next = advanceCursor(previous, { requestId: 'r1', indexVersion: 'idx-1', servedItemIds: page, now: NOW });
          expect(next).toBeDefined();
          cursor = await encoded(next!);
        }
        const final = await decodeCursor(cursor!, binding, key, { now: NOW });
        expect(final.ok && final.value.offset).toBe(servedSoFar.length);
        expect(final.ok && final.value.requestId).toBe('r1');
      }),
      { numRuns: 50 },
    );
  });

  it('stops (no next cursor) once more than MAX_SERVED_ITEMS would be remembered', () => {
    const page = (from: number) => Array.from({ length: 100 }, (_, i) => `m${from + i}`);
    let state: CursorState | undefined;
    for (let p = 0; p < MAX_SERVED_ITEMS / 100; p++) {
      state = advanceCursor(state, { requestId: 'r', indexVersion: 'v', servedItemIds: page(p * 100), now: NOW });
      expect(state).toBeDefined();
    }
    expect(advanceCursor(state, { requestId: 'r', indexVersion: 'v', servedItemIds: page(MAX_SERVED_ITEMS), now: NOW })).toBeUndefined();
  });
});

describe('cursor key from the config', () => {
  it('is the same key for every request of one config, and differs when CURSOR_SECRET changes', async () => {
    const app = new Hono<HttpHonoEnv>();
    app.use('*', httpConfig());
    app.get('/c', async (c) => {
      const k = await c.var.cursorKey();
      const made = await encodeCursor({ requestId: 'r', offset: 0, indexVersion: 'v', servedItemHashes: [], issuedAt: NOW }, binding, k);
      return c.text(made.ok ? made.value : 'error');
    });
    const a1 = await (await app.request('/c', {}, testEnv())).text();
    const a2 = await (await app.request('/c', {}, testEnv())).text();
    const b = await (await app.request('/c', {}, testEnv({ CURSOR_SECRET: 'another-cursor-secret-0123' }))).text();
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });
});
