import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SAMPLES, barsSeries, curveSeries, reservoir, samplesSeries } from './series.js';
import { medianWithInterval, percentile } from './stats.js';

describe('reservoir', () => {
  it('keeps min(n, max) values, a subsequence of the input in its order, the same every time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 400 }), fc.integer({ min: 1, max: 100 }), fc.integer(), (values, max, seed) => {
        const indexed = values.map((v, i) => ({ v, i }));
        const kept = reservoir(indexed, max, seed);
        expect(kept).toHaveLength(Math.min(values.length, max));
        for (let j = 1; j < kept.length; j++) expect(kept[j]!.i).toBeGreaterThan(kept[j - 1]!.i);
        expect(reservoir(indexed, max, seed)).toEqual(kept);
      }),
    );
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => reservoir([1], 0)).toThrow(new RangeError('reservoir: max must be a positive integer, got 0'));
  });
});

describe('series builders', () => {
  it('bound samples to MAX_SAMPLES, rounded to the decimals asked for', () => {
    const values = Array.from({ length: 12_345 }, (_, i) => i / 7);
    const series = samplesSeries('ms', values);
    if (series.kind !== 'samples') throw new Error('not samples');
    expect(series.values).toHaveLength(MAX_SAMPLES);
    expect(series.values.every((v) => Math.round(v * 1000) === v * 1000 || Math.abs(Math.round(v * 1000) - v * 1000) < 1e-6)).toBe(true);
    // A uniform sample: the median stays near the population's.
    expect(Math.abs(percentile(series.values, 0.5) - percentile(values, 0.5))).toBeLessThan(values.at(-1)! * 0.05);
  });

  it('thin a long curve keeping its first and last point, in order', () => {
    const points = Array.from({ length: 5000 }, (_, i) => [i, i * 2] as const);
    const series = curveSeries('x (ms)', 'y (fraction)', points, { max: 100 });
    if (series.kind !== 'curve') throw new Error('not a curve');
    expect(series.points).toHaveLength(100);
    expect(series.points[0]).toEqual([0, 0]);
    expect(series.points.at(-1)).toEqual([4999, 9998]);
  });

  it('reject no values and non-finite ones, precisely', () => {
    expect(() => samplesSeries('ms', [])).toThrow(new RangeError('samples series (ms): no values'));
    expect(() => samplesSeries('ms', [1, Number.NaN])).toThrow(new RangeError('samples series (ms): value 1 is NaN (every value must be a finite number)'));
    expect(() => curveSeries('x', 'y', [])).toThrow(new RangeError('curve series (y vs x): no points'));
    expect(() => barsSeries('ms', [{ label: 'features', value: 1, low: Number.POSITIVE_INFINITY }])).toThrow(/bar "features": value 1 is Infinity/);
  });
});

describe('medianWithInterval', () => {
  it('brackets the median with values from the data, narrowing as n grows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 500 }), (values) => {
        const { median, low, high } = medianWithInterval(values);
        expect(low).toBeLessThanOrEqual(median);
        expect(median).toBeLessThanOrEqual(high);
        expect(values).toContain(low);
        expect(values).toContain(high);
      }),
    );
    const wide = medianWithInterval(Array.from({ length: 100 }, (_, i) => i));
    const narrow = medianWithInterval(Array.from({ length: 10_000 }, (_, i) => i / 100));
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
    expect(wide).toEqual({ median: 49, low: 39, high: 60 });
  });

  it('is NaN for no values', () => {
    expect(Number.isNaN(medianWithInterval([]).median)).toBe(true);
  });
});
