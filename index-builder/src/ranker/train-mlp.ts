// Trains the multi-task MLP (shared ReLU trunk, one sigmoid per head) with
// Adam on the summed binary cross-entropy of the heads, in plain TypeScript
// over Float32Array matrices. Seeded: the same data and seed give the same
// model. Inputs are standardised during training and the standardisation is
// folded into the first layer afterwards, so the exported model consumes the
// assembled feature vector as it is.
import { assertRankerModel, sigmoid, type DenseLayer, type RankerModel } from '@freshet/shared/ranking/index';
import { logLoss } from './metrics.js';
import { Rng } from '@freshet/shared/synthetic';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major. */
  readonly data: Float32Array;
}

export interface MlpTrainingOptions {
  /** Trunk widths; [] trains one logistic regression per head. */
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** L2 penalty on weights (not biases). */
  readonly l2?: number;
  readonly seed: number;
  /** Epochs without a better validation loss before stopping (default 3). */
  readonly patience?: number;
  readonly onEpoch?: (epoch: number, trainLoss: number, validationLoss: number) => void;
}

export interface MlpTrainingResult {
  readonly model: RankerModel;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly validationLoss: number;
}

interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly gw: Float64Array;
  readonly gb: Float64Array;
  readonly mw: Float64Array; readonly vw: Float64Array; readonly mb: Float64Array; readonly vb: Float64Array;
}

function createLayer(inputs: number, outputs: number, rng: Rng, relu: boolean): Layer {
  const scale = Math.sqrt((relu ? 2 : 1) / inputs);
  const w = Float64Array.from({ length: inputs * outputs }, () => rng.normal() * scale);
  const zeros = () => new Float64Array(inputs * outputs);
  const zb = () => new Float64Array(outputs);
  return { inputs, outputs, w, b: zb(), gw: zeros(), gb: zb(), mw: zeros(), vw: zeros(), mb: zb(), vb: zb() };
}

export interface Standardisation {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

export function standardisation(x: Matrix): Standardisation {
  const mean = new Float64Array(x.cols);
  const sq = new Float64Array(x.cols);
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < x.cols; c++) {
      const v = x.data[r * x.cols + c]!;
      mean[c]! += v;
      sq[c]! += v * v;
    }
  }
  const std = new Float64Array(x.cols);
  for (let c = 0; c < x.cols; c++) {
    mean[c]! /= Math.max(1, x.rows);
    const variance = sq[c]! / Math.max(1, x.rows) - mean[c]! ** 2;
    // A constant column (e.g. a device never seen in training) passes through unscaled; a rare
    // one is scaled by at most 10×, so a value common later (a shift in time) cannot dominate.
    std[c] = variance > 1e-10 ? Math.max(0.1, Math.sqrt(variance)) : 1;
  }
  return { mean, std };
}

/** A network in training: layers over standardised inputs. */
class Network {
  readonly layers: Layer[];
  /** Activations per layer for one batch: acts[0] = input. */
  private readonly acts: Float64Array[];
  private readonly deltas: Float64Array[];

  constructor(inputs: number, hidden: readonly number[], heads: number, rng: Rng, readonly batch: number) {
    const sizes = [inputs, ...hidden, heads];
    this.layers = sizes.slice(1).map((out, i) => createLayer(sizes[i]!, out, rng, i < hidden.length));
    this.acts = sizes.map((s) => new Float64Array(batch * s));
    this.deltas = sizes.map((s) => new Float64Array(batch * s));
  }

  /** Loads rows into the input activations (standardised); returns the batch size. */
  load(x: Matrix, norm: Standardisation, rows: ArrayLike<number>, from: number, to: number): number {
    const input = this.acts[0]!;
    const f = x.cols;
    for (let r = from; r < to; r++) {
      const src = rows[r]! * f;
      const dst = (r - from) * f;
      for (let c = 0; c < f; c++) input[dst + c] = (x.data[src + c]! - norm.mean[c]!) / norm.std[c]!;
    }
    return to - from;
  }

