// One ranker model version as a scoring session: loads ONNX bytes into
// onnxruntime-web after checking they are the ranker this edge feeds (input and
// output names, input width, head names and order, feature schema), then scores
// all of a request's candidates in one batch run. Bad bytes, a mismatched
// model, bad input rows and untrustworthy outputs each reject with a precise
// RankerError; nothing here throws past the caller.
import { FEATURE_COUNT, FEATURE_SCHEMA_HASH, FEATURE_SLOTS } from '@freshet/shared/ranking/feature-schema';
import { RankerInputError, RankerLoadError, RankerOutputError, RankerReleasedError } from './errors.js';
import { OnnxFormatError, readOnnxMetadata } from './onnx-metadata.js';
import { createOrtSession, ort, type OrtSession } from './ort-runtime.js';

/** The graph names index-builder's exporter writes (index-builder/src/ranker/onnx-export.ts). */
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'probabilities';

export interface RankerExpectations {
  /** Width of the rows the serving code assembles; default FEATURE_COUNT. */
  readonly featureCount?: number;
  /** Feature schema the serving code assembles; default FEATURE_SCHEMA_HASH. */
  readonly schemaHash?: string;
}

export interface EdgeRanker {
  readonly version: string;
  /** Output column order, as in the bundle's ranker-model.bin and the ONNX metadata. */
  readonly heads: readonly string[];
  readonly featureCount: number;
  /**
   * Head probabilities for `rows` rows of `inputs` ([rows × featureCount], row-major, exactly that
   * long): [rows × heads], row-major, every value in [0, 1]. One onnxruntime run per call.
   */
  score(inputs: Float32Array, rows: number): Promise<Float32Array>;
  /** Frees the session once runs in flight end; later score() calls reject with RankerReleasedError. */
  release(): Promise<void>;
  readonly released: boolean;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Every way the bytes' metadata differs from what the edge expects. */
function metadataProblems(metadata: ReadonlyMap<string, string>, heads: readonly string[], schemaHash: string): string[] {
  const problems: string[] = [];
  const modelHeads = metadata.get('heads');
  if (modelHeads === undefined) problems.push('the model carries no "heads" metadata (not written by the freshet exporter?)');
  else if (!sameList(modelHeads.split(','), heads)) problems.push(`the model's heads are [${modelHeads}], the caller expects [${heads.join(',')}]`);
  const modelSchema = metadata.get('feature_schema_hash');
  if (modelSchema !== schemaHash) problems.push(`the model was trained for feature schema ${modelSchema ?? '(none recorded)'}, the edge assembles ${schemaHash}`);
  return problems;
}

function tensorShape(metadata: readonly ort.InferenceSession.ValueMetadata[], index: number): readonly (number | string)[] | undefined {
  const value = metadata[index];
  return value?.isTensor ? value.shape : undefined;
}

/** Every way the loaded graph's inputs and outputs differ from [N, featureCount] → [N, heads]. */
function sessionProblems(session: OrtSession, featureCount: number, heads: number): string[] {
  const problems: string[] = [];
  const input = session.inputNames.indexOf(ONNX_INPUT);
  const output = session.outputNames.indexOf(ONNX_OUTPUT);
  if (session.inputNames.length !== 1 || input < 0) problems.push(`expected one input "${ONNX_INPUT}", the model has [${session.inputNames.join(', ')}]`);
  if (output < 0) problems.push(`expected an output "${ONNX_OUTPUT}", the model has [${session.outputNames.join(', ')}]`);
  const inShape = input < 0 ? undefined : tensorShape(session.inputMetadata, input);
  if (inShape !== undefined && (inShape.length !== 2 || inShape[1] !== featureCount)) {
    problems.push(`input "${ONNX_INPUT}" has shape [${inShape.join(', ')}], the edge assembles rows of ${featureCount} features`);
  }
  const outShape = output < 0 ? undefined : tensorShape(session.outputMetadata, output);
  if (outShape !== undefined && (outShape.length !== 2 || outShape[1] !== heads)) {
    problems.push(`output "${ONNX_OUTPUT}" has shape [${outShape.join(', ')}], expected ${heads} heads`);
  }
  return problems;
}

const slotName = (column: number, featureCount: number): string =>
  featureCount === FEATURE_COUNT ? ` (${FEATURE_SLOTS[column]!.name})` : '';

function checkInputs(inputs: Float32Array, rows: number, featureCount: number): void {
  if (!Number.isInteger(rows) || rows < 0) throw new RankerInputError(`rows must be a non-negative integer (got ${rows})`);
  if (inputs.length !== rows * featureCount) {
    throw new RankerInputError(`inputs hold ${inputs.length} floats; ${rows} rows of ${featureCount} features need exactly ${rows * featureCount}`);
  }
  for (let i = 0; i < inputs.length; i++) {
    if (!Number.isFinite(inputs[i]!)) {
      const column = i % featureCount;
      throw new RankerInputError(`row ${Math.floor(i / featureCount)}, feature ${column}${slotName(column, featureCount)} is ${inputs[i]} (features must be finite)`);
    }
  }
}

function checkOutputs(output: ort.Tensor | undefined, rows: number, heads: readonly string[], version: string): Float32Array {
  if (output === undefined) throw new RankerOutputError(`ranker ${version} returned no "${ONNX_OUTPUT}" output`);
  if (output.type !== 'float32') throw new RankerOutputError(`ranker ${version} returned ${output.type} probabilities, expected float32`);
  const data = output.data as Float32Array;
  if (data.length !== rows * heads.length) {
    throw new RankerOutputError(`ranker ${version} returned ${data.length} values for ${rows} rows × ${heads.length} heads`);
  }
  for (let i = 0; i < data.length; i++) {
    const p = data[i]!;
    // Written so that NaN fails too.
    if (!(p >= 0 && p <= 1)) {
      throw new RankerOutputError(`ranker ${version} gave ${p} for row ${Math.floor(i / heads.length)}, head ${heads[i % heads.length]} (probabilities must be in [0, 1])`);
    }
  }
  return data;
}

function wrapSession(version: string, session: OrtSession, heads: readonly string[], featureCount: number): EdgeRanker {
  // Runs are serialised per session: onnxruntime-web makes no promise about
  // overlapping runs, and one thread gains nothing from them anyway.
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight = 0;
  let released = false;
  let freed: Promise<void> | undefined;
  let onIdle: (() => void) | undefined;

  const run = async (inputs: Float32Array, rows: number): Promise<Float32Array> => {
    const tensor = new ort.Tensor('float32', inputs, [rows, featureCount]);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await session.run({ [ONNX_INPUT]: tensor });
    } catch (error) {
      throw new RankerOutputError(`ranker ${version} failed to run ${rows} rows: ${(error as Error).message}`, { cause: error });
    }
    return checkOutputs(result[ONNX_OUTPUT], rows, heads, version);
  };

