// Turns the load's samples into the benchmark's figures: latency percentiles (client side),
// throughput, errors, the fallback rate with counts per code, and per-stage percentiles
// from Server-Timing. Keys are snake_case with their unit.
import { percentile } from '../lib/stats.js';
import type { LoadResult, Sample } from './load.js';

export const STAGES = ['bundle', 'features', 'retrieval', 'ranking', 'rerank', 'total'] as const;

const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : -1);
const isError = (s: Sample) => s.status !== 200;

export function latencyFigures(samples: readonly Sample[], prefix = ''): Record<string, number> {
  const ms = samples.map((s) => s.latencyMs);
  return {
    [`${prefix}p50_ms`]: r2(percentile(ms, 0.5)),
    [`${prefix}p90_ms`]: r2(percentile(ms, 0.9)),
    [`${prefix}p99_ms`]: r2(percentile(ms, 0.99)),
    [`${prefix}p999_ms`]: r2(percentile(ms, 0.999)),
    [`${prefix}max_ms`]: r2(ms.length ? Math.max(...ms) : Number.NaN),
  };
}

export function summarize(load: LoadResult): { figures: Record<string, number>; fallbacksByCode: Record<string, number>; errorsByKind: Record<string, number> } {
  const all = load.samples;
  const ok = all.filter((s) => !isError(s));
  const fallbacksByCode: Record<string, number> = {};
  for (const s of ok) for (const code of new Set(s.degraded)) fallbacksByCode[code] = (fallbacksByCode[code] ?? 0) + 1;
  const errorsByKind: Record<string, number> = {};
  for (const s of all.filter(isError)) {
    const key = s.status === 0 ? `network: ${s.error ?? ''}` : `${s.status} ${s.error ?? ''}`.slice(0, 160);
    errorsByKind[key] = (errorsByKind[key] ?? 0) + 1;
  }
  const degradedCount = ok.filter((s) => s.degraded.length > 0).length;
  const stageFigures: Record<string, number> = {};
  for (const stage of STAGES) {
    const values = ok.flatMap((s) => (s.stages.has(stage) ? [s.stages.get(stage)!] : []));
    stageFigures[`stage_${stage}_p50_ms`] = r2(percentile(values, 0.5));
    stageFigures[`stage_${stage}_p99_ms`] = r2(percentile(values, 0.99));
  }
  const kinds = [...new Set(all.map((s) => s.kind))].sort().reverse();
  const byKind: Record<string, number> = {};
  for (const kind of kinds) {
    const of = ok.filter((s) => s.kind === kind);
    byKind[`${kind}_requests`] = all.filter((s) => s.kind === kind).length;
    byKind[`${kind}_p50_ms`] = r2(percentile(of.map((s) => s.latencyMs), 0.5));
    byKind[`${kind}_p99_ms`] = r2(percentile(of.map((s) => s.latencyMs), 0.99));
  }
  const figures: Record<string, number> = {
    requests: all.length,
    duration_s: r2(load.elapsedMs / 1000),
    requests_per_s: r2(all.length / (load.elapsedMs / 1000)),
    ...latencyFigures(all),
    errors: all.length - ok.length,
    // Requests re-sent once after the server closed their reused keep-alive connection unanswered (load.ts).
    stale_connection_retries: all.reduce((n, s) => n + s.retries, 0),
    empty_lists: ok.filter((s) => s.items === 0).length,
    fallback_rate: ok.length ? Math.round((degradedCount / ok.length) * 10_000) / 10_000 : -1,
    fallback_responses: degradedCount,
    ...Object.fromEntries(Object.entries(fallbacksByCode).map(([code, n]) => [`fallbacks_by_code_${code}`, n])),
    ...stageFigures,
    ...byKind,
  };
  return { figures, fallbacksByCode, errorsByKind };
}
