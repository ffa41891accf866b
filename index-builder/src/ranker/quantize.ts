// Optional int8 weights for the ranker: symmetric, per output column
// (scale = max |w| / 127 per column, zero point 0), as ONNX's
// DequantizeLinear computes them back (axis 1). Biases stay float32. The
// dequantized model is the TypeScript reference for the quantized export,
// and its accuracy is measured against the float model.
import type { DenseLayer, RankerModel } from '@freshet/shared/ranking/index';

export interface QuantizedLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Int8Array;
  /** One per output column. */
  readonly scales: Float32Array;
  readonly bias: Float32Array;
}

export function quantizeLayer(layer: DenseLayer): QuantizedLayer {
  const { inputs, outputs } = layer;
  const scales = new Float32Array(outputs);
  for (let j = 0; j < outputs; j++) {
    let max = 0;
    for (let i = 0; i < inputs; i++) max = Math.max(max, Math.abs(layer.weights[i * outputs + j]!));
    scales[j] = max > 0 ? max / 127 : 1;
  }
  const weights = new Int8Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < outputs; j++) {
      // ONNX QuantizeLinear rounds half to even; any rounding works here because only the dequantized values must agree.
      weights[i * outputs + j] = Math.max(-127, Math.min(127, Math.round(layer.weights[i * outputs + j]! / scales[j]!)));
    }
  }
  return { inputs, outputs, weights, scales, bias: layer.bias };
}

/** What DequantizeLinear yields: int8 × scale, in float32. */
export function dequantizeLayer(q: QuantizedLayer): DenseLayer {
  const weights = new Float32Array(q.inputs * q.outputs);
  for (let i = 0; i < q.inputs; i++) for (let j = 0; j < q.outputs; j++) weights[i * q.outputs + j] = q.weights[i * q.outputs + j]! * q.scales[j]!;
  return { inputs: q.inputs, outputs: q.outputs, weights, bias: q.bias };
}

/** The model as the int8 export computes it. */
export function dequantizedModel(model: RankerModel): RankerModel {
  return { ...model, trunk: model.trunk.map((l) => dequantizeLayer(quantizeLayer(l))), output: dequantizeLayer(quantizeLayer(model.output)) };
}
