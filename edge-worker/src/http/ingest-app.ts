// POST /v1/interactions and POST /v1/impressions: validate, answer 202
// {accepted: n}, and forward the records to the ingestion gateway (which
// produces to Kafka) after the response, with waitUntil. Fire-and-forget for
// the client, but never accept-and-drop by design: with no gateway configured
// the routes answer 503 and accept nothing. A failed forward is counted and
// logged; it never reaches the response that was already sent.
//
// Gateway contract: POST {INGEST_URL}/events with {client_app, received_at,
// events: EngagementEvent[]} and POST {INGEST_URL}/impressions with
// {client_app, received_at, impressions: Impression[]}, JSON, Authorization:
// Bearer INGEST_TOKEN; any 2xx means delivered.
//
// Mount after httpConfig(), apiKeyAuth() and rateLimit().
import { validateEvent, type FieldError, type Result } from '@freshet/shared';
import { Hono, type Context } from 'hono';
import { validateBatch } from './batch.js';
import type { HttpHonoEnv } from './context.js';
import { validateImpression } from './impression.js';
import { createIngestMetrics, type IngestKind, type IngestMetrics } from './ingest-metrics.js';
import { readJsonBody } from './json-body.js';
import { errorResponse, invalidRequest, jsonResponse } from './problems.js';

export const MAX_BATCH_RECORDS = 500;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;

export interface IngestAppOptions {
  readonly metrics?: IngestMetrics;
  /** The fetch used to forward; the global fetch by default (tests inject one they can observe). */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  readonly maxBodyBytes?: number;
  readonly forwardTimeoutMs?: number;
  /** Where forward failures are reported; one JSON line on console.error by default. */
  readonly log?: (line: Record<string, unknown>) => void;
}

interface Route {
  readonly kind: IngestKind;
  readonly path: string;
  readonly gatewayPath: string;
  readonly field: string;
  readonly what: string;
  readonly validate: (record: unknown) => Result<unknown, FieldError[]>;
}

const ROUTES: readonly Route[] = [
  { kind: 'interactions', path: '/v1/interactions', gatewayPath: '/events', field: 'events', what: 'event', validate: validateEvent },
  { kind: 'impressions', path: '/v1/impressions', gatewayPath: '/impressions', field: 'impressions', what: 'impression', validate: validateImpression },
];

export function createIngestApp(options: IngestAppOptions = {}): Hono<HttpHonoEnv> & { readonly metrics: IngestMetrics } {
  const metrics = options.metrics ?? createIngestMetrics();
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
  const log = options.log ?? ((line) => console.error(JSON.stringify(line)));
  const app = new Hono<HttpHonoEnv>();

  async function forward(route: Route, url: string, token: string, body: string, records: number): Promise<void> {
    const counts = metrics.counts[route.kind];
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection is released even when nobody reads it.
      await res.body?.cancel();
      if (!res.ok) throw new Error(`gateway answered ${res.status}`);
      counts.forwardedRecords += records;
    } catch (e) {
      counts.forwardFailures += 1;
      counts.lostRecords += records;
      log({ msg: 'ingest forward failed', kind: route.kind, records, url, error: e instanceof Error ? e.message : String(e) });
    }
  }

  function afterResponse(c: Context<HttpHonoEnv>, work: Promise<void>): void {
    // Outside a Workers request (e.g. app.request without an execution context) there is nothing to extend;
    // the promise still runs and cannot reject.
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      /* no execution context */
    }
  }

  for (const route of ROUTES) {
    app.post(route.path, async (c) => {
      const ingest = c.var.httpConfig.ingest;
      if (ingest === undefined) {
        return errorResponse(503, 'ingestion_unavailable', `this worker has no ingestion gateway configured (INGEST_URL); no ${route.what}s were accepted`);
      }
      const body = await readJsonBody(c.req.raw, maxBodyBytes);
      if (!body.ok) return body.response;
      const batch = validateBatch(body.value, route.validate, route.what, MAX_BATCH_RECORDS);
      if (!batch.ok) return invalidRequest(batch.error);
      const records = batch.value;
      const counts = metrics.counts[route.kind];
      counts.acceptedRequests += 1;
      counts.acceptedRecords += records.length;
      const payload = JSON.stringify({ client_app: c.var.clientApp, received_at: Date.now(), [route.field]: records });
      afterResponse(c, forward(route, ingest.url + route.gatewayPath, ingest.token, payload, records.length));
      return jsonResponse(202, { accepted: records.length });
    });
  }

  return Object.assign(app, { metrics });
}
