import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_SCHEMA_HASH, forwardRanker } from '@freshet/shared/ranking/index';
import { exportRankerOnnx } from './onnx-export.js';
import { OnnxVerificationError, runOnnx, verifyOnnx } from './onnx-verify.js';
import { dequantizedModel } from './quantize.js';
import { randomInputs, randomModel } from './test-models.js';

const { onnx } = onnxProto;

describe('ONNX export', () => {
  const model = { ...randomModel(FEATURE_COUNT, [64], 3), schemaHash: FEATURE_SCHEMA_HASH };
  const inputs = randomInputs(500, FEATURE_COUNT);

  it('writes one [N, F] float input, one [N, heads] output, opset 13, and the schema hash in the metadata', () => {
    const proto = onnx.ModelProto.decode(exportRankerOnnx(model, { version: 'r-1' }));
    const graph = proto.graph as InstanceType<typeof onnx.GraphProto>;
    expect(Number(proto.opsetImport[0]!.version)).toBe(13);
    expect(graph.input.map((i) => i.name)).toEqual(['features']);
    expect(graph.output.map((o) => o.name)).toEqual(['probabilities']);
    expect(graph.input[0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', FEATURE_COUNT]);
    expect(graph.node.map((n) => n.opType)).toEqual(['Gemm', 'Relu', 'Gemm', 'Sigmoid']);
    const metadata = Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value]));
    expect(metadata).toEqual({ feature_schema_hash: FEATURE_SCHEMA_HASH, heads: 'click,completion,like', weights: 'float32', ranker_version: 'r-1' });
  });

  it('runs in onnxruntime-web with the same output as the TypeScript reference (500 candidates, two trunk depths)', async () => {
    const verified = await verifyOnnx(exportRankerOnnx(model), model, inputs);
    expect(verified.rows).toBe(500);
    expect(verified.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const deep = randomModel(FEATURE_COUNT, [32, 16], 5);
    expect((await verifyOnnx(exportRankerOnnx(deep), deep, inputs)).maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it('fails verification when the export does not compute the model', async () => {
    const other = randomModel(FEATURE_COUNT, [64], 4);
    await expect(verifyOnnx(exportRankerOnnx(other), model, inputs)).rejects.toThrow(OnnxVerificationError);
    await expect(verifyOnnx(exportRankerOnnx(other), model, inputs)).rejects.toThrow(/row 0, head click: onnxruntime .* vs reference/);
    // One flipped weight byte is enough to be caught.
    const bytes = exportRankerOnnx(model);
    const tampered = bytes.slice();
    const proto = onnx.ModelProto.decode(bytes);
    const raw = (proto.graph as InstanceType<typeof onnx.GraphProto>).initializer[0]!.rawData;
    const at = indexOf(bytes, raw!.subarray(0, 16));
    tampered[at + 3] = tampered[at + 3]! ^ 0x40;
    await expect(verifyOnnx(tampered, model, inputs)).rejects.toThrow(OnnxVerificationError);
  });

  it('rejects samples that are not whole rows, and bytes that are not a model', async () => {
    await expect(verifyOnnx(exportRankerOnnx(model), model, new Float32Array(FEATURE_COUNT + 1))).rejects.toThrow(`whole number of ${FEATURE_COUNT}-float rows`);
    await expect(verifyOnnx(Uint8Array.of(1, 2, 3), model, inputs)).rejects.toThrow(/onnxruntime cannot run the model/);
  });

  it('int8 weights: ORT equals the dequantized reference, and stays close to the float model', async () => {
    const bytes = exportRankerOnnx(model, { int8: true });
    expect(bytes.length).toBeLessThan(exportRankerOnnx(model).length / 2.5);
    expect((await verifyOnnx(bytes, dequantizedModel(model), inputs)).maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const float = forwardRanker(model, inputs, 500);
    const int8 = await runOnnx(bytes, inputs, 500, FEATURE_COUNT);
    let max = 0;
    for (let i = 0; i < float.length; i++) max = Math.max(max, Math.abs(float[i]! - int8[i]!));
    expect(max).toBeLessThan(0.02);
  });
});

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('needle not found');
}
