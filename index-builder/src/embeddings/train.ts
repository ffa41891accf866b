// Item embeddings for one embedding version: collaborative (implicit ALS on
// R1-weighted events) and content (hashed metadata projected into the same
// space by ridge regression). See README.md beside this file for the space
// (centred taste coordinates + a confidence slack) and the measured choices.
//
//   taste_i = t_i · cf_i + (1 − t_i) · content_i,  t_i = n_i / (n_i + blendShrinkage)
//   slack_i = √(1 − ‖taste_i‖²)
//
// where n_i is the number of users with a positive net signal on item i, cf_i
// is unit length and content_i has length contentConfidence. With the default
// blendShrinkage 0, an item with any behaviour is its CF vector and a
// brand-new one is placed by content alone (R7). The output covers the
// catalog's listed items only (unlisted and unknown items leave the index,
// R10); events on them still train the CF model.
import type { CatalogItem } from '@freshet/shared';
import { DEFAULT_FEATURE_BITS, normalize, type ContentProjection, type EmbeddingSpace } from '@freshet/shared/embeddings/index';
import { chooseRegularization } from './choose-regularization.js';
import { fitProjection } from './fit-projection.js';
import { alsThreadCount, trainImplicitAlsThreaded } from './als-threads.js';
import { contentThreadCount, embedContentBatch } from './content-threads.js';
import { buildInteractionMatrix, type Interaction } from './interaction-matrix.js';

export type TrainStage = 'matrix' | 'als' | 'projection' | 'vectors';

export interface TrainProgress {
  readonly stage: TrainStage;
  readonly done: number;
  readonly total: number;
}

export interface TrainOptions {
  /** The embedding version these vectors define (every query and index built on them carries it). */
  readonly version: string;
  readonly dim?: number;
  readonly iterations?: number;
  readonly regularization?: number;
  readonly alpha?: number;
  readonly negativeBoost?: number;
  readonly exposureWeight?: number;
  readonly cgSteps?: number;
  /** Threads for ALS (default: 1 for small matrices, else up to the machine's parallelism; see als-threads.ts). Results do not depend on it. */
  readonly threads?: number;
  readonly seed?: number;
  readonly featureBits?: number;
  /** Ridge λ of the content projection; 'auto' picks it from REGULARIZATION_GRID on held-out items (choose-regularization.ts). */
  readonly projectionRegularization?: number | 'auto';
  /** Items need this many positive users for their CF vector to be a regression target. */
  readonly minTargetUsers?: number;
  readonly minFeatureItems?: number;
  /** n at which an item's vector is half CF, half content (0: any behaviour means CF only). */
  readonly blendShrinkage?: number;
  /** Centre the CF vectors on their mean direction before normalising (see below). */
  readonly center?: boolean;
  /** Taste-space norm of a content-only vector (its score is scaled by this); the rest goes to the slack coordinate. */
  readonly contentConfidence?: number;
  /** Keep the ALS user factors in the result (evaluation only: the edge pools item vectors instead). */
  readonly keepUserFactors?: boolean;
  readonly onProgress?: (progress: TrainProgress) => void;
}

/** Defaults tuned on MovieLens 100K / 1M sample (index-builder/src/embeddings/evaluate.ts). */
export const TRAIN_DEFAULTS = {
  dim: 64,
  iterations: 12,
  regularization: 20,
  alpha: 4,
  negativeBoost: 1,
  exposureWeight: 0.1,
  cgSteps: 3,
  seed: 1,
  featureBits: DEFAULT_FEATURE_BITS,
  projectionRegularization: 'auto',
  minTargetUsers: 5,
  minFeatureItems: 2,
  blendShrinkage: 0,
  center: true,
  contentConfidence: 0.5,
} as const;

export interface TrainStats {
  readonly users: number;
  readonly interactions: number;
  readonly pairs: number;
  /** Catalog items with a vector (listed). */
  readonly items: number;
  readonly cfOnlyItems: number;
  readonly blendedItems: number;
  readonly contentOnlyItems: number;
  /** Items with events but not in the catalog (or unlisted): trained on, not output. */
  readonly itemsNotOutput: number;
  readonly projectionTrainItems: number;
  readonly projectionRows: number;
  readonly projectionIterations: number;
  readonly projectionTrainR2: number;
  /** The ridge λ used, and the held-out cosine of each λ tried when it was chosen. */
  readonly projectionRegularization: number;
  readonly projectionHeldOutCosine: Readonly<Record<string, number>>;
  readonly millis: Readonly<Record<TrainStage, number>>;
}

