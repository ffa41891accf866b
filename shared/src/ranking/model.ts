// The ranker model and its TypeScript reference forward pass: a multi-task
// MLP — a shared trunk of dense ReLU layers, then one dense layer with a
// sigmoid per head (R11: click/start, completion, like). The ONNX export
// computes exactly this; the edge falls back to this function when the ONNX
// runtime is unavailable, and the export is verified against it.

export const RANKER_HEADS = ['click', 'completion', 'like'] as const;
export type RankerHead = (typeof RANKER_HEADS)[number];

/** y = x·W + b with W stored row-major as [inputs × outputs] (ONNX Gemm's B without transposition). */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

export interface RankerModel {
  /** The feature-schema hash the model was trained for (feature-schema.ts). */
  readonly schemaHash: string;
  readonly featureCount: number;
  /** Output column order. */
  readonly heads: readonly string[];
  /** Dense layers, each followed by ReLU. */
  readonly trunk: readonly DenseLayer[];
  /** Dense layer to one logit per head, followed by a sigmoid. */
  readonly output: DenseLayer;
}

export class RankerModelError extends Error {
  override readonly name = 'RankerModelError';
}

/** Every problem with a model's shapes and numbers, or [] when it is usable. */
export function rankerModelProblems(model: RankerModel): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(model.featureCount) || model.featureCount < 1) problems.push(`featureCount must be a positive integer (got ${model.featureCount})`);
  if (model.heads.length < 1) problems.push('a model needs at least one head');
  if (new Set(model.heads).size !== model.heads.length) problems.push(`head names must be unique (got ${model.heads.join(', ')})`);
  const layers = [...model.trunk, model.output];
  let inputs = model.featureCount;
  layers.forEach((layer, i) => {
    const what = i < model.trunk.length ? `trunk layer ${i}` : 'output layer';
    if (layer.inputs !== inputs) problems.push(`${what} takes ${layer.inputs} inputs but receives ${inputs}`);
    if (!Number.isInteger(layer.outputs) || layer.outputs < 1) problems.push(`${what} must have a positive number of outputs (got ${layer.outputs})`);
    if (layer.weights.length !== layer.inputs * layer.outputs) problems.push(`${what} has ${layer.weights.length} weights, expected ${layer.inputs}×${layer.outputs}`);
    if (layer.bias.length !== layer.outputs) problems.push(`${what} has ${layer.bias.length} biases, expected ${layer.outputs}`);
    const badWeight = layer.weights.findIndex((w) => !Number.isFinite(w));
    if (badWeight >= 0) problems.push(`${what} has a non-finite weight at index ${badWeight}`);
    const badBias = layer.bias.findIndex((w) => !Number.isFinite(w));
    if (badBias >= 0) problems.push(`${what} has a non-finite bias at index ${badBias}`);
    inputs = layer.outputs;
  });
  if (model.output.outputs !== model.heads.length) problems.push(`output layer has ${model.output.outputs} outputs for ${model.heads.length} heads`);
  return problems;
}

export function assertRankerModel(model: RankerModel): void {
  const problems = rankerModelProblems(model);
  if (problems.length > 0) throw new RankerModelError(`invalid ranker model: ${problems.join('; ')}`);
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * One dense layer over `rows` rows; sums in double precision, results rounded to float32 (as ONNX
 * runtimes store activations). `activation` 0 = none, 1 = ReLU, 2 = sigmoid.
 */
function dense(layer: DenseLayer, x: Float32Array, rows: number, activation: 0 | 1 | 2, out: Float32Array): void {
  const { inputs, outputs, weights, bias } = layer;
  const acc = new Float64Array(outputs);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < outputs; j++) acc[j] = bias[j]!;
    const xo = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xo + i]!;
      if (xi === 0) continue;
      const wo = i * outputs;
      for (let j = 0; j < outputs; j++) acc[j]! += xi * weights[wo + j]!;
    }
    const oo = r * outputs;
    for (let j = 0; j < outputs; j++) {
      const z = acc[j]!;
      out[oo + j] = activation === 1 ? (z > 0 ? z : 0) : activation === 2 ? sigmoid(z) : z;
    }
  }
}

/**
 * Head probabilities for `rows` input rows ([rows × featureCount], row-major): returns
 * [rows × heads], row-major. Allocates per call (per request), never per row.
 */
export function forwardRanker(model: RankerModel, inputs: Float32Array, rows: number, out?: Float32Array): Float32Array {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer (got ${rows})`);
  if (inputs.length < rows * model.featureCount) {
    throw new RangeError(`inputs hold ${inputs.length} floats, ${rows} rows need ${rows * model.featureCount}`);
  }
  let x = inputs;
  for (const layer of model.trunk) {
    const h = new Float32Array(rows * layer.outputs);
    dense(layer, x, rows, 1, h);
    x = h;
  }
  const result = out !== undefined && out.length >= rows * model.heads.length ? out : new Float32Array(rows * model.heads.length);
  dense(model.output, x, rows, 2, result);
  return result;
}
