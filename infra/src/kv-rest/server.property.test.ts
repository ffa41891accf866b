// Property: whatever value a caller stores, it reads back unchanged, through
// @upstash/redis in both encodings and byte for byte over raw HTTP.
import { Redis } from '@upstash/redis';
import fc from 'fast-check';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expect } from 'vitest';
import { keyPrefix, startStack } from './test-stack.js';
import type { TestStack } from './test-stack.js';

let stack: TestStack;
let direct: IORedis;

beforeAll(async () => {
  stack = await startStack();
  direct = new IORedis(stack.redis.url);
}, 20_000);

afterAll(async () => {
  direct?.disconnect();
  await stack?.stop();
});

const strings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', 'OK', 'null', '0', '"quoted"', 'T0s='),
);

describe.each([
  { label: 'base64 replies', responseEncoding: undefined },
  { label: 'plain replies', responseEncoding: false as const },
])('round trips through @upstash/redis with $label', { timeout: 60_000 }, ({ responseEncoding }) => {
  it('any unicode string: set then get returns it unchanged', async () => {
    const redis = new Redis({ url: stack.url, token: stack.token, responseEncoding, automaticDeserialization: false });
    const k = keyPrefix();
    await fc.assert(
      fc.asyncProperty(strings, async (value) => {
        await redis.set(k, value);
        expect(await redis.get(k)).toBe(value);
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON object or array the client serializes comes back equal', async () => {
    const redis = new Redis({ url: stack.url, token: stack.token, responseEncoding });
    const k = keyPrefix();
    const documents = fc.oneof(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }));
    await fc.assert(
      fc.asyncProperty(documents, async (value) => {
        await redis.set(k, value);
        // JSON itself normalises (-0 becomes 0), so compare against its round trip.
        expect(await redis.get(k)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('binary safety over raw HTTP', { timeout: 60_000 }, () => {
  it('any bytes written with ioredis read back exactly as base64, and any bytes POSTed are stored exactly', async () => {
    const k = keyPrefix();
    const headers = { authorization: `Bearer ${stack.token}`, 'upstash-encoding': 'base64' };
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const value = Buffer.from(bytes);
        await direct.set(k, value);
        const res = await fetch(`${stack.url}/`, { method: 'POST', headers, body: JSON.stringify(['GET', k]) });
        const { result } = (await res.json()) as { result: string };
        expect(Buffer.from(result, 'base64')).toEqual(value);
        if (value.length > 0) {
          await fetch(`${stack.url}/set/${encodeURIComponent(k)}`, { method: 'POST', headers, body: value });
          expect(await direct.getBuffer(k)).toEqual(value);
        }
      }),
      { numRuns: 150 },
    );
  });
});
