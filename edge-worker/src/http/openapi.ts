// The OpenAPI 3.1 description of the edge API, generated from the same zod
// schemas that validate requests (so the document cannot drift from the
// parsers) and describe responses. Serve it with
// `app.get('/openapi.json', (c) => c.json(openApiDocument()))`.
import { engagementEventSchema } from '@freshet/shared';
import { z } from 'zod';
import { ADMIN_HEADER } from './admin-auth.js';
import { impressionSchema } from './impression.js';
import { DEFAULT_MAX_BODY_BYTES, MAX_BATCH_RECORDS } from './ingest-app.js';
import { requiredParams } from './query-params.js';
import { QUERY_DEFAULTS, recommendationsQuerySchema } from './recommendations-query.js';
import {
  acceptedSchema,
  errorSchema,
  healthSchema,
  invalidRequestSchema,
  recommendationsResponseSchema,
  similarItemsResponseSchema,
  versionSchema,
} from './responses.js';
import { itemIdParam, similarQuerySchema } from './similar-query.js';

type Json = Record<string, unknown>;

const PARAM_DESCRIPTIONS: Record<string, string> = {
  user_id: 'The user to recommend for (the id the client app uses in its events).',
  limit: 'Items per page.',
  surface: 'Where the list is shown.',
  cursor: 'next_cursor of the previous page, unchanged.',
  device: 'Context: the device class.',
  country: 'Context: ISO 3166-1 alpha-2 country (licensing, trending near you).',
  local_hour: "Context: the user's local hour 0–23.",
  categories: 'Onboarding preferences for new users, comma separated.',
  debug: 'Include what each stage and rule did (needs the admin token).',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

function queryParameters(schema: z.ZodObject): Json[] {
  const required = requiredParams(schema);
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(PARAM_DESCRIPTIONS[name] ? { description: PARAM_DESCRIPTIONS[name] } : {}),
    schema: { ...jsonSchema(field as z.ZodType, 'input'), ...(name in QUERY_DEFAULTS ? { default: QUERY_DEFAULTS[name] } : {}) },
    ...(name === 'categories' ? { style: 'form', explode: false } : {}),
  }));
}

