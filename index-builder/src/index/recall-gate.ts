// The recall gate (R9, issue 4): recall@100 of the built int8 index against
// exact float32 search must be ≥ 0.95, or the build is rejected. For IVF the
// gate also chooses nprobe: the recall-vs-nprobe curve is measured on tuning
// queries (nprobe = smallest reaching the target + 0.02 margin), then checked
// on separate held-out queries, raising nprobe while they fall short — up to a
// scan budget (a fraction of the catalog) that keeps edge latency bounded.
import type { DecodedIndex } from '@freshet/shared/retrieval/index-codec';
import { encodeQuery } from '@freshet/shared/retrieval/quantize';
import { int8RowScore } from '@freshet/shared/retrieval/reference-search';
import { TopK } from '@freshet/shared/retrieval/top-k';

export const RECALL_K = 100;
export const MIN_RECALL = 0.95;
export const TUNING_MARGIN = 0.02; // 0.01 left held-out recall at 0.955 on 1M items: too thin

/**
 * Score tolerance of the recall measure (ann-benchmarks' "epsilon recall"): a
 * returned item counts as a true neighbour when it is in the exact top-k, or
 * when its exact float32 score is within this of the k-th exact score. Without
 * it, catalogs with many equal or near-equal vectors (items known by content
 * alone, sharing category, creator and vocabulary) have no well-defined top-k:
 * which of a thousand tied items make the list is arbitrary, in the exact
 * search as much as in the index.
 */
export const RECALL_EPSILON = 1e-3;

/** The exact top-k of each query, as index rows, with what is needed to judge ties. */
export interface GateTruth {
  readonly rows: readonly Set<number>[];
  /** The k-th best exact score of each query. */
  readonly kth: Float64Array;
  /** Exact float32 score of query q against index row `row`. */
  score(q: number, row: number): number;
}

export class RecallGateError extends Error {
  constructor(
    readonly recall: number,
    readonly required: number,
    detail: string,
  ) {
    super(`recall gate failed: recall@${RECALL_K} ${recall.toFixed(4)} is below ${required} (${detail}); the build is rejected`);
    this.name = 'RecallGateError';
  }
}

/**
 * Mean recall@k of the int8 index for each nprobe 1..maxProbe (index p-1), or
 * one value for flat, judged against `truth` with RECALL_EPSILON for ties.
 */
export function recallCurve(index: DecodedIndex, queries: Float32Array, truth: GateTruth, maxProbe: number): { recall: Float64Array; scanned: Float64Array } {
  const dim = index.space.dim;
  const truthRows = truth.rows;
  const nq = truthRows.length;
  const steps = index.layout === 'flat' ? 1 : maxProbe;
  const recall = new Float64Array(steps);
  const scanned = new Float64Array(steps);
  for (let q = 0; q < nq; q++) {
    const { codes } = encodeQuery(queries.subarray(q * dim, (q + 1) * dim), index.scales);
    const exact = truthRows[q]!;
    const bar = truth.kth[q]! - RECALL_EPSILON;
    const tied = new Map<number, boolean>();
    const isTrue = (row: number) => {
      if (exact.has(row)) return true;
      let t = tied.get(row);
      if (t === undefined) tied.set(row, (t = truth.score(q, row) >= bar));
      return t;
    };
    const top = new TopK(RECALL_K);
    const hits = () => {
      let h = 0;
      for (const id of top.keptIds()) if (isTrue(id)) h++;
      return Math.min(1, h / exact.size);
    };
    const scan = (from: number, to: number) => {
      for (let r = from; r < to; r++) top.push(int8RowScore(index.rows, index.stride, r, codes), r);
    };
    if (index.layout === 'flat') {
      scan(0, index.count);
      recall[0]! += hits() / nq;
      scanned[0]! += index.count / nq;
      continue;
    }
    const partitions = index.partitionOffsets.length - 1;
    const ranking = new TopK(Math.min(maxProbe, partitions));
    for (let p = 0; p < partitions; p++) ranking.push(int8RowScore(index.centroids, index.stride, p, codes), p);
    const order = ranking.result().ids;
    let rows = 0;
    for (let step = 0; step < steps; step++) {
      const p = order[Math.min(step, order.length - 1)]!;
      if (step < order.length) {
        scan(index.partitionOffsets[p]!, index.partitionOffsets[p + 1]!);
        rows += index.partitionOffsets[p + 1]! - index.partitionOffsets[p]!;
      }
      recall[step]! += hits() / nq;
      scanned[step]! += rows / nq;
    }
  }
  return { recall, scanned };
}

export interface GateOutcome {
  readonly nprobe: number;
  readonly tuningRecall: number;
  readonly heldOutRecall: number;
  readonly meanScannedRows: number;
}

/**
 * Picks nprobe from the two curves (see the module comment) or throws
 * RecallGateError. `maxMeanScanned` bounds the rows a query scans on average
 * (measured on the tuning queries): nprobe never goes past it.
 */
export function chooseNprobe(
  tuning: { recall: Float64Array; scanned?: Float64Array },
  heldOut: { recall: Float64Array; scanned: Float64Array },
  minRecall: number,
  budgetNote: string,
  maxMeanScanned = Infinity,
): GateOutcome {
  let steps = heldOut.recall.length;
  while (steps > 1 && (tuning.scanned?.[steps - 1] ?? 0) > maxMeanScanned) steps--;
  let p = tuning.recall.subarray(0, steps).findIndex((r) => r >= minRecall + TUNING_MARGIN);
  if (p < 0) p = steps - 1;
  while (p < steps - 1 && heldOut.recall[p]! < minRecall) p++;
  const outcome = { nprobe: p + 1, tuningRecall: tuning.recall[p]!, heldOutRecall: heldOut.recall[p]!, meanScannedRows: heldOut.scanned[p]! };
  if (outcome.heldOutRecall < minRecall) throw new RecallGateError(outcome.heldOutRecall, minRecall, `held-out queries at nprobe ${outcome.nprobe}, ${budgetNote}`);
  return outcome;
}
