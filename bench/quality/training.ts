// Everything the system and the baselines learn, from the training period
// only (events before the cutoff, items published before it):
//   ours       a real bundle written by the index builder's buildBundle —
//              embeddings (trainEmbeddings), the int8 index and similar lists
//              (buildRetrievalIndex), the ranker trained from an offline store
//              of the training events (trainRanker) — read back as the edge
//              reads it
//   baselines  item-kNN neighbours from training positives, implicit-ALS item
//              factors (the index builder's solver and confidence weighting)
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import { RANKER_HEADS } from '@freshet/shared/ranking/model';
import { FEATURE_COUNT } from '@freshet/shared/ranking/feature-schema';
import { buildItemNeighbours, type ItemNeighbours } from '@freshet/shared/evaluation/item-knn';
import { regularizedGram } from '@freshet/shared/evaluation/als-fold-in';
import type { Interaction } from '@freshet/shared/evaluation/interactions';
import { buildBundle, type BuildReport } from '../../index-builder/src/build/build-bundle.js';
import { interactionsFromEvents } from '../../index-builder/src/embeddings/from-events.js';
import { buildInteractionMatrix } from '../../index-builder/src/embeddings/interaction-matrix.js';
import { trainImplicitAls } from '../../index-builder/src/embeddings/implicit-als.js';
import { TRAIN_DEFAULTS } from '../../index-builder/src/embeddings/train.js';
import type { ServingBundle } from '../../edge-worker/src/bundle/load-bundle.js';
import type { EdgeRanker } from '../../edge-worker/src/ranking/edge-ranker.js';
import { loadNodeRanker } from './node-ranker.js';
import { loadServingBundle } from './serving-bundle.js';

export type Progress = (line: string) => void;

export interface TrainedSystem {
  readonly bundle: ServingBundle;
  readonly ranker: EdgeRanker;
  readonly report: BuildReport;
  /** Where the bundle was written (removed once loaded, unless it is a --cache bundle). */
  readonly dir: string;
}

/**
 * `cacheDir` (development only): a bundle built earlier for the same dataset, cutoff and seed is
 * read from there instead of being rebuilt; a new one is kept there.
 */
/** A smaller build for tests (the defaults are the index builder's). */
export interface BuildSize {
  readonly dim?: number;
  readonly rankerExamples?: number;
}

export async function trainSystem(
  title: string,
  catalog: readonly CatalogItem[],
  train: readonly EngagementEvent[],
  cutoff: number,
  seed: number,
  progress: Progress,
  cacheDir?: string,
  size: BuildSize = {},
): Promise<TrainedSystem> {
  let bundlesDir: string;
  if (cacheDir === undefined) {
    bundlesDir = await mkdtemp(join(tmpdir(), 'freshet-quality-'));
  } else {
    bundlesDir = join(cacheDir, `${title.replace(/[^A-Za-z0-9]+/g, '-')}-${cutoff}-seed${seed}`);
    const built = existsSync(bundlesDir) ? readdirSync(bundlesDir).filter((d) => d.startsWith('idx-') && existsSync(join(bundlesDir, d, 'manifest.json'))) : [];
    if (built.length > 0) {
      progress(`reusing the bundle in ${join(bundlesDir, built[0]!)} (--cache)`);
      const bundle = await loadServingBundle(join(bundlesDir, built[0]!));
      const ranker = await loadNodeRanker(bundle.manifest.ranker_version, await bundle.rankerBytes(), RANKER_HEADS, FEATURE_COUNT);
      const report = JSON.parse(new TextDecoder().decode(await readFile(join(bundlesDir, built[0]!, 'build-report.json')))) as BuildReport;
      return { bundle, ranker, report, dir: join(bundlesDir, built[0]!) };
    }
    await mkdir(bundlesDir, { recursive: true });
  }
  const input = {
    source: `${title}, training period (events before ${new Date(cutoff).toISOString()})`,
    catalog: catalog.filter((i) => i.publish_time < cutoff),
    events: train,
    asOf: cutoff - 1,
  };
  const built = await buildBundle(input, {
    bundlesDir,
    seed,
    ...size,
    onStep: throttled((step, detail) => progress(`build ${step}: ${detail}`)),
  });
  const bundle = await loadServingBundle(built.bundle.dir);
  const ranker = await loadNodeRanker(bundle.manifest.ranker_version, await bundle.rankerBytes(), RANKER_HEADS, FEATURE_COUNT);
  // Everything is in memory now; a temporary bundle is not kept (a --cache one is).
  if (cacheDir === undefined) await rm(bundlesDir, { recursive: true, force: true });
  return { bundle, ranker, report: built.report, dir: built.bundle.dir };
}

/** Passes a step's first line and then at most one line per 15 s per step (the ranker's feature build reports every example). */
function throttled(log: (step: string, detail: string) => void): (step: string, detail: string) => void {
  const last = new Map<string, number>();
  return (step, detail) => {
    const key = `${step}:${detail.split(':')[0]}`;
    const now = performance.now();
    if (last.has(key) && now - last.get(key)! < 15_000) return;
    last.set(key, now);
    log(step, detail);
  };
}

export interface BaselineModels {
  readonly knn: ItemNeighbours;
  /** Catalog index → row of the ALS item factors (−1: no training interactions). */
  readonly alsRow: Int32Array;
  readonly alsItems: Float64Array;
  readonly alsDim: number;
  readonly alsGram: Float64Array;
  readonly confidence: { readonly alpha: number; readonly negativeBoost: number; readonly exposureWeight: number };
}

export const KNN_NEIGHBOURS = 100;

export function trainBaselines(itemIndex: ReadonlyMap<string, number>, trainInteractions: readonly Interaction[], train: readonly EngagementEvent[], seed: number): BaselineModels {
  const byUser = new Map<string, number[]>();
  for (const x of trainInteractions) {
    if (!x.positive) continue;
    const i = itemIndex.get(x.item);
    if (i === undefined) continue;
    let list = byUser.get(x.user);
    if (!list) byUser.set(x.user, (list = []));
    list.push(i);
  }
  const knn = buildItemNeighbours([...byUser.values()], itemIndex.size, KNN_NEIGHBOURS);

  const confidence = { alpha: TRAIN_DEFAULTS.alpha, negativeBoost: TRAIN_DEFAULTS.negativeBoost, exposureWeight: TRAIN_DEFAULTS.exposureWeight };
  const matrix = buildInteractionMatrix(interactionsFromEvents(train), confidence);
  const dim = TRAIN_DEFAULTS.dim;
  const factors = trainImplicitAls(matrix, { dim, iterations: TRAIN_DEFAULTS.iterations, regularization: TRAIN_DEFAULTS.regularization, cgSteps: TRAIN_DEFAULTS.cgSteps, seed });
  const alsRow = new Int32Array(itemIndex.size).fill(-1);
  matrix.itemIds.forEach((id, row) => {
    const i = itemIndex.get(id);
    if (i !== undefined) alsRow[i] = row;
  });
  return { knn, alsRow, alsItems: factors.items, alsDim: dim, alsGram: regularizedGram(factors.items, dim, TRAIN_DEFAULTS.regularization), confidence };
}
