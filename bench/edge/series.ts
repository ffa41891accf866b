// The edge benchmark's plot data: client-side latency samples of the one-client run and of the
// load (histogram and CDF in the report), and each Server-Timing stage's median with its 95%
// interval (bars). Samples are bounded (bench/lib/series.ts) so edge.json stays small.
import { medianWithInterval } from '../lib/stats.js';
import { barsSeries, samplesSeries } from '../lib/series.js';
import type { Series } from '../lib/results.js';
import type { LoadResult } from './load.js';
import { STAGES } from './summary.js';

export function edgeSeries(load: LoadResult, alone: LoadResult | null): Record<string, Series> {
  const series: Record<string, Series> = {};
  if (alone !== null && alone.samples.length > 0) series.latency_single_client_ms = samplesSeries('ms', alone.samples.map((s) => s.latencyMs), { decimals: 2 });
  if (load.samples.length > 0) series.latency_under_load_ms = samplesSeries('ms', load.samples.map((s) => s.latencyMs), { decimals: 2 });
  const ok = load.samples.filter((s) => s.status === 200);
  const stages = STAGES.flatMap((stage) => {
    const values = ok.flatMap((s) => (s.stages.has(stage) ? [s.stages.get(stage)!] : []));
    if (values.length === 0) return [];
    const { median, low, high } = medianWithInterval(values);
    return [{ label: stage, value: median, low, high }];
  });
  if (stages.length > 0) series.stage_median_ms = barsSeries('ms', stages);
  return series;
}
