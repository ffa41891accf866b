// The recall-versus-latency sweep of an IVF index: the same queries searched inside workerd at
// several nprobe values (the build-time one among them), each giving a p50 query latency and a
// recall@100 — the trade-off curve the build's nprobe is one point of. Bounded: a subset of the
// queries, a short timing target, at most a handful of nprobe values.
import type { Series } from '../lib/results.js';
import { curveSeries } from '../lib/series.js';

export interface SweepPoint {
  readonly nprobe: number;
  readonly p50Ms: number;
  readonly recall: number;
}

/** The nprobe values to sweep: the requested ones and the build's, within 1..partitions, ascending, once each. */
export function sweepNprobes(requested: readonly number[], built: number, partitions: number): number[] {
  for (const p of requested) if (!Number.isInteger(p) || p < 1) throw new RangeError(`--sweep-nprobes: ${p} is not a positive integer`);
  return [...new Set([...requested, built])].filter((p) => p <= partitions).sort((a, b) => a - b);
}

/** Two curves for the report: recall against p50 latency, and recall against nprobe. */
export function sweepSeries(label: string, points: readonly SweepPoint[]): Record<string, Series> {
  if (points.length === 0) return {};
  return {
    [`recall_vs_latency_${label}`]: curveSeries('query latency p50 (ms)', 'recall@100 (fraction)', points.map((p) => [p.p50Ms, p.recall] as const)),
    [`recall_vs_nprobe_${label}`]: curveSeries('nprobe (partitions probed)', 'recall@100 (fraction)', points.map((p) => [p.nprobe, p.recall] as const)),
  };
}
