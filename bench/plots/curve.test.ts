import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curvePanel } from './curve.js';
import { PlotInputError } from './errors.js';
import { dataOutside } from './testing.js';

// Benchmark figures, at a micro-unit resolution: magnitudes like 1e-300 (fast-check's favourite
// corner) are no measurement, and their spreads fall below float64's resolution of the axis.
const measured = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 1e6) / 1e6);
const point = fc.tuple(measured, measured);

describe('curve panel', () => {
  it('maps every point inside the plot area', () => {
    fc.assert(
      fc.property(fc.array(fc.array(point, { minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 4 }), (lines) => {
        const panel = curvePanel({ heading: 'h', xLabel: 'x (ms)', yLabel: 'y (fraction)', lines: lines.map((points, i) => ({ label: `l${i}`, points })) });
        expect(dataOutside(panel.marks, panel.plot)).toEqual([]);
      }),
    );
  });

  it('draws the points in the order given (a sweep), not sorted', () => {
    const panel = curvePanel({ heading: 'h', xLabel: 'x', yLabel: 'y', lines: [{ points: [[3, 1], [1, 2], [2, 3]] }] });
    const line = panel.marks.find((m) => m.type === 'polyline');
    if (line?.type !== 'polyline') throw new Error('no line');
    const xs = line.points.map((p) => p[0]);
    expect(xs[0]).toBeGreaterThan(xs[2]!);
    expect(xs[2]).toBeGreaterThan(xs[1]!);
  });

  it('puts geometrically spaced x values spanning 50× or more (an nprobe sweep) on a log axis', () => {
    const panel = curvePanel({ heading: 'h', xLabel: 'nprobe', yLabel: 'recall@100 (fraction)', lines: [{ points: [[1, 0.5], [2, 0.7], [4, 0.8], [8, 0.9], [11, 0.93], [16, 0.95], [32, 0.98], [64, 0.99]] }] });
    expect(panel.marks.some((m) => m.type === 'text' && m.text === 'nprobe, log scale')).toBe(true);
  });

  it('keeps evenly spaced x values (time, records) on a linear axis however wide they are', () => {
    const panel = curvePanel({ heading: 'h', xLabel: 'time (s)', yLabel: 'records per second', lines: [{ points: Array.from({ length: 100 }, (_, i) => [i + 1, 10_000] as const) }] });
    expect(panel.marks.some((m) => m.type === 'text' && m.text === 'time (s)')).toBe(true);
  });

  it('rejects no lines, an empty line and a NaN, precisely', () => {
    expect(() => curvePanel({ heading: 'recall', xLabel: 'x', yLabel: 'y', lines: [] })).toThrow(new PlotInputError('curve "recall": no lines'));
    expect(() => curvePanel({ heading: 'recall', xLabel: 'x', yLabel: 'y', lines: [{ points: [] }] })).toThrow(new PlotInputError('curve "recall", line 0: no points (a plot needs at least one)'));
    expect(() => curvePanel({ heading: 'recall', xLabel: 'x', yLabel: 'y', lines: [{ label: 'ivf', points: [[1, 2], [2, Number.NaN]] }] })).toThrow(
      new PlotInputError('curve "recall", line ivf y: value 1 is NaN (every value must be a finite number)'),
    );
  });
});
