// The stream benchmark's plot data: freshness lags seen through the REST endpoint (CDF and
// histogram in the report), and the job's resident memory and throughput over its catch-up,
// from the once-a-second metrics samples (curves, ≤ 1,000 points each).
import type { Series } from '../lib/results.js';
import { curveSeries, samplesSeries } from '../lib/series.js';

export interface JobSample {
  /** performance.now() when the metrics were read. */
  readonly at: number;
  readonly processed: number;
  readonly rssMib: number;
}

export function streamSeries(freshnessMs: readonly number[], job: readonly JobSample[]): Record<string, Series> {
  const series: Record<string, Series> = {};
  if (freshnessMs.length > 0) series.freshness_rest_ms = samplesSeries('ms', freshnessMs, { decimals: 1 });
  if (job.length > 0) {
    series.job_rss_vs_records = curveSeries('records processed', 'job resident set (MiB)', job.map((s) => [s.processed, s.rssMib] as const), { decimals: 1 });
  }
  // Records per second between consecutive samples, placed at the later sample's time.
  const t0 = job[0]?.at ?? 0;
  const rates = job.slice(1).flatMap((s, i) => {
    const before = job[i]!;
    const seconds = (s.at - before.at) / 1000;
    return seconds > 0 ? [[(s.at - t0) / 1000, (s.processed - before.processed) / seconds] as const] : [];
  });
  if (rates.length > 0) series.job_throughput_over_time = curveSeries('time since the first metrics sample (s)', 'records processed per second', rates, { decimals: 1 });
  return series;
}
