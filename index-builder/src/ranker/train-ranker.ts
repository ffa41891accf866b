// The ranker's training entry point: offline store → labelled exposures
// (plus sampled negatives where the data has no impressions) → point-in-time
// features from the feature pipeline's builder → the shared assembly →
// a multi-task MLP, evaluated per head on the latest examples against a
// popularity-only baseline.
//
// Split by time: the last `validationFraction` of examples (by t) is held
// out for the report; the last 10% of the rest decides early stopping, so
// the reported figures never influenced training.
import type { EngagementEvent } from '@freshet/shared';
import { FEATURE_SCHEMA_HASH, RANKER_HEADS, forwardRanker, type RankerModel } from '@freshet/shared/ranking/index';
import { readCatalogHistory, readOfflineEvents } from '@freshet/stream-jobs/offline/reader';
import { buildTrainingSet } from '@freshet/stream-jobs/offline/training-set';
import { Rng } from '@freshet/shared/synthetic';
import type { ItemVectors } from '@freshet/shared/embeddings/user-vector';
import type { CoVisitation } from '@freshet/shared/ranking/collaborative';
import { catalogAsOf } from './catalog-as-of.js';
import { labelExamples, type RankerExample } from './label-examples.js';
import { auc, column, logLoss } from './metrics.js';
import { POPULARITY_FEATURES, popularityInputs } from './popularity-baseline.js';
import { withSampledNegatives } from './sampled-negatives.js';
import { assembleRows } from './training-data.js';
import { trainMlp } from './train-mlp.js';

export interface TrainRankerOptions {
  readonly offlineDir: string;
  readonly seed?: number;
  /** Trunk widths (default [64]). */
  readonly hidden?: readonly number[];
  /** At most this many epochs (default 12; early stopping usually ends sooner). */
  readonly epochs?: number;
  /** Share of the latest examples held out for the report (default 0.2). */
  readonly validationFraction?: number;
  /** Sampled negatives per first contact: 'auto' = SAMPLED_NEGATIVES_PER_CONTACT when the store holds no impressions, else 0. */
  readonly sampledNegatives?: number | 'auto';
  /** Share of sampled negatives drawn uniformly over the items seen before t rather than by popularity (default UNIFORM_NEGATIVE_SHARE). */
  readonly uniformNegativeShare?: number;
  /** Keep at most this many examples (a seeded uniform sample), bounding the feature build's time. */
  readonly maxExamples?: number;
  readonly outcomeWindowMs?: number;
  /** The build's item vectors, for the collaborative slots (training-data.ts); absent → those slots are missing. */
  readonly itemVectors?: ItemVectors;
  /** The build's co-visitation lists as each user's examples see them (leaveUserOut); absent → cf_co_visitation is missing. */
  readonly coVisitation?: (userId: string) => CoVisitation;
  readonly onProgress?: (stage: string, detail: string) => void;
}

export interface HeadFigures {
  readonly auc: number;
  readonly logloss: number;
  readonly positiveRate: number;
}

export interface RankerReport {
  readonly schemaHash: string;
  readonly examples: { readonly total: number; readonly train: number; readonly earlyStopping: number; readonly validation: number; readonly bySource: Record<string, number> };
  readonly droppedNotInCatalog: number;
  readonly splitTime: string;
  readonly epochs: number;
  readonly bestEpoch: number;
  /** Per head, on the held-out examples: the model, and the popularity-only baseline. */
  readonly heads: Record<string, { readonly model: HeadFigures; readonly baseline: HeadFigures }>;
  readonly seconds: { readonly examples: number; readonly features: number; readonly training: number };
}

export interface RankerTrainingResult {
  readonly model: RankerModel;
  readonly baseline: RankerModel;
  readonly report: RankerReport;
  /** Assembled held-out rows ([validation × FEATURE_COUNT]): real inputs for verifying an export. */
  readonly validationInputs: Float32Array;
  /** Their labels ([validation × heads]). */
  readonly validationLabels: Float32Array;
}

/**
 * Measured on MovieLens 100K (bench:quality, ours NDCG@10 with the collaborative slots): one
 * popularity-drawn negative per contact 0.162, three 0.182, seven 0.173.
 */
export const SAMPLED_NEGATIVES_PER_CONTACT = 3;
/**
 * Negatives drawn by popularity look like the candidates retrieval proposes, but they hide popularity
 * itself from the model, and among real candidates popular items are clicked more. Half of them drawn
 * uniformly lets the model learn that too: 0.182 → 0.193 (shares 0.34, 0.5 and 1 measured alike).
 */
export const UNIFORM_NEGATIVE_SHARE = 0.5;

function sample<T>(items: readonly T[], max: number, seed: number): T[] {
  if (items.length <= max) return [...items];
  const rng = Rng.for(seed, 'ranker-examples');
  const keep = new Uint8Array(items.length);
  let kept = 0;
  // Selection sampling (Knuth's algorithm S): exactly `max`, order preserved.
  for (let i = 0; i < items.length && kept < max; i++) {
    if (rng.next() * (items.length - i) < max - kept) {
      keep[i] = 1;
      kept++;
    }
  }
  return items.filter((_, i) => keep[i] === 1);
}

