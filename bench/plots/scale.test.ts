import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlotInputError } from './errors.js';
import { geometricallySpaced, linearScale, logScale, niceStep, wantsLog } from './scale.js';

const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true });

describe('linearScale', () => {
  it('covers the data, maps its domain onto the range and keeps its ticks inside the domain', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const s = linearScale(low, high, [10, 410]);
        expect(s.domain[0]).toBeLessThanOrEqual(low);
        expect(s.domain[1]).toBeGreaterThanOrEqual(high);
        expect(s.domain[1]).toBeGreaterThan(s.domain[0]);
        expect(s.map(s.domain[0])).toBeCloseTo(10, 6);
        expect(s.map(s.domain[1])).toBeCloseTo(410, 6);
        expect(s.ticks.length).toBeGreaterThanOrEqual(2);
        for (const t of s.ticks) {
          expect(s.map(t)).toBeGreaterThanOrEqual(10 - 1e-6);
          expect(s.map(t)).toBeLessThanOrEqual(410 + 1e-6);
        }
      }),
    );
  });

  it('widens a single value so that it sits inside', () => {
    const s = linearScale(5, 5, [0, 100]);
    expect(s.map(5)).toBeGreaterThan(0);
    expect(s.map(5)).toBeLessThan(100);
    expect(linearScale(0, 0, [0, 100]).map(0)).toBe(50);
  });

  it('puts a clean zero tick on an axis crossing zero', () => {
    expect(linearScale(-0.05, 0.07, [0, 100]).ticks).toEqual([-0.06, -0.04, -0.02, 0, 0.02, 0.04, 0.06, 0.08]);
  });

  it('picks 1, 2, 5 × 10^k steps', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.5);
    expect(niceStep(700, 6)).toBe(200);
  });

  it('rejects an inverted or infinite domain precisely', () => {
    expect(() => linearScale(2, 1, [0, 1])).toThrow(new PlotInputError('linear scale: domain low 2 is above high 1'));
    expect(() => linearScale(Number.NaN, 1, [0, 1])).toThrow(/not finite/);
  });
});

describe('logScale', () => {
  it('covers positive data with powers of ten and keeps its ticks inside the range', () => {
    fc.assert(
      fc.property(positive, positive, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const s = logScale(low, high, [300, 20]);
        expect(s.domain[0]).toBeLessThanOrEqual(low * (1 + 1e-9));
        expect(s.domain[1]).toBeGreaterThanOrEqual(high * (1 - 1e-9));
        for (const t of s.ticks) {
          expect(s.map(t)).toBeGreaterThanOrEqual(20 - 1e-6);
          expect(s.map(t)).toBeLessThanOrEqual(300 + 1e-6);
        }
        expect(s.map(low)).toBeGreaterThanOrEqual(20 - 1e-6);
        expect(s.map(high)).toBeLessThanOrEqual(300 + 1e-6);
      }),
    );
  });

  it('says which value a log axis cannot place', () => {
    expect(() => logScale(0, 10, [0, 1])).toThrow(new PlotInputError('log scale: value 0 is 0, but a log axis needs every value > 0'));
  });

  it('is chosen for curves sampled geometrically, not for evenly spaced ones', () => {
    expect(geometricallySpaced([1, 2, 4, 8, 16, 32, 64])).toBe(true);
    expect(geometricallySpaced(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(false);
    expect(geometricallySpaced([1, 2, 4])).toBe(false);
  });

  it('is chosen for positive data spanning at least 50×', () => {
    expect(wantsLog([1, 49])).toBe(false);
    expect(wantsLog([1, 50])).toBe(true);
    expect(wantsLog([0, 1000])).toBe(false);
  });
});
