// bench/ is no project of the monorepo vitest config: `npx vitest run --config bench/plots/vitest.config.ts`.
import { describe, expect, it } from 'vitest';
import { sweepNprobes, sweepSeries } from './sweep.js';

describe('nprobe sweep', () => {
  it('sweeps the requested nprobes and the build’s, within the partitions, ascending, once each', () => {
    expect(sweepNprobes([1, 2, 4, 8, 16, 32, 64], 11, 1000)).toEqual([1, 2, 4, 8, 11, 16, 32, 64]);
    expect(sweepNprobes([64, 4, 4], 4, 10)).toEqual([4]);
  });

  it('rejects an nprobe that is not a positive integer', () => {
    expect(() => sweepNprobes([0], 1, 10)).toThrow(new RangeError('--sweep-nprobes: 0 is not a positive integer'));
    expect(() => sweepNprobes([Number.NaN], 1, 10)).toThrow(/NaN is not a positive integer/);
  });

  it('turns the points into recall-vs-latency and recall-vs-nprobe curves in sweep order', () => {
    const series = sweepSeries('1m', [{ nprobe: 1, p50Ms: 0.05, recall: 0.61 }, { nprobe: 11, p50Ms: 0.18, recall: 0.94 }]);
    expect(series.recall_vs_latency_1m).toEqual({ kind: 'curve', x_label: 'query latency p50 (ms)', y_label: 'recall@100 (fraction)', points: [[0.05, 0.61], [0.18, 0.94]] });
    expect(series.recall_vs_nprobe_1m).toEqual({ kind: 'curve', x_label: 'nprobe (partitions probed)', y_label: 'recall@100 (fraction)', points: [[1, 0.61], [11, 0.94]] });
    expect(sweepSeries('1m', [])).toEqual({});
  });
});
