import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogItemArb, eventArb, userProfileArb } from '../testing/arbitraries.js';
import {
  MAX_EVENT_BYTES,
  decodeCatalogItem,
  decodeEvent,
  encodeCatalogItem,
  encodeEvent,
  validateUserProfile,
} from './codec.js';
import { formatFieldErrors, type FieldError } from './field-errors.js';

const fieldsOf = (errors: readonly FieldError[]) => errors.map((e) => e.field);

function decodeErrors(raw: string | Uint8Array): FieldError[] {
  const decoded = decodeEvent(raw);
  if (decoded.ok) throw new Error(`expected a rejection, got ${JSON.stringify(decoded.value)}`);
  return decoded.error;
}

describe('engagement event codec', () => {
  it('round-trips every valid event unchanged', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const decoded = decodeEvent(encodeEvent(event));
        expect(decoded).toEqual({ ok: true, value: event });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts bytes as well as strings', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        expect(decodeEvent(new TextEncoder().encode(encodeEvent(event)))).toEqual({ ok: true, value: event });
      }),
      { numRuns: 100 },
    );
  });

  // Each mutation breaks exactly one field of an otherwise valid event; the
  // rejection must name that field.
  type Mutation = { field: string; apply: (e: Record<string, unknown>) => void };
  const set = (path: string, value: unknown): Mutation => ({
    field: path,
    apply: (e) => {
      const [head, tail] = path.split('.') as [string, string | undefined];
      if (tail === undefined) e[head] = value;
      else e[head] = { ...(e[head] as object | undefined), [tail]: value };
    },
  });
  const remove = (field: string): Mutation => ({ field, apply: (e) => void Reflect.deleteProperty(e, field) });
  const mutations: Mutation[] = [
    set('event_id', ''),
    set('event_id', 'has space'),
    set('event_id', 'x'.repeat(129)),
    set('event_id', 42),
    remove('event_id'),
    set('type', 'media_watched'),
    set('type', null),
    remove('user_id'),
    set('user_id', '-leading-dash'),
    set('event_time', 1.5),
    set('event_time', -1),
    set('event_time', '2024-01-01T00:00:00Z'),
    set('event_time', 1_700_000_000),
    set('event_time', Date.UTC(2150, 0, 1)),
    remove('event_time'),
    set('progress', 1.5),
    set('progress', -0.1),
    set('progress', 'half'),
    set('watch_time_ms', -5),
    set('watch_time_ms', 1.2),
    set('watch_time_ms', 8 * 24 * 3600 * 1000),
    set('context.local_hour', 24),
    set('context.local_hour', -1),
    set('context.local_hour', 7.5),
    set('context.country', 'de'),
    set('context.country', 'DEU'),
    set('context.device', 'toaster'),
    set('context', 'tv'),
    set('surface', ''),
    set('schema_version', 2),
  ];

  it('rejects each kind of malformed field and names the field', () => {
    fc.assert(
      fc.property(eventArb, fc.constantFrom(...mutations), (event, mutation) => {
        const broken: Record<string, unknown> = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        mutation.apply(broken);
        expect(fieldsOf(decodeErrors(JSON.stringify(broken)))).toContain(mutation.field);
      }),
      { numRuns: 1000 },
    );
  });

  it('enforces the per-type rules', () => {
    const base = { event_id: 'e1', user_id: 'u1', event_time: Date.UTC(2024, 0, 1) };
    const cases: [object, string, RegExp][] = [
      [{ ...base, type: 'media_started' }, 'item_id', /required for media_started/],
      [{ ...base, type: 'subscription_to_creator', item_id: 'i1' }, 'creator_id', /required/],
      [{ ...base, type: 'media_completed', item_id: 'i1', progress: 0.5 }, 'progress', />= 0.9/],
      [{ ...base, type: 'media_paused_early', item_id: 'i1', progress: 0.3 }, 'progress', /< 0.3/],
      [{ ...base, type: 'impression', item_id: 'i1', position: 2 }, 'request_id', /required/],
      [{ ...base, type: 'impression', item_id: 'i1', request_id: 'r1' }, 'position', /required for impression/],
      [{ ...base, type: 'media_liked', item_id: 'i1', position: 2 }, 'request_id', /position is given/],
    ];
    for (const [record, field, message] of cases) {
      const errors = decodeErrors(JSON.stringify(record));
      expect(errors).toContainEqual({ field, message: expect.stringMatching(message) as string });
    }
  });

  it('explains a timestamp sent in seconds', () => {
    const errors = decodeErrors(
      JSON.stringify({ event_id: 'e1', type: 'media_started', user_id: 'u1', item_id: 'i1', event_time: 1_700_000_000 }),
    );
    expect(formatFieldErrors(errors)).toMatch(/event_time: .*looks like seconds/);
  });

  it('rejects records that are not JSON objects with a record-level error', () => {
    const notObjects = ['', '   ', 'not json', '{"event_id":', '[]', '42', 'null', '"text"'];
    for (const raw of notObjects) {
      const errors = decodeErrors(raw);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe('');
    }
    expect(decodeErrors(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))[0]?.message).toMatch(/UTF-8/);
    expect(decodeErrors('{' + ' '.repeat(MAX_EVENT_BYTES) + '}')[0]?.message).toMatch(/limit/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array()), (raw) => {
        expect(() => decodeEvent(raw)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => decodeEvent(JSON.stringify(value) ?? '')).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it('drops unknown fields so producers can evolve first', () => {
    const decoded = decodeEvent(
      JSON.stringify({ event_id: 'e1', type: 'media_started', user_id: 'u1', item_id: 'i1', event_time: Date.UTC(2024, 0, 1), extra: 1 }),
    );
    expect(decoded.ok && 'extra' in decoded.value).toBe(false);
  });
});

