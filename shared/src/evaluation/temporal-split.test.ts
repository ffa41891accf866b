import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutoffAtShare, splitAt, SplitInputError } from './temporal-split.js';

const times = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 200 }).filter((ts) => new Set(ts).size > 1);

describe('temporal split', () => {
  it('never puts an event at or after the cutoff in training, nor one before it in test', () => {
    fc.assert(
      fc.property(times, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (ts, share) => {
        const events = ts.map((t, i) => ({ t, i }));
        const split = splitAt(events, cutoffAtShare(ts, share), (e) => e.t);
        expect(split.train.every((e) => e.t < split.cutoff)).toBe(true);
        expect(split.test.every((e) => e.t >= split.cutoff)).toBe(true);
        expect(split.train.length + split.test.length).toBe(events.length);
        // The training period ends before the test period starts.
        if (split.train.length > 0 && split.test.length > 0) expect(Math.max(...split.train.map((e) => e.t))).toBeLessThan(Math.min(...split.test.map((e) => e.t)));
      }),
    );
  });

  it('keeps events of one instant on one side', () => {
    fc.assert(
      fc.property(times, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (ts, share) => {
        const cutoff = cutoffAtShare(ts, share);
        expect(ts).toContain(cutoff);
        const split = splitAt(ts, cutoff, (t) => t);
        const trainTimes = new Set(split.train);
        expect(split.test.some((t) => trainTimes.has(t))).toBe(false);
      }),
    );
  });

  it('puts about the requested share in training when times are distinct', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i * 10);
    const cutoff = cutoffAtShare(ts, 0.8);
    expect(cutoff).toBe(800);
    expect(splitAt(ts, cutoff, (t) => t).train).toHaveLength(80);
  });

  it('never leaves the test period empty', () => {
    expect(cutoffAtShare([1, 1, 1, 2], 0.9)).toBe(2);
    expect(cutoffAtShare([1, 2, 2, 2], 0.1)).toBe(2);
  });

  it('rejects inputs it cannot split, saying why', () => {
    expect(() => cutoffAtShare([1, 2], 1)).toThrow('trainShare must be strictly between 0 and 1 (got 1)');
    expect(() => cutoffAtShare([3], 0.5)).toThrow('need at least 2 event times to split (got 1)');
    expect(() => cutoffAtShare([3, 3, 3], 0.5)).toThrow(SplitInputError);
    expect(() => splitAt([{ t: Number.NaN }], 1, (e) => e.t)).toThrow('an event has no finite time (NaN)');
  });
});
