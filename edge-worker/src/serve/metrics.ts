// This isolate's counters in the Prometheus text format (GET /metrics, admin):
// served lists, fallbacks per stage and code (R15's SLO: the fallback rate),
// and the ingestion counters. Per isolate: a scraper sums over isolates.
import type { FallbackCounters } from './stage-log.js';
import type { IngestMetrics } from '../http/ingest-metrics.js';

const label = (value: string) => value.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

export function prometheusText(region: string, serving: ReturnType<FallbackCounters['snapshot']>, ingest: ReturnType<IngestMetrics['snapshot']>): string {
  const r = `region="${label(region)}"`;
  const lines = [
    '# HELP freshet_edge_lists_served_total Recommendation lists served by this isolate.',
    '# TYPE freshet_edge_lists_served_total counter',
    `freshet_edge_lists_served_total{${r}} ${serving.served}`,
    '# HELP freshet_edge_fallbacks_total Fallbacks taken, per stage and code.',
    '# TYPE freshet_edge_fallbacks_total counter',
    ...serving.fallbacks.map((f) => `freshet_edge_fallbacks_total{${r},stage="${label(f.stage)}",code="${label(f.code)}"} ${f.count}`),
    '# HELP freshet_edge_ingest_records_total Interaction and impression records, by outcome.',
    '# TYPE freshet_edge_ingest_records_total counter',
  ];
  for (const [kind, c] of Object.entries(ingest)) {
    lines.push(`freshet_edge_ingest_records_total{${r},kind="${kind}",outcome="accepted"} ${c.acceptedRecords}`);
    lines.push(`freshet_edge_ingest_records_total{${r},kind="${kind}",outcome="forwarded"} ${c.forwardedRecords}`);
    lines.push(`freshet_edge_ingest_records_total{${r},kind="${kind}",outcome="lost"} ${c.lostRecords}`);
  }
  return `${lines.join('\n')}\n`;
}
