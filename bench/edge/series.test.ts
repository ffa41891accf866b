// bench/ is no project of the monorepo vitest config: `npx vitest run --config bench/edge/vitest.config.ts`.
import { describe, expect, it } from 'vitest';
import type { Sample } from './load.js';
import { edgeSeries } from './series.js';

const sample = (latencyMs: number, stages: [string, number][], status = 200): Sample => ({ kind: 'warm', latencyMs, status, degraded: [], stages: new Map(stages), items: 20, retries: 0 });

describe('edgeSeries', () => {
  it('keeps the latencies of both runs and each stage’s median with an interval around it', () => {
    const load = { elapsedMs: 1000, samples: [sample(10, [['features', 4], ['total', 9]]), sample(20, [['features', 6], ['total', 12]]), sample(30, [], 503)] };
    const alone = { elapsedMs: 1000, samples: [sample(5, [['total', 4]])] };
    const series = edgeSeries(load, alone);
    expect(series.latency_under_load_ms).toEqual({ kind: 'samples', unit: 'ms', values: [10, 20, 30] });
    expect(series.latency_single_client_ms).toEqual({ kind: 'samples', unit: 'ms', values: [5] });
    const stages = series.stage_median_ms;
    if (stages?.kind !== 'bars') throw new Error('no stage bars');
    expect(stages.bars.map((b) => b.label)).toEqual(['features', 'total']);
    for (const b of stages.bars) expect(b.low! <= b.value && b.value <= b.high!).toBe(true);
  });

  it('leaves out what was not measured (no single-client run, no Server-Timing)', () => {
    expect(Object.keys(edgeSeries({ elapsedMs: 1, samples: [sample(1, [])] }, null))).toEqual(['latency_under_load_ms']);
  });
});
