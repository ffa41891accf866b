import { describe, expect, it } from 'vitest';
import { forwardRanker } from '@freshet/shared/ranking/index';
import { auc, column } from './metrics.js';
import { Rng } from '@freshet/shared/synthetic';
import { trainMlp, type MlpData } from './train-mlp.js';

/** Three heads over 6 features: head 0 linear, head 1 an XOR (needs the hidden layer), head 2 = head 0 AND feature 5. */
function synthetic(rows: number, seed: number): MlpData {
  const rng = Rng.for(seed, 'test-data');
  const cols = 6;
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) x[r * cols + c] = c < 3 ? rng.normal() * 10 + 50 : rng.next() < 0.5 ? 1 : 0;
    const a = x[r * cols]! - 50 + rng.normal() * 3 > 0 ? 1 : 0;
    y[r * 3] = a;
    y[r * 3 + 1] = (x[r * cols + 3]! ^ x[r * cols + 4]!) === 1 ? 1 : 0;
    y[r * 3 + 2] = a && x[r * cols + 5] ? 1 : 0;
  }
  const cut = Math.floor(rows * 0.8);
  return {
    x: { rows, cols, data: x }, y, heads: ['a', 'xor', 'and'], schemaHash: 'test',
    train: Uint32Array.from({ length: cut }, (_, i) => i), validation: Uint32Array.from({ length: rows - cut }, (_, i) => cut + i),
  };
}

describe('MLP training', () => {
  const data = synthetic(3000, 1);
  const held = (model: ReturnType<typeof trainMlp>['model']) => {
    const rows = data.validation.length;
    const p = forwardRanker(model, data.x.data.slice(data.validation[0]! * data.x.cols), rows);
    const labels = data.y.slice(data.validation[0]! * 3);
    return [0, 1, 2].map((h) => auc(column(p, rows, 3, h), column(labels, rows, 3, h)));
  };

  it('learns every head; the folded model takes raw (unstandardised) inputs', () => {
    const result = trainMlp(data, { hidden: [16], epochs: 30, seed: 3, learningRate: 5e-3 });
    const [a, xor, and] = held(result.model);
    expect(a).toBeGreaterThan(0.9);
    expect(xor).toBeGreaterThan(0.95);
    expect(and).toBeGreaterThan(0.9);
    expect(result.model.heads).toEqual(['a', 'xor', 'and']);
  });

  it('without a hidden layer (logistic regression) cannot learn the XOR head', () => {
    const [, xor] = held(trainMlp(data, { hidden: [], epochs: 10, seed: 3, learningRate: 1e-2 }).model);
    expect(xor).toBeLessThan(0.6);
  });

  it('is deterministic for a seed', () => {
    const one = trainMlp(data, { hidden: [8], epochs: 2, seed: 11 });
    const two = trainMlp(data, { hidden: [8], epochs: 2, seed: 11 });
    expect(Array.from(one.model.trunk[0]!.weights)).toEqual(Array.from(two.model.trunk[0]!.weights));
  });

  it('rejects labels of the wrong size and an empty training set', () => {
    expect(() => trainMlp({ ...data, y: new Float32Array(5) }, { hidden: [4], epochs: 1, seed: 1 })).toThrow('labels hold 5 values, 3000 rows × 3 heads need 9000');
    expect(() => trainMlp({ ...data, train: new Uint32Array(0) }, { hidden: [4], epochs: 1, seed: 1 })).toThrow('no training rows');
  });
});
