// The ranker of a build: trained from the point-in-time training set (and
// exported to ONNX, verified against the TypeScript forward pass), or reused
// from an earlier bundle, so that index rebuilds need not wait for a ranker
// retrained on its own cadence. A reused ranker must be for this code's
// feature schema.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_SCHEMA_HASH } from '@freshet/shared/ranking/feature-schema';
import type { ItemVectors } from '@freshet/shared/embeddings/user-vector';
import type { CoVisitation } from '@freshet/shared/ranking/collaborative';
import { decodeRankerModel, encodeRankerModel } from '@freshet/shared/ranking/model-codec';
import { ArtifactError, readBundle } from '../bundle/index.js';
import { exportRankerOnnx } from '../ranker/onnx-export.js';
import { verifyOnnx } from '../ranker/onnx-verify.js';
import { trainRanker, type RankerReport } from '../ranker/train-ranker.js';
import type { BuildInput, InputSpec } from './input.js';
import { writeOfflineStore } from './offline-from-input.js';

export type RankerFigures = (RankerReport & { readonly onnx_max_abs_diff: number; readonly onnx_bytes: number }) | { readonly reused_from: string; readonly onnx_bytes: number };

export interface RankerArtifacts {
  readonly version: string;
  readonly onnx: Uint8Array;
  readonly model: Uint8Array;
  readonly figures: RankerFigures;
}

export interface TrainStepOptions {
  readonly version: string;
  readonly seed?: number;
  readonly maxExamples: number;
  /** The build's item vectors, for the ranker's collaborative slots. */
  readonly itemVectors?: ItemVectors;
  /** The build's co-visitation lists as each user's examples see them (leaveUserOut), for cf_co_visitation. */
  readonly coVisitation?: (userId: string) => CoVisitation;
  readonly onProgress: (detail: string) => void;
}

export async function trainedRanker(spec: InputSpec | BuildInput, input: BuildInput, o: TrainStepOptions): Promise<RankerArtifacts> {
  const fromStore = 'kind' in spec && spec.kind === 'offline';
  const offlineDir = fromStore ? spec.dir : await mkdtemp(join(tmpdir(), 'freshet-build-offline-'));
  try {
    if (!fromStore) await writeOfflineStore(input, offlineDir);
    const result = await trainRanker({ offlineDir, ...(o.seed === undefined ? {} : { seed: o.seed }), maxExamples: o.maxExamples, ...(o.itemVectors && { itemVectors: o.itemVectors }), ...(o.coVisitation && { coVisitation: o.coVisitation }), onProgress: (s, detail) => o.onProgress(`${s}: ${detail}`) });
    const onnx = exportRankerOnnx(result.model);
    const verification = await verifyOnnx(onnx, result.model, result.validationInputs.subarray(0, Math.min(result.validationInputs.length, 512 * result.model.featureCount)));
    return { version: o.version, onnx, model: encodeRankerModel(result.model), figures: { ...result.report, onnx_max_abs_diff: verification.maxAbsDiff, onnx_bytes: onnx.length } };
  } finally {
    if (!fromStore) await rm(offlineDir, { recursive: true, force: true });
  }
}

/** The ranker of an earlier bundle (its directory), refused when it was trained for another feature schema. */
export async function reusedRanker(bundleDir: string): Promise<RankerArtifacts> {
  const bundle = await readBundle(bundleDir);
  const model = await bundle.read('ranker-model.bin');
  const decoded = decodeRankerModel(model);
  if (decoded.schemaHash !== FEATURE_SCHEMA_HASH || bundle.manifest.feature_schema_hash !== FEATURE_SCHEMA_HASH) {
    throw new ArtifactError('bad_input', `the ranker of ${bundle.manifest.version} was trained for feature schema ${decoded.schemaHash}; this code assembles ${FEATURE_SCHEMA_HASH}: retrain it`);
  }
  const onnx = await bundle.read('ranker.onnx');
  return { version: bundle.manifest.ranker_version, onnx, model, figures: { reused_from: bundle.manifest.version, onnx_bytes: onnx.length } };
}
