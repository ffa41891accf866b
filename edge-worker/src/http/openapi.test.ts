import { EVENT_TYPES } from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { recommendationsQuerySchema } from './recommendations-query.js';
import { recommendationsResponseSchema } from './responses.js';

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method, op: op as Json & { responses: Json; parameters?: Json[]; security?: Json[] } })),
);

describe('openApiDocument', () => {
  it('is OpenAPI 3.1 with info and the API routes', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/healthz', '/openapi.json', '/v1/impressions', '/v1/interactions', '/v1/items/{id}/similar', '/v1/recommendations', '/version'].sort(),
    );
  });

  it('gives every operation a unique operationId and at least one success response', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) {
      expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), `${method} ${path}`).toBe(true);
      for (const status of Object.keys(op.responses)) expect(status).toMatch(/^[1-5]\d\d$/);
    }
  });

  it('resolves every $ref to an existing component', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const [, , kind, name] = ref.split('/');
      expect(ref.startsWith('#/components/'), ref).toBe(true);
      expect(doc.components[kind!]?.[name!], ref).toBeDefined();
    }
  });

  it('declares every path template parameter as a required path parameter', () => {
    for (const { path, op } of operations) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort()).toEqual(templated.sort());
      for (const p of (op.parameters ?? []).filter((q) => q.in === 'path')) expect(p.required).toBe(true);
    }
  });

  it('names only security schemes that exist, and opens exactly /healthz and /openapi.json', () => {
    const schemes = Object.keys(doc.components.securitySchemes!);
    for (const requirement of [...(doc.security as Json[]), ...operations.flatMap((o) => o.op.security ?? [])]) {
      for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
    }
    const open = operations.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0).map((o) => o.path);
    expect(open.sort()).toEqual(['/healthz', '/openapi.json']);
  });

  it('lists exactly the query parameters the parser knows, with the parser rules', () => {
    const params = doc.paths['/v1/recommendations']!.get!.parameters as Json[];
    expect(params.map((p) => p.name)).toEqual(Object.keys(recommendationsQuerySchema.shape));
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(byName.user_id).toMatchObject({ required: true, schema: { type: 'string', maxLength: 128, pattern: expect.any(String) } });
    expect(byName.limit).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
    expect(byName.local_hour).toMatchObject({ schema: { type: 'integer', minimum: 0, maximum: 23 } });
    expect(byName.surface).toMatchObject({ schema: { enum: ['home', 'detail', 'search', 'notification'] } });
    expect(byName.debug).toMatchObject({ schema: { type: 'boolean' } });
    expect(byName.categories).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', maxItems: 32 } });
  });

  it('describes the event body from the shared schema and the response from its zod schema', () => {
    const event = doc.components.schemas!.EngagementEvent as { properties: Record<string, Json>; required: string[] };
    expect(event.properties.type).toMatchObject({ enum: [...EVENT_TYPES] });
    expect(event.required).toEqual(expect.arrayContaining(['event_id', 'type', 'user_id', 'event_time']));
    const response = doc.components.schemas!.RecommendationsResponse as { required: string[] };
    expect(response.required.sort()).toEqual(['degraded', 'index_version', 'items', 'model_version', 'next_cursor', 'request_id', 'variant']);
    // The response schema accepts what the serving path returns.
    expect(
      recommendationsResponseSchema.safeParse({
        request_id: 'r1',
        items: [{ item_id: 'm1', score: 0.9, sources: ['similar', 'ann'], explanation: 'Because you watched Heat', position: 0, explore: { propensity: 0.1 } }],
        next_cursor: null,
        index_version: 'idx-20261101T000000Z-abcdef',
        model_version: null,
        variant: 'control',
        degraded: ['ranker:timeout'],
      }).success,
    ).toBe(true);
  });

  it('is plain JSON, built once', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(openApiDocument()).toBe(doc);
  });
});
