// Verifies an exported ranker: onnxruntime-web (the runtime the edge uses)
// runs the ONNX bytes and its output must equal the TypeScript reference
// forward pass within a tolerance, on every sample row. Also checks the
// declared input/output names and the schema hash in the metadata... the
// parts of the export the edge relies on.
import * as ort from 'onnxruntime-web';
import { forwardRanker, type RankerModel } from '@freshet/shared/ranking/index';
import { ONNX_INPUT, ONNX_OUTPUT } from './onnx-export.js';

export interface OnnxVerification {
  readonly rows: number;
  /** Largest |ORT − reference| over every head of every row. */
  readonly maxAbsDiff: number;
  readonly tolerance: number;
}

export class OnnxVerificationError extends Error {
  override readonly name = 'OnnxVerificationError';
}

let configured = false;
/** One thread, no proxy worker: Node tests and tools need neither, and threads need cross-origin isolation in browsers. */
function configure(): void {
  if (configured) return;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  configured = true;
}

/** Runs the ONNX model on `rows` rows of `inputs` ([rows × featureCount]); returns [rows × heads]. */
export async function runOnnx(bytes: Uint8Array, inputs: Float32Array, rows: number, featureCount: number): Promise<Float32Array> {
  configure();
  const session = await ort.InferenceSession.create(bytes);
  try {
    if (!session.inputNames.includes(ONNX_INPUT) || !session.outputNames.includes(ONNX_OUTPUT)) {
      throw new OnnxVerificationError(`expected input "${ONNX_INPUT}" and output "${ONNX_OUTPUT}", got [${session.inputNames.join(', ')}] → [${session.outputNames.join(', ')}]`);
    }
    const feeds = { [ONNX_INPUT]: new ort.Tensor('float32', inputs.subarray(0, rows * featureCount), [rows, featureCount]) };
    const result = await session.run(feeds);
    return result[ONNX_OUTPUT]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/**
 * Throws an OnnxVerificationError naming the first row and head that differ by more than
 * `tolerance` (default 1e-5) between onnxruntime and the reference forward pass of `model`.
 */
export async function verifyOnnx(bytes: Uint8Array, model: RankerModel, samples: Float32Array, tolerance = 1e-5): Promise<OnnxVerification> {
  const f = model.featureCount;
  if (samples.length === 0 || samples.length % f !== 0) {
    throw new OnnxVerificationError(`samples must be a non-empty whole number of ${f}-float rows (got ${samples.length} floats)`);
  }
  const rows = samples.length / f;
  const expected = forwardRanker(model, samples, rows);
  let actual: Float32Array;
  try {
    actual = await runOnnx(bytes, samples, rows, f);
  } catch (error) {
    if (error instanceof OnnxVerificationError) throw error;
    throw new OnnxVerificationError(`onnxruntime cannot run the model: ${(error as Error).message}`);
  }
  if (actual.length !== expected.length) {
    throw new OnnxVerificationError(`onnxruntime returned ${actual.length} values, the reference ${expected.length} (${rows} rows × ${model.heads.length} heads)`);
  }
  let maxAbsDiff = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= tolerance)) {
      const row = Math.floor(i / model.heads.length);
      throw new OnnxVerificationError(
        `row ${row}, head ${model.heads[i % model.heads.length]}: onnxruntime ${actual[i]} vs reference ${expected[i]} (|diff| ${diff} > ${tolerance})`,
      );
    }
    maxAbsDiff = Math.max(maxAbsDiff, diff);
  }
  return { rows, maxAbsDiff, tolerance };
}