const ref = (kind: 'schemas' | 'responses' | 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const jsonContent = (schemaRef: Json) => ({ 'application/json': { schema: schemaRef } });

const COMMON_V1_RESPONSES = {
  '400': ref('responses', 'InvalidRequest'),
  '401': ref('responses', 'Unauthorized'),
  '429': ref('responses', 'RateLimited'),
  '500': ref('responses', 'Misconfigured'),
};

function ingestOperation(operationId: string, summary: string, recordSchema: string): Json {
  return {
    operationId,
    summary,
    description: `Validated, answered 202, then forwarded to the ingestion gateway (Kafka) after the response. Body: one record or an array of 1–${MAX_BATCH_RECORDS}, at most ${DEFAULT_MAX_BODY_BYTES} bytes. Unknown fields are dropped.`,
    requestBody: {
      required: true,
      content: jsonContent({
        oneOf: [ref('schemas', recordSchema), { type: 'array', items: ref('schemas', recordSchema), minItems: 1, maxItems: MAX_BATCH_RECORDS }],
      }),
    },
    responses: {
      '202': { description: 'Accepted for delivery.', content: jsonContent(ref('schemas', 'Accepted')) },
      ...COMMON_V1_RESPONSES,
      '413': { description: 'The body is too large.', content: jsonContent(ref('schemas', 'Error')) },
      '415': { description: 'The body is not JSON.', content: jsonContent(ref('schemas', 'Error')) },
      '503': { description: 'No ingestion gateway is configured: nothing was accepted (error "ingestion_unavailable").', content: jsonContent(ref('schemas', 'Error')) },
    },
  };
}

function buildDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'freshet edge API',
      version: '1',
      description:
        'Recommendations served at the edge. Every /v1 call needs a client app API key (x-api-key or Authorization: Bearer) and is rate limited per key. Errors are JSON: 400 {error: "invalid_request", problems: [{field, message}]}, otherwise {error, problem}.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ ApiKey: [] }, { BearerApiKey: [] }],
    paths: {
      '/v1/recommendations': {
        get: {
          operationId: 'getRecommendations',
          summary: 'A personalized, ordered list of items for one user and surface.',
          parameters: queryParameters(recommendationsQuerySchema),
          responses: {
            '200': {
              description: 'The list (never empty: when dependencies fail, `degraded` says which fallback served it).',
              headers: { 'Server-Timing': ref('headers', 'Server-Timing'), ...rateLimitHeaderRefs() },
              content: jsonContent(ref('schemas', 'RecommendationsResponse')),
            },
            ...COMMON_V1_RESPONSES,
            '403': { description: 'debug=true with a wrong admin token.', content: jsonContent(ref('schemas', 'Error')) },
          },
        },
      },
      '/v1/items/{id}/similar': {
        get: {
          operationId: 'getSimilarItems',
          summary: 'Items similar to one item (its nearest neighbours in the active index).',
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'The item id.', schema: jsonSchema(itemIdParam, 'input') },
            ...queryParameters(similarQuerySchema),
          ],
          responses: {
            '200': { description: 'The neighbours, most similar first.', headers: rateLimitHeaderRefs(), content: jsonContent(ref('schemas', 'SimilarItemsResponse')) },
            '404': { description: 'The item is not in the active index.', content: jsonContent(ref('schemas', 'Error')) },
            ...COMMON_V1_RESPONSES,
          },
        },
      },
      '/v1/interactions': { post: ingestOperation('postInteractions', 'Engagement events (plays, likes, skips, …).', 'EngagementEvent') },
      '/v1/impressions': { post: ingestOperation('postImpressions', 'What a client showed: items and positions of a served list.', 'Impression') },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          summary: 'Liveness; answers even when the configuration is broken.',
          security: [],
          responses: { '200': { description: 'Alive.', content: jsonContent(ref('schemas', 'Health')) } },
        },
      },
      '/version': {
        get: {
          operationId: 'getVersion',
          summary: 'Active index and model versions in this region (ops).',
          security: [{ AdminToken: [] }],
          responses: {
            '200': { description: 'The active versions.', content: jsonContent(ref('schemas', 'Version')) },
            '401': { description: 'No admin token.', content: jsonContent(ref('schemas', 'Error')) },
            '403': { description: 'Wrong admin token.', content: jsonContent(ref('schemas', 'Error')) },
            '500': ref('responses', 'Misconfigured'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document.',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: {
        RecommendationsResponse: jsonSchema(recommendationsResponseSchema, 'output'),
        SimilarItemsResponse: jsonSchema(similarItemsResponseSchema, 'output'),
        EngagementEvent: jsonSchema(engagementEventSchema, 'input'),
        Impression: jsonSchema(impressionSchema, 'input'),
        Accepted: jsonSchema(acceptedSchema, 'output'),
        InvalidRequest: jsonSchema(invalidRequestSchema, 'output'),
        Error: jsonSchema(errorSchema, 'output'),
        Health: jsonSchema(healthSchema, 'output'),
        Version: jsonSchema(versionSchema, 'output'),
      },
      responses: {
        InvalidRequest: { description: 'A parameter or body field is invalid; every problem is listed.', content: jsonContent(ref('schemas', 'InvalidRequest')) },
        Unauthorized: { description: 'Missing or unknown API key.', headers: { 'WWW-Authenticate': { schema: { type: 'string' } } }, content: jsonContent(ref('schemas', 'Error')) },
        RateLimited: {
          description: 'Over the per-key rate limit (error "rate_limited").',
          headers: { 'Retry-After': ref('headers', 'Retry-After'), ...rateLimitHeaderRefs() },
          content: jsonContent(ref('schemas', 'Error')),
        },
        Misconfigured: { description: 'The worker is misconfigured (error "misconfigured"); it refuses traffic rather than run open.', content: jsonContent(ref('schemas', 'Error')) },
      },
      headers: {
        'RateLimit-Limit': { description: 'Requests allowed per minute for this key.', schema: { type: 'integer' } },
        'RateLimit-Remaining': { description: 'Requests left in the current allowance.', schema: { type: 'integer' } },
        'RateLimit-Reset': { description: 'Seconds until the allowance is full again.', schema: { type: 'integer' } },
        'RateLimit-Policy': { description: 'The policy, e.g. "600;w=60".', schema: { type: 'string' } },
        'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
        'Server-Timing': { description: 'Per-stage durations (features, retrieval, ranking, rerank).', schema: { type: 'string' } },
      },
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: "The client app's API key." },
        BearerApiKey: { type: 'http', scheme: 'bearer', description: "The client app's API key as a bearer token." },
        AdminToken: { type: 'apiKey', in: 'header', name: ADMIN_HEADER, description: 'The ops token (ADMIN_TOKEN), separate from every API key.' },
      },
    },
  };
}

function rateLimitHeaderRefs(): Json {
  return Object.fromEntries(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy'].map((h) => [h, ref('headers', h)]));
}

let cached: Json | undefined;

/** The document (built once per isolate; treat as read-only). */
export function openApiDocument(): Json {
  cached ??= buildDocument();
  return cached;
}