  /** Forward over the loaded batch; returns the head probabilities' activation buffer. */
  forward(n: number): Float64Array {
    const last = this.layers.length - 1;
    this.layers.forEach((layer, l) => {
      const x = this.acts[l]!;
      const y = this.acts[l + 1]!;
      const { inputs, outputs, w, b } = layer;
      for (let r = 0; r < n; r++) {
        const yo = r * outputs;
        for (let j = 0; j < outputs; j++) y[yo + j] = b[j]!;
        const xo = r * inputs;
        for (let i = 0; i < inputs; i++) {
          const xi = x[xo + i]!;
          if (xi === 0) continue;
          const wo = i * outputs;
          for (let j = 0; j < outputs; j++) y[yo + j]! += xi * w[wo + j]!;
        }
        for (let j = 0; j < outputs; j++) {
          const z = y[yo + j]!;
          y[yo + j] = l === last ? sigmoid(z) : z > 0 ? z : 0;
        }
      }
    });
    return this.acts[this.layers.length]!;
  }

  /** Backward pass for BCE summed over heads, averaged over the batch; accumulates into gw/gb. */
  backward(n: number, y: Float32Array, rows: ArrayLike<number>, from: number, l2: number): void {
    const L = this.layers.length;
    const heads = this.layers[L - 1]!.outputs;
    const p = this.acts[L]!;
    const top = this.deltas[L]!;
    for (let r = 0; r < n; r++) for (let h = 0; h < heads; h++) top[r * heads + h] = (p[r * heads + h]! - y[rows[from + r]! * heads + h]!) / n;
    for (let l = L - 1; l >= 0; l--) {
      const layer = this.layers[l]!;
      const { inputs, outputs, w, gw, gb } = layer;
      const x = this.acts[l]!;
      const dy = this.deltas[l + 1]!;
      const dx = this.deltas[l]!;
      gw.fill(0);
      gb.fill(0);
      for (let r = 0; r < n; r++) {
        const yo = r * outputs;
        const xo = r * inputs;
        for (let j = 0; j < outputs; j++) gb[j]! += dy[yo + j]!;
        for (let i = 0; i < inputs; i++) {
          const xi = x[xo + i]!;
          const wo = i * outputs;
          let back = 0;
          for (let j = 0; j < outputs; j++) {
            const d = dy[yo + j]!;
            gw[wo + j]! += xi * d;
            back += w[wo + j]! * d;
          }
          // ReLU derivative of the layer below (input activations of layer 0 need no delta).
          if (l > 0) dx[xo + i] = x[xo + i]! > 0 ? back : 0;
        }
      }
      if (l2 > 0) for (let k = 0; k < w.length; k++) gw[k]! += l2 * w[k]!;
    }
  }

  adam(step: number, lr: number): void {
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    const update = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array) => {
      for (let k = 0; k < p.length; k++) {
        m[k] = b1 * m[k]! + (1 - b1) * g[k]!;
        v[k] = b2 * v[k]! + (1 - b2) * g[k]! ** 2;
        p[k]! -= (lr * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + 1e-8);
      }
    };
    for (const layer of this.layers) {
      update(layer.w, layer.gw, layer.mw, layer.vw);
      update(layer.b, layer.gb, layer.mb, layer.vb);
    }
  }

  snapshot(): { w: Float64Array; b: Float64Array }[] {
    return this.layers.map((l) => ({ w: l.w.slice(), b: l.b.slice() }));
  }
}

/** Mean summed-over-heads BCE of the network over rows [0, count) of `order`. */
function evaluate(net: Network, x: Matrix, y: Float32Array, norm: Standardisation, order: ArrayLike<number>, heads: number): number {
  let total = 0;
  for (let from = 0; from < order.length; from += net.batch) {
    const n = net.load(x, norm, order, from, Math.min(order.length, from + net.batch));
    const p = net.forward(n);
    for (let h = 0; h < heads; h++) {
      const ph = new Float64Array(n);
      const yh = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        ph[r] = p[r * heads + h]!;
        yh[r] = y[order[from + r]! * heads + h]!;
      }
      total += logLoss(ph, yh) * n;
    }
  }
  return total / Math.max(1, order.length);
}

