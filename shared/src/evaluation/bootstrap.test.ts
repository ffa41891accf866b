import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootstrapRelativeChange, BootstrapInputError, quantileSorted } from './bootstrap.js';

describe('bootstrap relative change', () => {
  it('is seeded: the same inputs and seed give the same interval', () => {
    const control = [0.1, 0.2, 0.3, 0.05, 0.4];
    const treatment = [0.2, 0.1, 0.35, 0.1, 0.5];
    expect(bootstrapRelativeChange(control, treatment, { seed: 3 })).toEqual(bootstrapRelativeChange(control, treatment, { seed: 3 }));
  });

  it('estimates the relative change of the means and brackets it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 40 }), (pairs) => {
        const control = pairs.map(([c]) => c);
        const treatment = pairs.map(([, t]) => t);
        const r = bootstrapRelativeChange(control, treatment, { resamples: 200, seed: 1 });
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(r.estimate).toBeCloseTo((mean(treatment) - mean(control)) / mean(control), 9);
        expect(r.low).toBeLessThanOrEqual(r.high);
        expect(r.users).toBe(pairs.length);
      }),
    );
  });

  it('gives a zero-width interval at the estimate when every user changes alike', () => {
    const r = bootstrapRelativeChange([1, 1, 1, 1], [1.5, 1.5, 1.5, 1.5], { resamples: 100 });
    expect(r.estimate).toBeCloseTo(0.5, 12);
    expect(r.low).toBeCloseTo(0.5, 12);
    expect(r.high).toBeCloseTo(0.5, 12);
  });

  it('narrows as users are added', () => {
    const control = Array.from({ length: 400 }, (_, i) => 0.1 + (i % 7) / 20);
    const treatment = control.map((c, i) => c * (1 + ((i % 5) - 1) / 10));
    const small = bootstrapRelativeChange(control.slice(0, 20), treatment.slice(0, 20), { seed: 2 });
    const large = bootstrapRelativeChange(control, treatment, { seed: 2 });
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });

  it('rejects unpaired, empty or non-finite samples precisely', () => {
    expect(() => bootstrapRelativeChange([1], [1, 2])).toThrow('paired samples differ in length: 1 control, 2 treatment');
    expect(() => bootstrapRelativeChange([], [])).toThrow(BootstrapInputError);
    expect(() => bootstrapRelativeChange([1, Number.NaN], [1, 1])).toThrow('control[1] is NaN (values must be finite)');
    expect(() => bootstrapRelativeChange([1], [1], { resamples: 0 })).toThrow('resamples must be a positive integer (got 0)');
  });

  it('interpolates quantiles', () => {
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
  });
});
