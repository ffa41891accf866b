// Server-Timing entries for retrieval (issue 5 item 1: a per-stage breakdown):
// `retrieval` for the stage, `retrieval-<source>` for each source that ran,
// with the number of candidates it is credited with as the description.
import type { RetrievalResult } from './types.js';

const ms = (x: number) => Math.max(0, x).toFixed(2);

export function retrievalServerTiming(result: RetrievalResult): string[] {
  const entries = [`retrieval;dur=${ms(result.timings.totalMs)};desc="${result.candidates.length} candidates, ${result.userClass}"`];
  for (const [source, report] of Object.entries(result.sources)) {
    if (report.skipped !== undefined) continue;
    const what = report.error !== undefined ? 'error' : `${report.counts?.attributed ?? 0} candidates`;
    entries.push(`retrieval-${source};dur=${ms(report.ms)};desc="${what}"`);
  }
  return entries;
}