/** Turns trained layers over standardised inputs into a RankerModel over raw inputs. */
function fold(layers: readonly { w: Float64Array; b: Float64Array }[], shapes: readonly Layer[], norm: Standardisation, heads: readonly string[], schemaHash: string): RankerModel {
  const dense: DenseLayer[] = layers.map((params, l) => {
    const { inputs, outputs } = shapes[l]!;
    const weights = new Float32Array(inputs * outputs);
    const bias = new Float32Array(outputs);
    for (let j = 0; j < outputs; j++) bias[j] = params.b[j]!;
    if (l === 0) {
      // x' = (x − mean) / std  ⇒  x'·W + b = x·(W / std) + (b − Σ mean·W / std)
      const b = Float64Array.from(params.b);
      for (let i = 0; i < inputs; i++) {
        for (let j = 0; j < outputs; j++) {
          const wi = params.w[i * outputs + j]! / norm.std[i]!;
          weights[i * outputs + j] = wi;
          b[j]! -= norm.mean[i]! * wi;
        }
      }
      for (let j = 0; j < outputs; j++) bias[j] = b[j]!;
    } else {
      for (let k = 0; k < weights.length; k++) weights[k] = params.w[k]!;
    }
    return { inputs, outputs, weights, bias };
  });
  const model: RankerModel = { schemaHash, featureCount: shapes[0]!.inputs, heads: [...heads], trunk: dense.slice(0, -1), output: dense.at(-1)! };
  assertRankerModel(model);
  return model;
}

export interface MlpData {
  readonly x: Matrix;
  /** Row-major [rows × heads] 0/1 labels. */
  readonly y: Float32Array;
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly heads: readonly string[];
  readonly schemaHash: string;
}

export function trainMlp(data: MlpData, options: MlpTrainingOptions): MlpTrainingResult {
  const { x, y, heads } = data;
  const k = heads.length;
  if (y.length !== x.rows * k) throw new RangeError(`labels hold ${y.length} values, ${x.rows} rows × ${k} heads need ${x.rows * k}`);
  if (data.train.length === 0) throw new RangeError('no training rows');
  const rng = Rng.for(options.seed, 'train-mlp');
  const batchSize = options.batchSize ?? 256;
  const lr = options.learningRate ?? 2e-3;
  const l2 = options.l2 ?? 1e-5;
  const patience = options.patience ?? 3;
  const norm = standardisation({ rows: data.train.length, cols: x.cols, data: gather(x, data.train) });
  const net = new Network(x.cols, options.hidden, k, rng, batchSize);
  // Output biases start at the base rates' log-odds: the first epochs then learn signal, not priors.
  const out = net.layers.at(-1)!;
  for (let h = 0; h < k; h++) {
    let positives = 0;
    for (const r of data.train) positives += y[r * k + h]!;
    const rate = Math.min(0.999, Math.max(0.001, positives / data.train.length));
    out.b[h] = Math.log(rate / (1 - rate));
  }
  const validation = data.validation.length > 0 ? data.validation : data.train;
  let best = { loss: Infinity, epoch: 0, params: net.snapshot() };
  let step = 0;
  let epoch = 0;
  const order = Uint32Array.from(data.train);
  while (epoch < options.epochs) {
    epoch++;
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let trainLoss = 0;
    for (let from = 0; from < order.length; from += batchSize) {
      const to = Math.min(order.length, from + batchSize);
      const n = net.load(x, norm, order, from, to);
      const p = net.forward(n);
      for (let r = 0; r < n; r++) {
        for (let h = 0; h < k; h++) {
          const q = Math.min(1 - 1e-7, Math.max(1e-7, p[r * k + h]!));
          trainLoss -= y[order[from + r]! * k + h]! > 0.5 ? Math.log(q) : Math.log(1 - q);
        }
      }
      net.backward(n, y, order, from, l2);
      net.adam(++step, lr);
    }
    const validationLoss = evaluate(net, x, y, norm, validation, k);
    options.onEpoch?.(epoch, trainLoss / order.length, validationLoss);
    if (validationLoss < best.loss - 1e-5) best = { loss: validationLoss, epoch, params: net.snapshot() };
    else if (epoch - best.epoch >= patience) break;
  }
  return { model: fold(best.params, net.layers, norm, heads, data.schemaHash), epochs: epoch, bestEpoch: best.epoch, validationLoss: best.loss };
}

/** The given rows of a matrix, as a new row-major array. */
export function gather(x: Matrix, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * x.cols);
  for (let r = 0; r < rows.length; r++) out.set(x.data.subarray(rows[r]! * x.cols, (rows[r]! + 1) * x.cols), r * x.cols);
  return out;
}
