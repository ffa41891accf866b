// The impression log of every served list (R18/R19): request id, user,
// surface, page, items with positions, sources and exploration propensities,
// the index, model and variant, the fallbacks taken — and, for the sampled
// share, the ranking rows of the served items for the parity monitor. One
// JSON line in the Workers logs (Logpush in production) and, when an
// ingestion gateway is configured, a POST to its /impression-log after the
// response (waitUntil): logging never delays or fails a request.
import type { RecommendOutcome } from './recommend.js';

export interface ImpressionLogRequest {
  readonly requestId: string;
  readonly userId: string;
  readonly surface: string;
  readonly page: number;
  readonly clientApp: string;
}

export function impressionLogRecord(req: ImpressionLogRequest, outcome: RecommendOutcome, servedAt: number): Record<string, unknown> {
  return {
    kind: 'impression_log',
    request_id: req.requestId,
    user_id: req.userId,
    surface: req.surface,
    offset: req.page,
    client_app: req.clientApp,
    served_at: servedAt,
    index_version: outcome.indexVersion,
    model_version: outcome.modelVersion,
    variant: outcome.variant,
    user_class: outcome.userClass,
    degraded: outcome.log.degraded.map((d) => `${d.stage}:${d.code}`),
    items: outcome.items.map((i) => ({ item_id: i.item_id, position: i.position, score: i.score, sources: i.sources, ...(i.explore && { propensity: i.explore.propensity }), ...(i.pinned && { pinned: true }) })),
    ...(outcome.featureRows !== null && { feature_snapshot: outcome.featureRows }),
  };
}

export function emitImpressionLog(
  ingest: { readonly url: string; readonly token: string } | undefined,
  entry: { readonly request: ImpressionLogRequest; readonly outcome: RecommendOutcome },
  waitUntil: (p: Promise<unknown>) => void,
): void {
  const record = impressionLogRecord(entry.request, entry.outcome, Date.now());
  const line = JSON.stringify(record);
  console.log(line);
  if (ingest === undefined) return;
  waitUntil(
    fetch(`${ingest.url}/impression-log`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest.token}` }, body: line, signal: AbortSignal.timeout(10_000) })
      .then((res) => res.body?.cancel())
      .catch((error: unknown) => console.error(JSON.stringify({ msg: 'impression log forward failed', request_id: entry.request.requestId, error: (error as Error).message }))),
  );
}
