import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLOTS_PATH, buildReport, plotFileOf, stalePlots } from './benchmarks-md.js';
import { RESULTS_DIR, type BenchResult } from './results.js';

// The committed results, as bench/report.ts reads them, plus one with a series of each kind.
const committed = readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as BenchResult);
const fixture: BenchResult = {
  name: 'zz-fixture',
  title: 'Fixture benchmark',
  command: 'npm run bench:fixture',
  workload: 'MovieLens 100K',
  machine: { cpu: 'AMD EPYC', cores: 2, memory_gib: 23.5, os: 'Linux x64', node: 'v20.20.2' },
  ran_at: '2026-11-22T00:00:00.000Z',
  figures: { p50_ms: 1.5 },
  notes: ['a note'],
  series: {
    latency_ms: { kind: 'samples', unit: 'ms', values: [1, 2, 3, 50, 400] },
    recall_vs_latency: { kind: 'curve', x_label: 'query latency p50 (ms)', y_label: 'recall@100 (fraction)', points: [[0.1, 0.8], [0.3, 0.95]] },
    ndcg_at_10: { kind: 'bars', unit: 'fraction', bars: [{ label: 'ours', value: 0.3, low: 0.28, high: 0.31 }, { label: 'popularity', value: 0.1 }] },
    broken_ms: { kind: 'samples', unit: 'ms', values: [] },
  },
};

describe('buildReport', () => {
  const report = buildReport([...committed, fixture]);

  it('keeps every committed figure in BENCHMARKS.md', () => {
    for (const r of committed) {
      expect(report.markdown).toContain(`## ${r.title}`);
      expect(report.markdown).toContain(`- command: \`${r.command}\``);
      for (const key of Object.keys(r.figures)) expect(report.markdown).toContain(`| \`${key}\` |`);
    }
  });

  it('draws every series to <result>-<series>.svg and links it under its result’s section', () => {
    expect([...report.plots.keys()].filter((f) => f.startsWith('zz-fixture-'))).toEqual(['latency_ms', 'recall_vs_latency', 'ndcg_at_10'].map((s) => plotFileOf('zz-fixture', s)));
    const section = report.markdown.slice(report.markdown.indexOf('## Fixture benchmark'));
    expect(section).toContain(`![Fixture benchmark: latency](${PLOTS_PATH}/zz-fixture-latency_ms.svg)`);
    expect(section).toContain(`(${PLOTS_PATH}/zz-fixture-ndcg_at_10.svg)`);
    for (const svg of report.plots.values()) expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('says which series could not be drawn, and why, instead of dropping it silently', () => {
    expect(report.failures).toEqual(['zz-fixture.json, series "broken_ms": histogram "broken": no values (a plot needs at least one)']);
    expect(report.markdown).toContain('> Plot not drawn — zz-fixture.json, series "broken_ms"');
  });

  it('is deterministic: same results, same markdown and the same SVG bytes', () => {
    const again = buildReport(structuredClone([...committed, fixture]));
    expect(again.markdown).toBe(report.markdown);
    expect([...again.plots]).toEqual([...report.plots]);
  });

  it('removes only the SVGs it no longer draws', () => {
    expect(stalePlots(['zz-fixture-latency_ms.svg', 'edge-old_series.svg', 'README.txt', 'zz-fixture-ndcg_at_10.svg'], report)).toEqual(['edge-old_series.svg']);
  });
});
