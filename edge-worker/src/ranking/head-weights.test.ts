// Combining head probabilities into one ranking score: weight precedence
// (variant, then configuration, then defaults), configuration problems named
// up front, and an order that sorts by score and keeps retrieval order on ties.
import fc from 'fast-check';
import { DEFAULT_HEAD_WEIGHTS } from '@freshet/shared/ranking/combined-score';
import { describe, expect, it } from 'vitest';
import { combineHeads, headWeightProblems, headWeightsFor, orderByScore } from './head-weights.js';

const HEADS = ['click', 'completion', 'like'];

describe('head weights', () => {
  it('takes the variant weights, else the configured ones, else the defaults', () => {
    const configured = { click: 1, completion: 0, like: 0 };
    expect(headWeightsFor({ head_weights: { like: 1 } }, configured)).toEqual({ like: 1 });
    expect(headWeightsFor({}, configured)).toBe(configured);
    expect(headWeightsFor(undefined, configured)).toBe(configured);
    expect(headWeightsFor(undefined)).toBe(DEFAULT_HEAD_WEIGHTS);
  });

  it('names unusable weights for a model', () => {
    expect(headWeightProblems(HEADS, DEFAULT_HEAD_WEIGHTS)).toEqual([]);
    expect(headWeightProblems(HEADS, { share: 1 })).toEqual(['weight for unknown head "share" (heads: click, completion, like)']);
    expect(headWeightProblems(HEADS, { click: Number.NaN })).toEqual(['weight for head "click" must be a finite number (got NaN)']);
    expect(headWeightProblems(HEADS, { click: 0 })).toEqual(['every weight is zero for heads click, completion, like: all candidates would tie']);
  });

  it('scores each row as Σ weight × probability; heads without a weight count 0', () => {
    const p = Float32Array.of(0.5, 0.25, 1, 0, 1, 0);
    expect(Array.from(combineHeads(HEADS, p, 2, { click: 2, like: 1 }))).toEqual([2, 0]);
    expect(() => combineHeads(HEADS, p, 3, DEFAULT_HEAD_WEIGHTS)).toThrow('probabilities hold 6 values, 3 rows need 9');
    expect(() => combineHeads(HEADS, p, 2, { share: 1 })).toThrow(RangeError);
  });

  it('orders rows by descending score, ties in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), (values) => {
        const scores = Float64Array.from(values, (v) => v / 5);
        const order = Array.from(orderByScore(scores));
        expect([...order].sort((a, b) => a - b)).toEqual(values.map((_, i) => i));
        for (let i = 1; i < order.length; i++) {
          const [prev, cur] = [order[i - 1]!, order[i]!];
          expect(scores[prev]! > scores[cur]! || (scores[prev] === scores[cur] && prev < cur)).toBe(true);
        }
      }),
    );
  });
});
