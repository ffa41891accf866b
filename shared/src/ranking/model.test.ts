import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAD_WEIGHTS, addCoVisitationPrior, combinedScores, coVisitationPrior, headWeightVector } from './combined-score.js';
import { decodeRankerModel, encodeRankerModel } from './model-codec.js';
import { RANKER_HEADS, RankerModelError, assertRankerModel, forwardRanker, sigmoid, type RankerModel } from './model.js';

/** A small seeded model (xorshift weights in [−1, 1]). */
function randomModel(features: number, hidden: readonly number[], seed = 1): RankerModel {
  let s = seed;
  const next = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), ((s >>> 0) / 2 ** 32) * 2 - 1);
  const layer = (inputs: number, outputs: number) => ({
    inputs, outputs, weights: Float32Array.from({ length: inputs * outputs }, next), bias: Float32Array.from({ length: outputs }, next),
  });
  const sizes = [features, ...hidden];
  return {
    schemaHash: 'fs1-test', featureCount: features, heads: [...RANKER_HEADS],
    trunk: hidden.map((h, i) => layer(sizes[i]!, h)), output: layer(sizes.at(-1)!, RANKER_HEADS.length),
  };
}

describe('reference forward pass', () => {
  it('computes sigmoid(relu(x·W1 + b1)·W2 + b2) per head', () => {
    const model: RankerModel = {
      schemaHash: 'h', featureCount: 2, heads: ['a', 'b'],
      trunk: [{ inputs: 2, outputs: 2, weights: Float32Array.of(1, -1, 2, 1), bias: Float32Array.of(0, 0.5) }],
      output: { inputs: 2, outputs: 2, weights: Float32Array.of(1, 0, 0, -2), bias: Float32Array.of(0.25, 0) },
    };
    // x = (1, 2): hidden = relu(1·1 + 2·2, 1·−1 + 2·1 + 0.5) = (5, 1.5); logits = (5.25, −3).
    const out = forwardRanker(model, Float32Array.of(1, 2, 0, 0), 2);
    expect(out[0]).toBeCloseTo(sigmoid(5.25), 6);
    expect(out[1]).toBeCloseTo(sigmoid(-3), 6);
    // x = 0: hidden = relu(0, 0.5); logits = (0.25, −1).
    expect(out[2]).toBeCloseTo(sigmoid(0.25), 6);
    expect(out[3]).toBeCloseTo(sigmoid(-1), 6);
  });

  it('scores rows independently (a batch equals its rows one by one)', () => {
    const model = randomModel(7, [5, 4]);
    fc.assert(
      fc.property(fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 21, maxLength: 21 }), (xs) => {
        const batch = forwardRanker(model, Float32Array.from(xs), 3);
        for (let r = 0; r < 3; r++) {
          const one = forwardRanker(model, Float32Array.from(xs.slice(r * 7, r * 7 + 7)), 1);
          expect(Array.from(batch.subarray(r * 3, r * 3 + 3))).toEqual(Array.from(one));
        }
      }),
    );
  });

  it('is numerically stable for huge logits and rejects short inputs', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(() => forwardRanker(randomModel(4, [3]), new Float32Array(7), 2)).toThrow('inputs hold 7 floats, 2 rows need 8');
    expect(() => forwardRanker(randomModel(4, [3]), new Float32Array(8), -1)).toThrow(RangeError);
  });

  it('validates shapes and numbers with precise messages', () => {
    const good = randomModel(4, [3]);
    expect(() => assertRankerModel(good)).not.toThrow();
    expect(() => assertRankerModel({ ...good, featureCount: 5 })).toThrow('trunk layer 0 takes 4 inputs but receives 5');
    expect(() => assertRankerModel({ ...good, heads: ['a', 'a', 'b'] })).toThrow('head names must be unique');
    expect(() => assertRankerModel({ ...good, heads: ['a'] })).toThrow('output layer has 3 outputs for 1 heads');
    const nan = { ...good.output, bias: Float32Array.of(0, Number.NaN, 0) };
    expect(() => assertRankerModel({ ...good, output: nan })).toThrow('output layer has a non-finite bias at index 1');
  });
});

describe('combined score', () => {
  it('is Σ weight × head probability, heads without a weight counting 0', () => {
    const probs = Float32Array.of(0.5, 0.25, 1, 0, 1, 0);
    const scores = combinedScores({ heads: RANKER_HEADS }, probs, 2);
    expect(scores[0]).toBeCloseTo(0.5 * DEFAULT_HEAD_WEIGHTS.click! + 0.25 * DEFAULT_HEAD_WEIGHTS.completion! + DEFAULT_HEAD_WEIGHTS.like!, 9);
    expect(scores[1]).toBeCloseTo(DEFAULT_HEAD_WEIGHTS.completion!, 9);
    expect(Array.from(combinedScores({ heads: RANKER_HEADS }, probs, 2, { like: 2 }))).toEqual([2, 0]);
  });

  it('rejects weights for unknown heads and non-finite weights', () => {
    expect(() => headWeightVector(RANKER_HEADS, { share: 1 })).toThrow('weight for unknown head "share"');
    expect(() => headWeightVector(RANKER_HEADS, { like: Number.NaN })).toThrow('weight for head "like" must be a finite number');
    expect(() => combinedScores({ heads: RANKER_HEADS }, new Float32Array(5), 2)).toThrow('probabilities hold 5 values, 2 rows need 6');
  });
});