function figures(probabilities: Float32Array, labels: Float32Array, rows: number, heads: number, h: number): HeadFigures {
  const p = column(probabilities, rows, heads, h);
  const y = column(labels, rows, heads, h);
  return { auc: auc(p, y), logloss: logLoss(p, y), positiveRate: y.reduce((s, v) => s + v, 0) / Math.max(1, rows) };
}

export async function trainRanker(options: TrainRankerOptions): Promise<RankerTrainingResult> {
  const seed = options.seed ?? 42;
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();

  progress('examples', `reading ${options.offlineDir}`);
  const events: EngagementEvent[] = (await readOfflineEvents(options.offlineDir)).map((row) => row.enriched.event);
  const catalog = catalogAsOf((await readCatalogHistory(options.offlineDir)).map((row) => row.item));
  const exposures = labelExamples(events, options.outcomeWindowMs === undefined ? {} : { outcomeWindowMs: options.outcomeWindowMs });
  const hasImpressions = exposures.some((e) => e.source === 'impression');
  const perContact = options.sampledNegatives === undefined || options.sampledNegatives === 'auto' ? (hasImpressions ? 0 : SAMPLED_NEGATIVES_PER_CONTACT) : options.sampledNegatives;
  const uniformShare = options.uniformNegativeShare ?? UNIFORM_NEGATIVE_SHARE;
  const all = withSampledNegatives(exposures, events, { perContact, rng: Rng.for(seed, 'sampled-negatives'), uniformShare });
  const servable = all.filter((e) => catalog(e.item_id, e.t) !== null);
  const examples = sample(servable, options.maxExamples ?? Infinity, seed).sort((a, b) => a.t - b.t);
  if (examples.length < 50) throw new RangeError(`only ${examples.length} labelled examples in ${options.offlineDir}: too few to train a ranker`);
  const bySource: Record<string, number> = {};
  for (const e of examples) bySource[e.source] = (bySource[e.source] ?? 0) + 1;
  const examplesDone = performance.now();

  progress('features', `${examples.length} examples, point-in-time`);
  const set = await buildTrainingSet<RankerExample>(options.offlineDir, examples, {
    onProgress: (p) => progress('features', `${p.queriesDone}/${p.queriesTotal} examples, ${p.events} events`),
  });
  const { x, y } = assembleRows(set.rows, catalog, options.itemVectors, options.coVisitation);
  const plays24h = set.rows.map((r) => (typeof r.features.item_plays_24h === 'number' ? r.features.item_plays_24h : 0));
  const popularity = popularityInputs(examples, events, plays24h);
  const featuresDone = performance.now();

  // Examples are in t order: the split is a cut in time.
  const n = examples.length;
  const validationStart = Math.floor(n * (1 - (options.validationFraction ?? 0.2)));
  const stopStart = Math.floor(validationStart * 0.9);
  const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);
  const [train, stop, validation] = [range(0, stopStart), range(stopStart, validationStart), range(validationStart, n)];
  const heads = [...RANKER_HEADS];
  progress('training', `${train.length} train, ${stop.length} early-stopping, ${validation.length} held out`);
  const result = trainMlp(
    { x, y, train, validation: stop, heads, schemaHash: FEATURE_SCHEMA_HASH },
    { hidden: options.hidden ?? [64], epochs: options.epochs ?? 12, seed, onEpoch: (e, tl, vl) => progress('training', `epoch ${e}: train ${tl.toFixed(4)}, early-stopping ${vl.toFixed(4)}`) },
  );
  const baseline = trainMlp(
    { x: { rows: n, cols: POPULARITY_FEATURES.length, data: popularity }, y, train, validation: stop, heads, schemaHash: 'popularity-baseline' },
    { hidden: [], epochs: 8, seed, learningRate: 1e-2 },
  ).model;
  const trainingDone = performance.now();

  // Held-out figures come from the reference forward pass of the final (folded) models.
  const validationInputs = x.data.slice(validationStart * x.cols);
  const rows = validation.length;
  const modelP = forwardRanker(result.model, validationInputs, rows);
  const baselineP = forwardRanker(baseline, popularity.slice(validationStart * POPULARITY_FEATURES.length), rows);
  const heldLabels = y.slice(validationStart * heads.length);
  const report: RankerReport = {
    schemaHash: FEATURE_SCHEMA_HASH,
    examples: { total: n, train: train.length, earlyStopping: stop.length, validation: rows, bySource },
    droppedNotInCatalog: all.length - servable.length,
    splitTime: new Date(examples[validationStart]!.t).toISOString(),
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    heads: Object.fromEntries(heads.map((head, h) => [head, { model: figures(modelP, heldLabels, rows, heads.length, h), baseline: figures(baselineP, heldLabels, rows, heads.length, h) }])),
    seconds: {
      examples: (examplesDone - started) / 1000, features: (featuresDone - examplesDone) / 1000, training: (trainingDone - featuresDone) / 1000,
    },
  };
  return { model: result.model, baseline, report, validationInputs, validationLabels: heldLabels };
}
