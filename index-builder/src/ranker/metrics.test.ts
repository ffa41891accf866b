import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, column, logLoss } from './metrics.js';

describe('AUC', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('equals the share of (positive, negative) pairs ranked right, ties counting half (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }), (pairs) => {
        const scores = pairs.map(([s]) => s);
        const labels = pairs.map(([, l]) => (l ? 1 : 0));
        let right = 0;
        let total = 0;
        for (let i = 0; i < pairs.length; i++) for (let j = 0; j < pairs.length; j++) {
          if (labels[i] === 1 && labels[j] === 0) {
            total++;
            right += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
          }
        }
        const value = auc(scores, labels);
        if (total === 0) expect(value).toBeNaN();
        else expect(value).toBeCloseTo(right / total, 12);
      }),
    );
  });

  it('rejects mismatched lengths', () => {
    expect(() => auc([1, 2], [1])).toThrow('scores (2) and labels (1) differ in length');
  });
});

describe('log loss', () => {
  it('is −mean log p(label), clipped away from 0 and 1', () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 12);
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-7), 6);
    expect(logLoss([], [])).toBeNaN();
    expect(() => logLoss([0.5], [])).toThrow('differ in length');
  });

  it('reads a column of a row-major matrix', () => {
    expect(Array.from(column(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, 1))).toEqual([2, 5]);
  });
});