  return {
    version, heads, featureCount,
    get released() {
      return released;
    },
    async score(inputs, rows) {
      if (released) throw new RankerReleasedError(`ranker ${version} was released (a newer version replaced it)`);
      checkInputs(inputs, rows, featureCount);
      if (rows === 0) return new Float32Array(0);
      inFlight++;
      const turn = queue.then(() => run(inputs, rows));
      queue = turn.catch(() => undefined);
      try {
        return await turn;
      } finally {
        if (--inFlight === 0) onIdle?.();
      }
    },
    release() {
      if (freed) return freed;
      released = true;
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve));
      freed = idle.then(() => session.release()).catch(() => undefined);
      return freed;
    },
  };
}

/**
 * Loads one ranker version. `heads` is the head order the caller will read (from the bundle's
 * ranker-model.bin); it must equal the ONNX metadata's. Rejects with RankerLoadError:
 * model_unreadable (not a model), contract_mismatch (another layout), runtime_unavailable.
 */
export async function loadEdgeRanker(version: string, model: Uint8Array, heads: readonly string[], expect: RankerExpectations = {}): Promise<EdgeRanker> {
  const featureCount = expect.featureCount ?? FEATURE_COUNT;
  const schemaHash = expect.schemaHash ?? FEATURE_SCHEMA_HASH;
  if (heads.length === 0 || new Set(heads).size !== heads.length) {
    throw new RankerLoadError(version, 'contract_mismatch', `heads must be a non-empty list of distinct names (got [${heads.join(', ')}])`);
  }
  let metadata: Map<string, string>;
  try {
    metadata = readOnnxMetadata(model);
  } catch (error) {
    if (!(error instanceof OnnxFormatError)) throw error;
    throw new RankerLoadError(version, 'model_unreadable', `the bytes are not an ONNX model: ${error.message}`, { cause: error });
  }
  const declared = metadataProblems(metadata, heads, schemaHash);
  if (declared.length > 0) throw new RankerLoadError(version, 'contract_mismatch', declared.join('; '));

  let session: OrtSession;
  try {
    session = await createOrtSession(model);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // onnxruntime prefixes every model-level failure so; anything else is the runtime itself.
    const problem = message.includes("Can't create a session") ? 'model_unreadable' : 'runtime_unavailable';
    throw new RankerLoadError(version, problem, `onnxruntime cannot load it: ${message}`, { cause: error });
  }
  const problems = sessionProblems(session, featureCount, heads.length);
  if (problems.length > 0) {
    await session.release().catch(() => undefined);
    throw new RankerLoadError(version, 'contract_mismatch', problems.join('; '));
  }
  return wrapSession(version, session, [...heads], featureCount);
}
