// Offline evaluation of the ranker on a MovieLens dataset (default: the ML-1M
// sample): writes the dataset into a temporary offline store, trains through
// the real entry point (point-in-time builder included), exports ONNX (float
// and int8), verifies both in onnxruntime-web against the TypeScript
// reference, and prints the figures as JSON.
//
//   node --import tsx index-builder/src/ranker/evaluate.ts [--dataset ml-1m-sample] [--max-examples 60000] [--seed 42] [--out file.json]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RANKER_HEADS, encodeRankerModel, forwardRanker } from '@freshet/shared/ranking/index';
import { isMovieLensId } from '@freshet/shared/movielens';
import { auc, column } from './metrics.js';
import { writeMovieLensOfflineStore } from './movielens-offline-store.js';
import { exportRankerOnnx } from './onnx-export.js';
import { runOnnx, verifyOnnx } from './onnx-verify.js';
import { dequantizedModel } from './quantize.js';
import { measureServingCost } from './serving-cost.js';
import { trainRanker } from './train-ranker.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'ml-1m-sample' },
    'max-examples': { type: 'string', default: '60000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
  },
});
const dataset = values.dataset!;
if (!isMovieLensId(dataset)) throw new Error(`--dataset must be ml-100k, ml-1m-sample or ml-latest-small (got ${dataset})`);
const maxExamples = Number(values['max-examples']);
const seed = Number(values.seed);
if (!Number.isInteger(maxExamples) || maxExamples < 100) throw new Error(`--max-examples must be an integer ≥ 100 (got ${values['max-examples']})`);

const dir = await mkdtemp(join(tmpdir(), 'freshet-ranker-eval-'));
try {
  const started = performance.now();
  const store = await writeMovieLensOfflineStore(dataset, dir);
  const storeSeconds = (performance.now() - started) / 1000;
  const { model, report, validationInputs, validationLabels } = await trainRanker({
    offlineDir: dir, maxExamples, seed, onProgress: (stage, detail) => process.stderr.write(`\r${stage}: ${detail}`.padEnd(100)),
  });
  process.stderr.write('\n');
  const rows = validationInputs.length / model.featureCount;
  const onnx = exportRankerOnnx(model);
  const int8 = exportRankerOnnx(model, { int8: true });
  const floatCheck = await verifyOnnx(onnx, model, validationInputs);
  const int8Check = await verifyOnnx(int8, dequantizedModel(model), validationInputs);
  // Accuracy cost of int8 weights: held-out AUC of the ORT int8 output vs the float reference.
  const floatP = forwardRanker(model, validationInputs, rows);
  const int8P = await runOnnx(int8, validationInputs, rows, model.featureCount);
  let maxInt8Diff = 0;
  for (let i = 0; i < floatP.length; i++) maxInt8Diff = Math.max(maxInt8Diff, Math.abs(floatP[i]! - int8P[i]!));
  const k = RANKER_HEADS.length;
  const int8Auc = Object.fromEntries(
    RANKER_HEADS.map((head, h) => [head, { float: auc(column(floatP, rows, k, h), column(validationLabels, rows, k, h)), int8: auc(column(int8P, rows, k, h), column(validationLabels, rows, k, h)) }]),
  );
  const figures = {
    dataset,
    command: `node --import tsx index-builder/src/ranker/evaluate.ts --dataset ${dataset} --max-examples ${maxExamples} --seed ${seed}`,
    store: { ...store, seconds: storeSeconds },
    report,
    headsSummary: Object.fromEntries(Object.entries(report.heads).map(([head, f]) => [head, {
      modelAuc: f.model.auc, baselineAuc: f.baseline.auc, modelLogloss: f.model.logloss, baselineLogloss: f.baseline.logloss,
    }])),
    onnx: {
      floatBytes: onnx.length, int8Bytes: int8.length, weightsCodecBytes: encodeRankerModel(model).length,
      floatMaxAbsDiffVsReference: floatCheck.maxAbsDiff, int8MaxAbsDiffVsDequantizedReference: int8Check.maxAbsDiff,
      int8MaxAbsDiffVsFloat: maxInt8Diff, heldOutAucFloatVsInt8: int8Auc, verifiedRows: rows,
    },
    servingCostInNode: measureServingCost(model),
  };
  const json = JSON.stringify(figures, null, 2);
  console.log(json);
  if (values.out) await writeFile(values.out, `${json}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
