// bench/ is no project of the monorepo vitest config: `npx vitest run --config bench/plots/vitest.config.ts`.
import { describe, expect, it } from 'vitest';
import { streamSeries } from './series.js';

describe('streamSeries', () => {
  it('keeps the freshness lags and turns the job samples into memory and throughput curves', () => {
    const series = streamSeries([81.04, 120.66], [
      { at: 1000, processed: 0, rssMib: 900 },
      { at: 2000, processed: 10_000, rssMib: 950.04 },
      { at: 4000, processed: 30_000, rssMib: 1000 },
    ]);
    expect(series.freshness_rest_ms).toEqual({ kind: 'samples', unit: 'ms', values: [81, 120.7] });
    expect(series.job_rss_vs_records).toEqual({ kind: 'curve', x_label: 'records processed', y_label: 'job resident set (MiB)', points: [[0, 900], [10_000, 950], [30_000, 1000]] });
    expect(series.job_throughput_over_time).toEqual({ kind: 'curve', x_label: 'time since the first metrics sample (s)', y_label: 'records processed per second', points: [[1, 10_000], [3, 10_000]] });
  });

  it('writes nothing it has no data for', () => {
    expect(streamSeries([], [])).toEqual({});
    expect(Object.keys(streamSeries([], [{ at: 0, processed: 0, rssMib: 1 }]))).toEqual(['job_rss_vs_records']);
  });
});
