// Test support: the ranker fixtures (edge-worker/test-fixtures/ranker, made by
// edge-worker/scripts/ranking-fixture.mjs with index-builder's exporter) and
// seeded feature rows. Imported only by *.test.ts files.
import { decodeRankerModel } from '@freshet/shared/ranking/model-codec';
import type { RankerModel } from '@freshet/shared/ranking/model';
import modelAOnnx from '../../test-fixtures/ranker/model-a.onnx.bin';
import modelAWeights from '../../test-fixtures/ranker/model-a.weights.bin';
import modelBOnnx from '../../test-fixtures/ranker/model-b.onnx.bin';
import modelBWeights from '../../test-fixtures/ranker/model-b.weights.bin';
import nanTrapOnnx from '../../test-fixtures/ranker/nan-trap.onnx.bin';
import nanTrapWeights from '../../test-fixtures/ranker/nan-trap.weights.bin';

export interface RankerFixture {
  readonly version: string;
  /** ranker.onnx of a bundle. */
  readonly onnx: Uint8Array;
  /** ranker-model.bin of a bundle, decoded: the TypeScript reference. */
  readonly model: RankerModel;
}

const fixture = (version: string, onnx: ArrayBuffer, weights: ArrayBuffer): RankerFixture => ({
  version, onnx: new Uint8Array(onnx), model: decodeRankerModel(new Uint8Array(weights)),
});

/** FEATURE_COUNT → 64 → 3 heads. */
export const MODEL_A = fixture('rk-fixture-a', modelAOnnx, modelAWeights);
/** FEATURE_COUNT → 32 → 16 → 3 heads. */
export const MODEL_B = fixture('rk-fixture-b', modelBOnnx, modelBWeights);
/** 2 features; rows (1, 1) give NaN on every head, rows (0, 0) give 0.5. */
export const NAN_TRAP = fixture('rk-fixture-nan', nanTrapOnnx, nanTrapWeights);

/** Seeded rows like assembled ones: ~30% zeros (one-hots off), the rest spread wide (log counts, scores). */
export function randomRows(rows: number, features: number, seed = 7): Float32Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: rows * features }, () => (next() < 0.3 ? 0 : (next() * 2 - 1) * 4));
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
