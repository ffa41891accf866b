// Writes the ranker as an ONNX ModelProto from TypeScript (onnx-proto): one
// input "features" [N, F] float32, one output "probabilities" [N, heads];
// per layer a Gemm (W as [in, out], bias broadcast) followed by Relu, the
// last by Sigmoid. With `int8`, each weight matrix is an int8 initializer
// with per-column scales behind a DequantizeLinear (axis 1, opset 13).
// The feature-schema hash and head names travel in the model's metadata.
import onnxProto, { type onnx as Onnx } from 'onnx-proto';
import { assertRankerModel, type DenseLayer, type RankerModel } from '@freshet/shared/ranking/index';
import { quantizeLayer } from './quantize.js';

const { onnx } = onnxProto;

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'probabilities';
export const ONNX_OPSET = 13;

export interface OnnxExportOptions {
  /** int8 weights with per-column scales (about 4× smaller weights); default false. */
  readonly int8?: boolean;
  /** Written to the model's metadata (ranker_version). */
  readonly version?: string;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT8 = onnx.TensorProto.DataType.INT8;

function floatTensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: FLOAT, rawData: raw };
}

function valueInfo(name: string, dims: (number | string)[]): Onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export function exportRankerOnnx(model: RankerModel, options: OnnxExportOptions = {}): Uint8Array {
  assertRankerModel(model);
  const nodes: Onnx.INodeProto[] = [];
  const initializers: Onnx.ITensorProto[] = [];
  const layers: DenseLayer[] = [...model.trunk, model.output];
  let input = ONNX_INPUT;
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    const prefix = last ? 'head' : `trunk${l}`;
    const weights = `${prefix}.weight`;
    if (options.int8) {
      const q = quantizeLayer(layer);
      initializers.push(
        { name: `${prefix}.weight_int8`, dims: [layer.inputs, layer.outputs], dataType: INT8, rawData: new Uint8Array(q.weights.buffer, q.weights.byteOffset, q.weights.byteLength) },
        floatTensor(`${prefix}.weight_scale`, [layer.outputs], q.scales),
        { name: `${prefix}.weight_zero`, dims: [layer.outputs], dataType: INT8, rawData: new Uint8Array(layer.outputs) },
      );
      nodes.push({
        name: `${prefix}.dequantize`, opType: 'DequantizeLinear', input: [`${prefix}.weight_int8`, `${prefix}.weight_scale`, `${prefix}.weight_zero`], output: [weights],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
      });
    } else {
      initializers.push(floatTensor(weights, [layer.inputs, layer.outputs], layer.weights));
    }
    initializers.push(floatTensor(`${prefix}.bias`, [layer.outputs], layer.bias));
    const linear = `${prefix}.linear`;
    nodes.push({ name: `${prefix}.gemm`, opType: 'Gemm', input: [input, weights, `${prefix}.bias`], output: [linear] });
    const activated = last ? ONNX_OUTPUT : `${prefix}.relu`;
    nodes.push({ name: `${prefix}.${last ? 'sigmoid' : 'relu'}`, opType: last ? 'Sigmoid' : 'Relu', input: [linear], output: [activated] });
    input = activated;
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'freshet-index-builder',
    producerVersion: '1',
    graph: {
      name: 'freshet_ranker',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['N', model.featureCount])],
      output: [valueInfo(ONNX_OUTPUT, ['N', model.heads.length])],
    },
    metadataProps: [
      { key: 'feature_schema_hash', value: model.schemaHash },
      { key: 'heads', value: model.heads.join(',') },
      { key: 'weights', value: options.int8 ? 'int8-per-column' : 'float32' },
      ...(options.version === undefined ? [] : [{ key: 'ranker_version', value: options.version }]),
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}