describe('catalog item codec', () => {
  it('round-trips every valid item', () => {
    fc.assert(
      fc.property(catalogItemArb, (item) => {
        expect(decodeCatalogItem(encodeCatalogItem(item))).toEqual({ ok: true, value: item });
      }),
      { numRuns: 300 },
    );
  });

  it('applies defaults for unlisted and description', () => {
    const decoded = decodeCatalogItem(
      JSON.stringify({
        item_id: 'm1',
        title: 'Toy Story',
        categories: ['Animation'],
        content_type: 'VIDEO',
        creator_id: 'c1',
        duration_ms: 4_860_000,
        language: 'en',
        publish_time: Date.UTC(1995, 10, 22),
        maturity_rating: 'all',
      }),
    );
    expect(decoded.ok && decoded.value.unlisted === false && decoded.value.description === '').toBe(true);
  });

  it('names the broken field', () => {
    const mutations: [string, unknown][] = [
      ['content_type', 'PODCAST'],
      ['duration_ms', 0],
      ['language', 'English'],
      ['maturity_rating', 'PG'],
      ['categories', 'drama'],
      ['title', ''],
      ['unlisted', 'no'],
      ['publish_time', 1_700_000_000],
    ];
    fc.assert(
      fc.property(catalogItemArb, fc.constantFrom(...mutations), (item, [field, value]) => {
        const decoded = decodeCatalogItem(JSON.stringify({ ...item, [field]: value }));
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(fieldsOf(decoded.error)).toContain(field);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects an availability window that ends before it starts', () => {
    fc.assert(
      fc.property(catalogItemArb, fc.integer({ min: 0, max: 10_000 }), (item, back) => {
        const from = item.publish_time;
        const decoded = decodeCatalogItem(JSON.stringify({ ...item, available_from: from, available_until: from - back }));
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(new Set(fieldsOf(decoded.error))).toEqual(new Set(['available_until']));
      }),
    );
  });
});

describe('user profile validation', () => {
  it('accepts valid profiles and names bad fields', () => {
    fc.assert(
      fc.property(userProfileArb, (profile) => {
        expect(validateUserProfile(profile)).toEqual({ ok: true, value: profile });
        const bad = validateUserProfile({ ...profile, age_bucket: '30' });
        expect(bad.ok ? [] : fieldsOf(bad.error)).toEqual(['age_bucket']);
      }),
    );
  });
});
