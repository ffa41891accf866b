import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BINS, MAX_CDF_POINTS, cdfPanel, histogramPanel } from './distribution.js';
import { PlotInputError } from './errors.js';
import { dataOutside } from './testing.js';

// Benchmark samples, at a micro-unit resolution (see curve.test.ts).
const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1e6) / 1e6), { minLength: 1, maxLength: 300 });
const positives = fc.array(fc.double({ min: 1e-3, max: 1e7, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1e6) / 1e6), { minLength: 1, maxLength: 300 });

describe('histogram and CDF panels', () => {
  it('map every value inside the plot area, linear or log', () => {
    fc.assert(
      fc.property(values, (v) => {
        for (const panel of [histogramPanel({ quantity: 'x', unit: 'ms', values: v }), cdfPanel({ quantity: 'x', unit: 'ms', values: v })]) {
          expect(dataOutside(panel.marks, panel.plot)).toEqual([]);
        }
      }),
    );
    fc.assert(
      fc.property(positives, (v) => {
        for (const panel of [histogramPanel({ quantity: 'x', unit: 'ms', values: v, logX: true }), cdfPanel({ quantity: 'x', unit: 'ms', values: v, logX: true })]) {
          expect(dataOutside(panel.marks, panel.plot)).toEqual([]);
        }
      }),
    );
  });

  it('draws at most MAX_BINS bars, and every sample in one of them', () => {
    fc.assert(
      fc.property(positives, (v) => {
        const panel = histogramPanel({ quantity: 'x', unit: 'ms', values: v });
        const bars = panel.marks.filter((m) => m.type === 'rect' && m.role === 'data');
        expect(bars.length).toBeGreaterThan(0);
        expect(bars.length).toBeLessThanOrEqual(MAX_BINS);
      }),
    );
  });

  it('runs the CDF from 0 at the smallest value to 1 at the largest, never going down', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 3000 }), (v) => {
        const panel = cdfPanel({ quantity: 'x', unit: 'ms', values: v });
        const line = panel.marks.find((m) => m.type === 'polyline');
        if (line?.type !== 'polyline') throw new Error('no CDF line');
        const bottom = panel.plot.y + panel.plot.height;
        expect(line.points[0]![1]).toBeCloseTo(bottom, 6);
        expect(line.points.at(-1)![1]).toBeCloseTo(panel.plot.y, 6);
        expect(line.points.length).toBeLessThanOrEqual(2 * MAX_CDF_POINTS + 1);
        for (let i = 1; i < line.points.length; i++) {
          expect(line.points[i]![0]).toBeGreaterThanOrEqual(line.points[i - 1]![0] - 1e-9);
          expect(line.points[i]![1]).toBeLessThanOrEqual(line.points[i - 1]![1] + 1e-9);
        }
      }),
    );
  });

  it('takes more values than a spread into Math.min could (no stack overflow), bins spanning the data', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => 1 + (i % 1000));
    const panel = histogramPanel({ quantity: 'x', unit: 'ms', values: many, logX: false });
    expect(panel.marks.filter((m) => m.type === 'rect' && m.role === 'data')).toHaveLength(MAX_BINS);
    expect(dataOutside(cdfPanel({ quantity: 'x', unit: 'ms', values: many }).marks, panel.plot)).toEqual([]);
  });

  it('chooses a log x axis for latencies spanning orders of magnitude, and says so in the label', () => {
    const panel = histogramPanel({ quantity: 'request latency', unit: 'ms', values: [1, 10, 100, 1000] });
    expect(panel.marks.some((m) => m.type === 'text' && m.text === 'request latency (ms, log scale)')).toBe(true);
    const linear = histogramPanel({ quantity: 'request latency', unit: 'ms', values: [10, 12, 15] });
    expect(linear.marks.some((m) => m.type === 'text' && m.text === 'request latency (ms)')).toBe(true);
  });

  it('marks p50 and p99 with their values', () => {
    const panel = cdfPanel({ quantity: 'lag', unit: 'ms', values: Array.from({ length: 100 }, (_, i) => i + 1) });
    const texts = panel.marks.flatMap((m) => (m.type === 'text' ? [m.text] : []));
    expect(texts).toContain('p50 50 ms');
    expect(texts).toContain('p99 99 ms');
  });

  it('rejects no values, a NaN, an infinity, and a non-positive value on a log axis, precisely', () => {
    expect(() => histogramPanel({ quantity: 'lag', unit: 'ms', values: [] })).toThrow(new PlotInputError('histogram "lag": no values (a plot needs at least one)'));
    expect(() => cdfPanel({ quantity: 'lag', unit: 'ms', values: [1, 2, Number.NaN] })).toThrow(new PlotInputError('CDF "lag": value 2 is NaN (every value must be a finite number)'));
    expect(() => cdfPanel({ quantity: 'lag', unit: 'ms', values: [Infinity] })).toThrow(/value 0 is Infinity/);
    expect(() => histogramPanel({ quantity: 'lag', unit: 'ms', values: [0, 5], logX: true })).toThrow(new PlotInputError('histogram "lag": value 0 is 0, but a log axis needs every value > 0'));
  });
});
