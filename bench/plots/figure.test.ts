import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../lib/results.js';
import { figureLayout, figureScene, renderFigure } from './figure.js';
import { figureOf, groupBars, quantityOf } from './from-series.js';
import { PlotInputError } from './errors.js';
import { dataOutside } from './testing.js';
import { escapeXml, translate } from './svg.js';

const result = (series: BenchResult['series']): BenchResult => ({
  name: 'edge',
  title: 'Edge worker <under load> & more',
  command: 'npm run bench:edge -- --clients 100',
  workload: 'GET /v1/recommendations for users of the synthetic workload (seed 11, 6,000 users, 100,000 items)',
  machine: { cpu: 'AMD EPYC', cores: 2, memory_gib: 23.5, os: 'Linux x64', node: 'v20.20.2', load_avg_15m: 3.4 },
  ran_at: '2026-11-22T14:18:32.037Z',
  figures: {},
  ...(series && { series }),
});

describe('figures from a result’s series', () => {
  const r = result({
    latency_load_ms: { kind: 'samples', unit: 'ms', values: [3, 5, 8, 13, 400, 2000] },
    recall_vs_nprobe: { kind: 'curve', x_label: 'nprobe (partitions)', y_label: 'recall@100 (fraction)', points: [[1, 0.6], [4, 0.9], [16, 0.98]] },
    ndcg_at_10: { kind: 'bars', unit: 'fraction', bars: [{ label: 'ML 100K / ours', value: 0.2, low: 0.18, high: 0.22 }, { label: 'ML 100K / popularity', value: 0.1 }] },
  });

  it('title, axis labels with units, and a caption naming the workload, the machine and the command', () => {
    const svg = renderFigure(figureOf(r, 'latency_load_ms'));
    expect(svg).toContain('<title>Edge worker &lt;under load&gt; &amp; more: latency load</title>');
    expect(svg).toContain('latency load (ms, log scale)');
    expect(svg).toContain('samples per bin');
    expect(svg).toContain('Workload: GET /v1/recommendations');
    expect(svg).toContain('AMD EPYC, 2 cores, 23.5 GiB, Linux x64, Node v20.20.2');
    expect(svg).toContain('Reproduce: npm run bench:edge -- --clients 100');
    expect(renderFigure(figureOf(r, 'recall_vs_nprobe'))).toContain('recall@100 (fraction)');
    expect(renderFigure(figureOf(r, 'ndcg_at_10'))).toContain('ndcg@10 (fraction)');
  });

  it('renders the same bytes for the same input', () => {
    for (const name of Object.keys(r.series!)) expect(renderFigure(figureOf(r, name))).toBe(renderFigure(figureOf(structuredClone(r), name)));
  });

  it('keeps every data mark inside its panel’s plot area once placed in the figure', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const spec = figureOf(result({ lag_ms: { kind: 'samples', unit: 'ms', values } }), 'lag_ms');
        const { panels } = figureLayout(spec);
        spec.panels.forEach((panel, i) => {
          const at = panels[i]!;
          const area = { ...panel.plot, x: panel.plot.x + at.x, y: panel.plot.y + at.y };
          expect(dataOutside(translate(panel.marks, at.x, at.y), area)).toEqual([]);
        });
        const scene = figureScene(spec);
        expect(scene.width).toBeGreaterThanOrEqual(spec.panels.reduce((w, p) => w + p.width, 0));
      }),
    );
  });

  it('groups bars by the "group / bar" label convention, in order of first appearance', () => {
    expect(groupBars([{ label: 'A / x', value: 1 }, { label: 'B / x', value: 2 }, { label: 'A / y', value: 3 }])).toEqual([
      { label: 'A', bars: [{ label: 'x', value: 1 }, { label: 'y', value: 3 }] },
      { label: 'B', bars: [{ label: 'x', value: 2 }] },
    ]);
    expect(groupBars([{ label: 'A / x', value: 1 }, { label: 'plain', value: 2 }])).toEqual([{ label: '', bars: [{ label: 'A / x', value: 1 }, { label: 'plain', value: 2 }] }]);
  });

  it('names series for people', () => {
    expect(quantityOf('freshness_rest_ms', 'ms')).toBe('freshness rest');
    expect(quantityOf('recall_at_100_vs_nprobe')).toBe('recall@100 vs nprobe');
    expect(quantityOf('ms', 'ms')).toBe('ms');
  });

  it('rejects a missing series, a name that cannot be a file name and an empty one, precisely', () => {
    expect(() => figureOf(r, 'nope')).toThrow(new PlotInputError('edge: no series "nope"'));
    expect(() => figureOf(result({ 'Bad/Name': { kind: 'samples', unit: 'ms', values: [1] } }), 'Bad/Name')).toThrow(new PlotInputError('edge: series name "Bad/Name" is not snake_case (it names a file)'));
    expect(() => figureOf(result({ lag_ms: { kind: 'samples', unit: 'ms', values: [] } }), 'lag_ms')).toThrow(new PlotInputError('histogram "lag": no values (a plot needs at least one)'));
  });

  it('escapes text for XML', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
