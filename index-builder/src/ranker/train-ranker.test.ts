// The ranker end to end on MovieLens 100K: the dataset written into an
// offline store, examples labelled and features built by the point-in-time
// builder, a model trained and evaluated on the latest examples — it must
// beat the popularity-only baseline on every head — then exported to ONNX
// and verified in onnxruntime-web on real held-out rows.
//
// Needs ../shared/datasets/movielens-100k (or $FRESHET_DATASETS_DIR): the
// dataset may not be redistributed; without it this test fails with a
// DatasetMissingError naming the missing folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH, RANKER_HEADS, decodeRankerModel, encodeRankerModel } from '@freshet/shared/ranking/index';
import { writeMovieLensOfflineStore } from './movielens-offline-store.js';
import { exportRankerOnnx } from './onnx-export.js';
import { verifyOnnx } from './onnx-verify.js';
import { trainRanker, type RankerTrainingResult } from './train-ranker.js';

const TIMEOUT = 600_000;
let dir = '';
let trained: RankerTrainingResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'freshet-ranker-'));
  await writeMovieLensOfflineStore('ml-100k', dir);
  trained = await trainRanker({ offlineDir: dir, maxExamples: 20_000, seed: 7 });
}, TIMEOUT);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ranker on MovieLens 100K', () => {
  it('labels contacts and sampled negatives, split by time', () => {
    const { examples } = trained.report;
    expect(examples.total).toBe(20_000);
    // Three sampled negatives per first contact (SAMPLED_NEGATIVES_PER_CONTACT): about a quarter are contacts.
    expect(examples.bySource['first-contact']).toBeGreaterThan(4_000);
    expect(examples.bySource['first-contact']).toBeLessThan(6_000);
    expect(examples.bySource['sampled-negative']).toBeGreaterThan(14_000);
    expect(examples.train + examples.earlyStopping + examples.validation).toBe(examples.total);
    expect(trained.report.schemaHash).toBe(FEATURE_SCHEMA_HASH);
  });

  it('beats the popularity-only baseline on every head (held-out, later examples)', () => {
    for (const head of RANKER_HEADS) {
      const { model, baseline } = trained.report.heads[head]!;
      expect({ head, better: model.auc > baseline.auc + 0.01 }).toEqual({ head, better: true });
      expect({ head, better: model.logloss < baseline.logloss }).toEqual({ head, better: true });
    }
  });

  it('exports to ONNX that onnxruntime-web runs exactly like the reference on real held-out rows', async () => {
    const samples = trained.validationInputs.subarray(0, 500 * trained.model.featureCount);
    const verified = await verifyOnnx(exportRankerOnnx(trained.model), trained.model, samples);
    expect(verified.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(decodeRankerModel(encodeRankerModel(trained.model))).toEqual(trained.model);
  });
});
