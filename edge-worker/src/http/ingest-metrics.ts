// Counters of the ingestion sub-app, kept in isolate memory for /metrics:
// records accepted (answered 202), forwarded to the gateway, and lost in a
// failed forward. Created by the caller and passed in, not a hidden global.
export type IngestKind = 'interactions' | 'impressions';

export interface IngestCounts {
  /** Requests answered 202, and the records in them. */
  acceptedRequests: number;
  acceptedRecords: number;
  /** Forwards the gateway answered with 2xx, and their records. */
  forwardedRecords: number;
  /** Forwards that failed (network error, timeout or non-2xx), and the records lost with them. */
  forwardFailures: number;
  lostRecords: number;
}

export interface IngestMetrics {
  readonly counts: Record<IngestKind, IngestCounts>;
  /** A copy, safe to serialize. */
  snapshot(): Record<IngestKind, IngestCounts>;
}

const zero = (): IngestCounts => ({ acceptedRequests: 0, acceptedRecords: 0, forwardedRecords: 0, forwardFailures: 0, lostRecords: 0 });

export function createIngestMetrics(): IngestMetrics {
  const counts = { interactions: zero(), impressions: zero() };
  return {
    counts,
    snapshot: () => ({ interactions: { ...counts.interactions }, impressions: { ...counts.impressions } }),
  };
}