describe('co-visitation prior', () => {
  it('is log1p(sum) squashed to [0, 1), increasing in the sum, and 0 without evidence (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(coVisitationPrior(lo)).toBeLessThanOrEqual(coVisitationPrior(hi));
        expect(coVisitationPrior(hi)).toBeGreaterThanOrEqual(0);
        expect(coVisitationPrior(hi)).toBeLessThan(1);
      }),
    );
    expect(coVisitationPrior(Math.E - 1)).toBeCloseTo(0.5, 9);
    for (const none of [null, undefined, 0, -3, Number.NaN, Number.POSITIVE_INFINITY]) expect(coVisitationPrior(none)).toBe(0);
  });

  it('adds weight × prior to each score in place; weight 0 leaves the scores as they are', () => {
    const scores = Float64Array.of(0.2, 0.1, 0.3);
    expect(Array.from(addCoVisitationPrior(scores, [Math.E - 1, null, 0], 0.5))).toEqual([0.2 + 0.25, 0.1, 0.3]);
    expect(Array.from(addCoVisitationPrior(Float64Array.of(0.2), [5], 0))).toEqual([0.2]);
    // The prior can reorder: an item the user's recent items co-visit overtakes a slightly likelier one.
    const order = (s: Float64Array) => Array.from(s.keys()).sort((a, b) => s[b]! - s[a]!);
    expect(order(addCoVisitationPrior(Float64Array.of(0.30, 0.28), [0, 2], 1))).toEqual([1, 0]);
  });

  it('gives an item the lists cannot know (published after the build) the mean prior of the listed rows scored nearest it', () => {
    // 30 listed rows scored 0..29, the top 15 co-visited (prior 0.5); two fresh rows scored 25.5 and 3.
    const n = 30;
    const scores = Float64Array.from({ length: n + 2 }, (_, i) => (i < n ? i : i === n ? 25.5 : 3));
    const sums = Array.from({ length: n + 2 }, (_, i) => (i >= 15 && i < n ? Math.E - 1 : i >= n ? 100 : 0));
    const out = addCoVisitationPrior(Float64Array.from(scores), sums, 1, sums.map((_, i) => i < n));
    expect(out[n]).toBeCloseTo(25.5 + 0.5, 9); // its 10 nearest listed rows (21..29 and 20) are all co-visited
    expect(out[n + 1]).toBeCloseTo(3, 9); // its 10 nearest (0..9) are not; its own sum (100) is ignored
    expect(out[20]).toBeCloseTo(20.5, 9);
  });

  it('gives the mean prior of every listed row when there are fewer than ten', () => {
    const scores = addCoVisitationPrior(Float64Array.of(0, 0, 0, 0), [Math.E - 1, 0, null, 0], 1, [true, true, true, false]);
    // Listed priors 0.5, 0, 0 → the fresh (unlisted) item gets their mean, 1/6.
    expect(Array.from(scores).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.5, 0, 0, Math.round(1e9 / 6) / 1e9]);
    expect(Array.from(addCoVisitationPrior(Float64Array.of(0.1), [3], 1, [false]))).toEqual([0.1]); // nothing listed: neutral 0
    expect(() => addCoVisitationPrior(Float64Array.of(1), [1], 1, [])).toThrow('0 listed flags for 1 scores');
  });

  it('rejects a negative or non-finite weight and mismatched lengths', () => {
    expect(() => addCoVisitationPrior(Float64Array.of(1), [1], -1)).toThrow('the co-visitation weight must be a finite number ≥ 0 (got -1)');
    expect(() => addCoVisitationPrior(Float64Array.of(1), [1], Number.NaN)).toThrow('must be a finite number');
    expect(() => addCoVisitationPrior(Float64Array.of(1, 2), [1], 1)).toThrow('1 co-visitation sums for 2 scores');
  });
});

describe('weights codec', () => {
  it('round-trips exactly', () => {
    const model = randomModel(9, [6, 4], 7);
    const decoded = decodeRankerModel(encodeRankerModel(model));
    expect(decoded).toEqual(model);
    const x = Float32Array.from({ length: 18 }, (_, i) => i / 3 - 2);
    expect(Array.from(forwardRanker(decoded, x, 2))).toEqual(Array.from(forwardRanker(model, x, 2)));
  });

  it('decodes from a view into a larger buffer', () => {
    const bytes = encodeRankerModel(randomModel(3, [2]));
    const shifted = new Uint8Array(bytes.length + 5);
    shifted.set(bytes, 5);
    expect(decodeRankerModel(shifted.subarray(5)).featureCount).toBe(3);
  });

  it('says what is wrong with a bad file', () => {
    const bytes = encodeRankerModel(randomModel(3, [2]));
    expect(() => decodeRankerModel(bytes.subarray(0, 8))).toThrow('shorter than the 12-byte preamble');
    expect(() => decodeRankerModel(Uint8Array.from([0, ...bytes.subarray(1)]))).toThrow('bad magic');
    const v2 = bytes.slice();
    v2[4] = 2;
    expect(() => decodeRankerModel(v2)).toThrow('unsupported format 2');
    expect(() => decodeRankerModel(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated or padded/);
    const json = bytes.slice();
    json[12] = 0x7d; // '}' — no longer JSON
    expect(() => decodeRankerModel(json)).toThrow(/header is not JSON/);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 4, Number.NaN, true);
    expect(() => decodeRankerModel(nan)).toThrow(RankerModelError);
    expect(() => decodeRankerModel(nan)).toThrow('output layer has a non-finite bias at index 2');
  });
});
