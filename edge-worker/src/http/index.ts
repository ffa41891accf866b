// The HTTP surface of the edge worker: configuration, authentication, rate
// limiting, CORS, request validation, ingestion forwarding, pagination
// cursors and the OpenAPI document. app.ts composes these (see README.md).
export { adminAuth, adminRefusal, checkAdmin, ADMIN_HEADER, type AdminCheck } from './admin-auth.js';
export { apiKeyAuth } from './api-key-auth.js';
export { parseHttpConfig, DEFAULT_RATE_LIMIT_PER_MINUTE, type HttpConfig, type HttpEnv } from './config.js';
export { httpConfig, type HttpConfigOptions } from './config-middleware.js';
export type { HttpHonoEnv, HttpVariables } from './context.js';
export { corsFromConfig } from './cors.js';
export {
  advanceCursor,
  createCursorKey,
  decodeCursor,
  encodeCursor,
  servedBefore,
  MAX_SERVED_ITEMS,
  type CursorBinding,
  type CursorError,
  type CursorKey,
  type CursorState,
} from './cursor.js';
export { impressionSchema, validateImpression, type Impression } from './impression.js';
export { createIngestApp, MAX_BATCH_RECORDS, type IngestAppOptions } from './ingest-app.js';
export { createIngestMetrics, type IngestCounts, type IngestMetrics } from './ingest-metrics.js';
export { openApiDocument } from './openapi.js';
export { errorResponse, invalidRequest, jsonResponse, type Problem } from './problems.js';
export { rateLimit, type RateLimitOptions } from './rate-limit.js';
export { parseRecommendationsQuery, SURFACES, type RecommendationsQuery, type Surface } from './recommendations-query.js';
export { recommendationsResponseSchema, similarItemsResponseSchema } from './responses.js';
export { parseSimilarQuery, type SimilarQuery } from './similar-query.js';
export { createTokenBucketLimiter, type TokenBucketLimiter } from './token-bucket.js';
