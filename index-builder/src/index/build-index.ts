// Builds the retrieval index of one embedding version: flat for small
// catalogs, IVF (spherical k-means) from IVF_MIN_ITEMS on; quantizes to int8;
// runs the recall gate (which also picks IVF's nprobe) and rejects the build
// below it; computes item-to-item lists. Output files: `index.bin`
// (shared/src/retrieval/index-format.ts) and `similar.bin`
// (shared/src/retrieval/similar-lists.ts), both in index-row order.
import type { EmbeddingSpace } from '@freshet/shared/embeddings/space';
import { decodeIndex, encodeIndex, type IndexContent } from '@freshet/shared/retrieval/index-codec';
import type { IndexLayoutKind } from '@freshet/shared/retrieval/index-format';
import { flatIndexContent, ivfIndexContent, validateCatalog } from '@freshet/shared/retrieval/layout';
import { VectorInputError } from '@freshet/shared/retrieval/quantize';
import { encodeSimilarLists, type SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { defaultGateQueries } from './gate-queries.js';
import { sphericalKMeans } from './kmeans.js';
import { chooseNprobe, MIN_RECALL, RECALL_K, RecallGateError, recallCurve, TUNING_MARGIN, type GateTruth } from './recall-gate.js';
import { similarItems, toRowOrder } from './similar-items.js';
import { exactTopK } from './usearch-reference.js';

export const IVF_MIN_ITEMS = 200_000;
export const MAX_PARTITIONS = 4096;
/** Partitions the gate's recall curves first go up to (see the gate below). */
export const INITIAL_PROBE_LIMIT = 32;

export interface BuildIndexInput {
  readonly space: EmbeddingSpace;
  readonly itemIds: readonly string[];
  /** `itemIds.length × space.dim`, L2-normalised, in the order of `itemIds`. */
  readonly vectors: Float32Array;
  /**
   * Above EXACT_SIMILAR_MAX items, only these items (1, in `itemIds` order) get similar lists —
   * the build passes the items with behaviour; the edge searches any other item's own vector.
   * Default: every item.
   */
  readonly similarFor?: Uint8Array;
}

export interface BuildIndexOptions {
  readonly seed?: number;
  /** Default: 'ivf' from IVF_MIN_ITEMS items on, else 'flat'. */
  readonly layout?: IndexLayoutKind;
  /** The vectors' last coordinate is a confidence slack (trained embeddings): k-means treats it as one (see kmeans.ts). */
  readonly slack?: boolean;
  /** IVF partitions (default round(sqrt(n)), at most MAX_PARTITIONS). */
  readonly partitions?: number;
  /** Gate queries (`q × dim`, unit length), e.g. real user vectors; split alternately into tuning and held-out. Default: defaultGateQueries. */
  readonly queries?: Float32Array;
  /** Number of default gate queries (default 1000: half tune nprobe, half check it). */
  readonly gateQueries?: number;
  /** Required recall@100 (default and minimum 0.95). */
  readonly minRecall?: number;
  /** IVF: largest fraction of the catalog nprobe may scan on average (default 0.25). */
  readonly maxScanFraction?: number;
  /** Neighbours per item in similar.bin (default 20; 0 skips the lists). */
  readonly similarK?: number;
  readonly log?: (line: string) => void;
}

export interface BuiltIndex {
  /** index.bin */
  readonly indexFile: Uint8Array;
  /** similar.bin (absent when similarK is 0) */
  readonly similarFile?: Uint8Array;
  readonly similar?: SimilarLists;
  readonly layout: IndexLayoutKind;
  readonly partitions: number;
  readonly nprobe: number;
  /** order[row] = position in the input `itemIds` of the item stored at `row`. */
  readonly order: Uint32Array;
  readonly report: BuildIndexReport;
}

export interface BuildIndexReport {
  readonly items: number;
  readonly dim: number;
  readonly recall_at_100: number;
  readonly recall_at_100_tuning: number;
  readonly gate_queries: number;
  readonly mean_scanned_rows: number;
  readonly index_bytes: number;
  /** The item-id sections of index.bin (a float32 index would carry the same). */
  readonly id_bytes: number;
  readonly int8_vector_bytes: number;
  readonly float32_vector_bytes: number;
  /** float32 vector bytes / (index file − id sections): rows, scales, centroids, offsets and header all count. */
  readonly compression_vs_float32: number;
  readonly similar_method?: string;
  /** Recall of similar.bin against exact float32 lists, on a sample of the items with a list (1 when computed exactly). */
  readonly similar_recall?: number;
  /** Items with a similar list. */
  readonly similar_listed?: number;
  readonly kmeans_s: number;
  readonly gate_s: number;
  readonly similar_s: number;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

function split(queries: Float32Array, dim: number): [Float32Array, Float32Array] {
  const n = queries.length / dim;
  const tuning = new Float32Array(Math.ceil(n / 2) * dim);
  const heldOut = new Float32Array(Math.floor(n / 2) * dim);
  for (let q = 0; q < n; q++) (q % 2 === 0 ? tuning : heldOut).set(queries.subarray(q * dim, (q + 1) * dim), Math.floor(q / 2) * dim);
  return [tuning, heldOut];
}

/** Builds index.bin (+ similar.bin) or throws VectorInputError / RecallGateError. */
export function buildRetrievalIndex(input: BuildIndexInput, options: BuildIndexOptions = {}): BuiltIndex {
  const { space, itemIds, vectors } = input;
  const { dim } = space;
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const n = itemIds.length;
  const minRecall = options.minRecall ?? MIN_RECALL;
  if (!(minRecall >= MIN_RECALL && minRecall <= 1)) throw new RangeError(`minRecall must be in ${MIN_RECALL}..1 (the gate cannot be lowered), got ${minRecall}`);
  const layout = options.layout ?? (n >= IVF_MIN_ITEMS ? 'ivf' : 'flat');

  // Validation (norms, NaN, ids) happens in the layout functions before any work.
  let started = performance.now();
  let content: IndexContent;
  let order: Uint32Array;
  let partitions = 0;
  let clustering: { centroids: Float32Array; assignment: Uint32Array } | undefined;
  if (layout === 'flat') {
    content = flatIndexContent(space, itemIds, vectors);
    order = Uint32Array.from({ length: n }, (_, i) => i);
  } else {
    if (n < 2) throw new VectorInputError(`an IVF index needs at least 2 items, got ${n}`);
    partitions = Math.min(options.partitions ?? Math.round(Math.sqrt(n)), MAX_PARTITIONS, n);
    log(`k-means: ${n.toLocaleString('en-US')} items into ${partitions} partitions`);
    validateCatalog(space, itemIds, vectors); // before k-means spends time on bad input
    clustering = sphericalKMeans(vectors, dim, { k: partitions, seed, ...(options.slack ? { slack: true } : {}) });
    const { centroids, assignment } = clustering;
    const ivf = ivfIndexContent(space, itemIds, vectors, { centroids, assignment, nprobe: partitions });
    content = ivf;
    order = ivf.order;
  }
  const kmeansSeconds = seconds(started);

  // Recall gate: exact float32 top-100 of every query, as index rows.
  started = performance.now();
  const queries = options.queries ?? defaultGateQueries(vectors, dim, options.gateQueries ?? 1000, seed);
  if (queries.length % dim !== 0 || queries.length < 2 * dim) throw new VectorInputError(`gate queries need at least 2 vectors of dimension ${dim}, got ${queries.length} floats`);
  const [tuningQueries, heldOutQueries] = split(queries, dim);
  const rowOf = new Uint32Array(n);
  order.forEach((position, row) => (rowOf[position] = row));
  const truthOf = (qs: Float32Array): GateTruth => {
    const exact = exactTopK(vectors, qs, dim, RECALL_K);
    const nq = qs.length / dim;
    return {
      rows: Array.from({ length: nq }, (_, q) => new Set(Array.from(exact.ids.subarray(q * exact.k, (q + 1) * exact.k), (p) => rowOf[p]!))),
      kth: Float64Array.from({ length: nq }, (_, q) => exact.scores[(q + 1) * exact.k - 1]!),
      score: (q, row) => {
        const at = order[row]! * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) s += qs[q * dim + d]! * vectors[at + d]!;
        return s;
      },
    };
  };
  const tuningTruth = truthOf(tuningQueries);
  const heldOutTruth = truthOf(heldOutQueries);
  const draft = decodeIndex(encodeIndex(content));
  const maxScan = (options.maxScanFraction ?? 0.25) * n;
  let maxProbe = 1;
  if (layout === 'ivf') {
    // The largest nprobe that could stay within the scan budget (its partitions taken smallest
    // first) bounds the curves; chooseNprobe then holds the mean rows scanned to the budget.
    const sizes = Array.from({ length: partitions }, (_, p) => draft.partitionOffsets[p + 1]! - draft.partitionOffsets[p]!).sort((a, b) => a - b);
    let rows = 0;
    maxProbe = 0;
    for (const size of sizes) {
      if (maxProbe > 0 && rows + size > maxScan) break;
      rows += size;
      maxProbe++;
    }
  }
  // The curves are measured up to a probe limit that grows (×4) until the tuning queries reach
  // the target with its margin, or the budget's limit: the chosen nprobe is usually a few
  // percent of the budget's, and every step of a curve scans more partitions for every query.
  let limit = layout === 'ivf' ? Math.min(maxProbe, INITIAL_PROBE_LIMIT) : 1;
  let tuning = recallCurve(draft, tuningQueries, tuningTruth, limit);
  while (limit < maxProbe && !tuning.recall.some((r, p) => r >= minRecall + TUNING_MARGIN && tuning.scanned[p]! <= maxScan)) {
    limit = Math.min(maxProbe, limit * 4);
    tuning = recallCurve(draft, tuningQueries, tuningTruth, limit);
  }
  const budget = layout === 'ivf' ? `at most ${maxProbe} of ${partitions} partitions, scanning at most ${Math.round(maxScan)} rows on average` : 'flat int8 scan';
  const choose = () => chooseNprobe(tuning, recallCurve(draft, heldOutQueries, heldOutTruth, limit), minRecall, budget, layout === 'ivf' ? maxScan : Infinity);
  let gate: ReturnType<typeof chooseNprobe>;
  try {
    gate = choose();
  } catch (e) {
    // The held-out queries need more partitions than the tuning curve went to: measure to the budget.
    if (!(e instanceof RecallGateError) || limit >= maxProbe) throw e;
    limit = maxProbe;
    tuning = recallCurve(draft, tuningQueries, tuningTruth, limit);
    gate = choose();
  }
  const nprobe = layout === 'ivf' ? gate.nprobe : 0;
  const indexFile = encodeIndex({ ...content, nprobe });
  log(`recall gate: recall@${RECALL_K} ${gate.heldOutRecall.toFixed(4)} on held-out queries${layout === 'ivf' ? ` at nprobe ${nprobe}/${partitions}` : ''}`);
  const gateSeconds = seconds(started);

  started = performance.now();
  const similarK = options.similarK ?? 20;
  let similar: SimilarLists | undefined;
  let similarMethod: string | undefined;
  let similarRecall: number | undefined;
  let similarListed: number | undefined;
  if (similarK > 0) {
    const result = similarItems(vectors, dim, Math.min(similarK, n - 1 || 1), {
      seed,
      ...(clustering ? { clustering } : {}),
      ...(options.slack ? { slack: true } : {}),
      ...(input.similarFor ? { wanted: input.similarFor } : {}),
    });
    similar = toRowOrder(result.lists, order);
    similarMethod = result.method;
    similarRecall = result.recall;
    similarListed = result.listed;
    log(
      `similar items: ${result.listed.toLocaleString('en-US')} lists, ${result.method}${result.clusters ? ` (${result.probe} of ${result.clusters} clusters per item)` : ''}, recall@${similar.k} ${result.recall.toFixed(3)} against exact lists`,
    );
  }
  const similarSeconds = seconds(started);

  const float32Bytes = n * dim * 4;
  const idBytes = draft.sections.idOffsets.bytes + draft.sections.ids.bytes;
  return {
    indexFile,
    ...(similar ? { similar, similarFile: encodeSimilarLists(similar) } : {}),
    layout,
    partitions,
    nprobe,
    order,
    report: {
      items: n,
      dim,
      recall_at_100: gate.heldOutRecall,
      recall_at_100_tuning: gate.tuningRecall,
      gate_queries: queries.length / dim,
      mean_scanned_rows: Math.round(gate.meanScannedRows),
      index_bytes: indexFile.length,
      id_bytes: idBytes,
      int8_vector_bytes: draft.rows.length,
      float32_vector_bytes: float32Bytes,
      compression_vs_float32: Math.round((float32Bytes / (indexFile.length - idBytes)) * 1000) / 1000,
      ...(similarMethod ? { similar_method: similarMethod } : {}),
      ...(similarRecall !== undefined ? { similar_recall: similarRecall } : {}),
      ...(similarListed !== undefined ? { similar_listed: similarListed } : {}),
      kmeans_s: kmeansSeconds,
      gate_s: gateSeconds,
      similar_s: similarSeconds,
    },
  };
}

export { RecallGateError };