export interface TrainedEmbeddings {
  readonly space: EmbeddingSpace;
  readonly itemIds: string[];
  /** itemIds.length × dim, each row L2-normalised. */
  readonly vectors: Float32Array;
  /** 1 for each item (in itemIds order) whose vector has a collaborative part: it has behaviour. */
  readonly behaviour: Uint8Array;
  readonly projection: ContentProjection;
  readonly stats: TrainStats;
  readonly userFactors?: { readonly userIds: readonly string[]; readonly vectors: Float32Array };
}

export class TrainingInputError extends Error {
  override readonly name = 'TrainingInputError';
}

export function trainEmbeddings(interactions: readonly Interaction[], items: readonly CatalogItem[], options: TrainOptions): TrainedEmbeddings {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const { dim } = o;
  if (!Number.isInteger(dim) || dim < 3 || dim > 1024) throw new TrainingInputError(`dim must be an integer in [3, 1024], got ${dim}`);
  if (!(o.contentConfidence > 0 && o.contentConfidence <= 1)) throw new TrainingInputError(`contentConfidence must be in (0, 1], got ${o.contentConfidence}`);
  if (o.version.length === 0) throw new TrainingInputError('version must not be empty');
  const listed = latestListed(items);
  if (listed.length === 0) throw new TrainingInputError('the catalog has no listed items: nothing to embed');
  if (interactions.length === 0) throw new TrainingInputError('no interactions: collaborative embeddings need engagement events');
  const millis: Record<TrainStage, number> = { matrix: 0, als: 0, projection: 0, vectors: 0 };
  const timed = <T>(stage: TrainStage, run: () => T): T => {
    const t0 = performance.now();
    const out = run();
    millis[stage] = Math.round(performance.now() - t0);
    return out;
  };
  const progress = (stage: TrainStage) => (done: number, total: number) => o.onProgress?.({ stage, done, total });

  // The last coordinate is the confidence slack (see the module comment); the others are taste.
  const tasteDim = dim - 1;
  const matrix = timed('matrix', () => buildInteractionMatrix(interactions, o));
  progress('matrix')(1, 1);
  const factors = timed('als', () =>
    trainImplicitAlsThreaded(
      matrix,
      { dim: tasteDim, iterations: o.iterations, regularization: o.regularization, cgSteps: o.cgSteps, seed: o.seed, onProgress: progress('als') },
      alsThreadCount(matrix, options.threads),
    ),
  );
  const cfRow = new Map(matrix.itemIds.map((id, i) => [id, i]));
  const unitRow = (i: number): Float64Array => {
    const v = factors.items.slice(i * tasteDim, (i + 1) * tasteDim);
    let s = 0;
    for (const x of v) s += x * x;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < tasteDim; d++) v[d]! *= inv;
    return v;
  };
  // The space is centred on the mean direction of the items with behaviour. Ridge regression
  // shrinks its predictions towards the targets' mean; uncentred, every content-only item would
  // sit near the common direction that every pooled query also leans to, and be retrieved for
  // everyone. Centred, a shrunk prediction is short, and normalising keeps only its specific part.
  const mean = new Float64Array(tasteDim);
  if (o.center) {
    let count = 0;
    for (let i = 0; i < matrix.itemIds.length; i++) {
      if (matrix.positiveUsers[i]! === 0) continue;
      const v = unitRow(i);
      for (let d = 0; d < tasteDim; d++) mean[d]! += v[d]!;
      count++;
    }
    for (let d = 0; d < tasteDim; d++) mean[d]! /= Math.max(count, 1);
  }
  const cfUnit = (i: number): Float64Array => {
    const v = unitRow(i);
    let s = 0;
    for (let d = 0; d < tasteDim; d++) {
      v[d]! -= mean[d]!;
      s += v[d]! * v[d]!;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < tasteDim; d++) v[d]! *= inv;
    return v;
  };

  const fit = timed('projection', () => {
    const train = listed.filter((item) => {
      const i = cfRow.get(item.item_id);
      return i !== undefined && matrix.positiveUsers[i]! >= o.minTargetUsers;
    });
    if (train.length === 0) throw new TrainingInputError(`no catalog item has ${o.minTargetUsers} or more positive users: cannot fit the content projection`);
    const targets = new Float64Array(train.length * tasteDim);
    train.forEach((item, k) => targets.set(cfUnit(cfRow.get(item.item_id)!), k * tasteDim));
    const fitOptions = { version: o.version, confidence: o.contentConfidence, featureBits: o.featureBits, minFeatureItems: o.minFeatureItems, maxIterations: 200, tolerance: 1e-4 };
    const choice =
      o.projectionRegularization === 'auto' ? chooseRegularization(train, targets, tasteDim, { ...fitOptions, seed: o.seed }) : { lambda: o.projectionRegularization, heldOutCosine: {} };
    return {
      trainItems: train.length,
      choice,
      ...fitProjection(train, targets, tasteDim, { ...fitOptions, regularization: choice.lambda, onProgress: progress('projection') }),
    };
  });

  let cfOnlyItems = 0;
  let blendedItems = 0;
  let contentOnlyItems = 0;
  const behaviour = new Uint8Array(listed.length);
  const vectors = timed('vectors', () => {
    const out = new Float32Array(listed.length * dim);
    const v = new Float32Array(dim);
    const blendOf = (item: CatalogItem) => {
      const i = cfRow.get(item.item_id);
      const n = i === undefined ? 0 : matrix.positiveUsers[i]!;
      return { i, t: n === 0 ? 0 : o.blendShrinkage === 0 ? 1 : n / (n + o.blendShrinkage) };
    };
    // Content vectors come already placed: taste part of length contentConfidence, the rest slack.
    // Most items of a large catalog need one (no behaviour yet): they are embedded in one batch, on threads.
    const needContent = listed.filter((item) => blendOf(item).t < 1);
    const contentRow = new Map(needContent.map((item, k) => [item.item_id, k]));
    const contentVectors = embedContentBatch(fit.projection, needContent, contentThreadCount(needContent.length, options.threads));
    listed.forEach((item, k) => {
      const { i, t } = blendOf(item);
      const cf = t > 0 ? cfUnit(i!) : undefined;
      const c = contentRow.get(item.item_id);
      const content = c === undefined ? undefined : contentVectors.subarray(c * dim, (c + 1) * dim);
      let norm = 0;
      for (let d = 0; d < tasteDim; d++) {
        v[d] = t * (cf?.[d] ?? 0) + (1 - t) * (content?.[d] ?? 0);
        norm += v[d]! * v[d]!;
      }
      v[tasteDim] = Math.sqrt(Math.max(0, 1 - norm));
      normalize(v);
      for (let d = 0; d < dim; d++) {
        if (!Number.isFinite(v[d]!)) throw new TrainingInputError(`item ${item.item_id} got a non-finite embedding (diverged training?)`);
      }
      out.set(v, k * dim);
      if (t > 0) behaviour[k] = 1;
      if (t === 1) cfOnlyItems++;
      else if (t === 0) contentOnlyItems++;
      else blendedItems++;
      if (k % 1000 === 999) progress('vectors')(k + 1, listed.length);
    });
    progress('vectors')(listed.length, listed.length);
    return out;
  });

  const outIds = new Set(listed.map((item) => item.item_id));
  const result: TrainedEmbeddings = {
    space: { version: o.version, dim },
    itemIds: listed.map((item) => item.item_id),
    vectors,
    behaviour,
    projection: fit.projection,
    stats: {
      users: matrix.userIds.length,
      interactions: interactions.length,
      pairs: matrix.pairs,
      items: listed.length,
      cfOnlyItems,
      blendedItems,
      contentOnlyItems,
      itemsNotOutput: matrix.itemIds.filter((id) => !outIds.has(id)).length,
      projectionTrainItems: fit.trainItems,
      projectionRows: fit.projection.rows.length,
      projectionIterations: fit.iterations,
      projectionTrainR2: Math.round(fit.trainR2 * 1e4) / 1e4,
      projectionRegularization: fit.choice.lambda,
      projectionHeldOutCosine: fit.choice.heldOutCosine,
      millis,
    },
  };
  if (!o.keepUserFactors) return result;
  // In the space: taste coordinates, and nothing in the slack.
  const users = new Float32Array(matrix.userIds.length * dim);
  for (let u = 0; u < matrix.userIds.length; u++) users.set(factors.users.subarray(u * tasteDim, (u + 1) * tasteDim), u * dim);
  return { ...result, userFactors: { userIds: matrix.userIds, vectors: users } };
}

/** Listed items, one per id (a later updated_at wins), sorted by id. */
function latestListed(items: readonly CatalogItem[]): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  for (const item of items) {
    const seen = byId.get(item.item_id);
    if (!seen || (item.updated_at ?? 0) >= (seen.updated_at ?? 0)) byId.set(item.item_id, item);
  }
  return [...byId.values()].filter((item) => !item.unlisted).sort((a, b) => (a.item_id < b.item_id ? -1 : a.item_id > b.item_id ? 1 : 0));
}
