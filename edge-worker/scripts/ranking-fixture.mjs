// Writes the ranker fixtures the workerd tests load (edge-worker/test-fixtures/ranker/),
// deterministically, with index-builder's own ONNX exporter and weights codec, so the
// edge is tested against exactly what a bundle ships (ranker.onnx + ranker-model.bin).
// Each model is verified in onnxruntime-web (Node) against the TypeScript reference
// before it is written. Files end in .bin because wrangler's default module rules
// import *.bin as an ArrayBuffer (workerd tests cannot read files).
//   model-a: FEATURE_COUNT → 64 → 3 heads (seed 11), ranker version rk-fixture-a
//   model-b: FEATURE_COUNT → 32 → 16 → 3 heads (seed 12), ranker version rk-fixture-b
//   nan-trap: 2 → 2 → 3 with weights near the float32 limit: inputs (1, 1) overflow
//             both hidden units to +∞, and the heads (+1·∞ − 1·∞) become NaN;
//             inputs (0, 0) give 0.5 everywhere.
// Usage (from the repository root): node --import tsx edge-worker/scripts/ranking-fixture.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_COUNT, FEATURE_SCHEMA_HASH, RANKER_HEADS, encodeRankerModel } from '@freshet/shared/ranking/index';
import { exportRankerOnnx } from '../../index-builder/src/ranker/onnx-export.ts';
import { verifyOnnx } from '../../index-builder/src/ranker/onnx-verify.ts';
import { randomInputs, randomModel } from '../../index-builder/src/ranker/test-models.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-fixtures', 'ranker');
mkdirSync(out, { recursive: true });

const BIG = 3e38; // float32 max is ~3.4e38: two of these overflow
const nanTrap = {
  schemaHash: 'fs1-nan-trap', featureCount: 2, heads: [...RANKER_HEADS],
  trunk: [{ inputs: 2, outputs: 2, weights: Float32Array.of(BIG, BIG, BIG, BIG), bias: new Float32Array(2) }],
  output: { inputs: 2, outputs: 3, weights: Float32Array.of(1, 1, 1, -1, -1, -1), bias: new Float32Array(3) },
};

const models = [
  { name: 'model-a', version: 'rk-fixture-a', model: { ...randomModel(FEATURE_COUNT, [64], 11), schemaHash: FEATURE_SCHEMA_HASH }, verify: true },
  { name: 'model-b', version: 'rk-fixture-b', model: { ...randomModel(FEATURE_COUNT, [32, 16], 12), schemaHash: FEATURE_SCHEMA_HASH }, verify: true },
  { name: 'nan-trap', version: 'rk-fixture-nan', model: nanTrap, verify: false },
];

for (const { name, version, model, verify } of models) {
  const onnx = exportRankerOnnx(model, { version });
  if (verify) {
    const { maxAbsDiff } = await verifyOnnx(onnx, model, randomInputs(64, model.featureCount, 3));
    console.log(`${name}: onnxruntime-web vs reference max |diff| ${maxAbsDiff.toExponential(2)}`);
  }
  writeFileSync(join(out, `${name}.onnx.bin`), onnx);
  writeFileSync(join(out, `${name}.weights.bin`), encodeRankerModel(model));
  console.log(`${name}: ${onnx.length} + ${encodeRankerModel(model).length} bytes (${model.featureCount} features, schema ${model.schemaHash})`);
}
