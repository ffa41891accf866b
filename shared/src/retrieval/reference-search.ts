// JS reference searches: exact float32 search (the ground truth of the recall
// gate) and the int8 search exactly as the edge kernel performs it (same
// integer scores, same probe rule, same tie-breaking: equal scores keep the
// smaller row). Tests compare the WASM kernel with `int8Search` bit for bit.
import { assertSameSpace, type QueryVector } from '../embeddings/space.js';
import type { RetrievalIndexData } from './index-codec.js';
import { encodeQuery, type EncodedQuery } from './quantize.js';
import { TopK, type TopKResult } from './top-k.js';

/** Exact top-k by float dot product over `vectors` (`n × dim`, row-major). */
export function exactSearch(vectors: Float32Array, dim: number, query: Float32Array, k: number): TopKResult {
  if (query.length !== dim) throw new RangeError(`query has ${query.length} dimensions, vectors have ${dim}`);
  const top = new TopK(k);
  const n = vectors.length / dim;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const base = i * dim;
    for (let d = 0; d < dim; d++) s += vectors[base + d]! * query[d]!;
    top.push(s, i);
  }
  return top.result();
}

/** int32 score of row `row` of `rows` against encoded query codes. */
export function int8RowScore(rows: Int8Array, stride: number, row: number, codes: Int16Array): number {
  let s = 0;
  const base = row * stride;
  for (let d = 0; d < stride; d++) s += rows[base + d]! * codes[d]!;
  return s;
}

/** The partitions an IVF search probes for this query: the `nprobe` best centroids, ascending. */
export function probedPartitions(index: RetrievalIndexData, query: EncodedQuery, nprobe: number): Uint32Array {
  const partitions = index.partitionOffsets.length - 1;
  const top = new TopK(Math.min(nprobe, partitions));
  for (let p = 0; p < partitions; p++) top.push(int8RowScore(index.centroids, index.stride, p, query.codes), p);
  return top.result().ids.sort();
}

export interface Int8SearchOptions {
  /** IVF only: partitions to probe (default: the index's build-time nprobe). */
  readonly nprobe?: number;
}

export interface Int8SearchResult extends TopKResult {
  /** Integer kernel scores (before `scoreScale`). */
  readonly intScores: Int32Array;
  /** Rows scanned (all rows for flat; the probed partitions' rows for IVF). */
  readonly scanned: number;
}

/** The edge's int8 search in plain JS: ids are rows (= item positions in the index). */
export function int8Search(index: RetrievalIndexData, query: QueryVector, k: number, options: Int8SearchOptions = {}): Int8SearchResult {
  assertSameSpace(index.space, query);
  const encoded = encodeQuery(query.values, index.scales);
  const top = new TopK(k);
  let scanned = 0;
  const scan = (from: number, to: number) => {
    for (let r = from; r < to; r++) top.push(int8RowScore(index.rows, index.stride, r, encoded.codes), r);
    scanned += to - from;
  };
  if (index.layout === 'flat') scan(0, index.count);
  else {
    for (const p of probedPartitions(index, encoded, options.nprobe ?? index.nprobe)) scan(index.partitionOffsets[p]!, index.partitionOffsets[p + 1]!);
  }
  const result = top.result();
  return {
    ids: result.ids,
    intScores: Int32Array.from(result.scores),
    scores: result.scores.map((s) => s * encoded.scoreScale),
    scanned,
  };
}

/** Fraction of `truth` found in `found` (recall@|truth|). */
export function recall(found: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (truth.length === 0) return 1;
  const want = new Set<number>(Array.from(truth));
  let hits = 0;
  for (let i = 0; i < found.length; i++) if (want.has(found[i]!)) hits++;
  return hits / truth.length;
}
