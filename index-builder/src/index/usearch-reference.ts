// usearch, the reference implementation (Node only: it has no WASM build).
// Used for exact float32 top-k (the recall gate's ground truth and the k-means
// assignment step: multithreaded SIMD C++, far faster than a JS loop), and for
// HNSW graphs that give item-to-item lists and a recall/latency comparison.
import { exactSearch, Index, MetricKind, ScalarKind, type BatchMatches, type Matches } from 'usearch';

export interface Neighbours {
  readonly k: number;
  /** `queries × k` row indices into the dataset, best first; 0xffffffff where none was found. */
  readonly ids: Uint32Array;
  /** `queries × k` dot products matching `ids` (NaN where none was found). */
  readonly scores: Float32Array;
}

const NONE = 0xffffffff;

function toNeighbours(result: Matches | BatchMatches, queries: number, k: number): Neighbours {
  const ids = new Uint32Array(queries * k).fill(NONE);
  const scores = new Float32Array(queries * k).fill(NaN);
  const counts = 'counts' in result ? result.counts : BigUint64Array.of(BigInt(result.keys.length));
  for (let q = 0; q < queries; q++) {
    const found = Number(counts[q]!);
    for (let j = 0; j < Math.min(found, k); j++) {
      ids[q * k + j] = Number(result.keys[q * k + j]!);
      // usearch reports inner-product distance as 1 - dot.
      scores[q * k + j] = 1 - result.distances[q * k + j]!;
    }
  }
  return { k, ids, scores };
}

// usearch's exact search materialises a queries × dataset distance matrix, so
// queries go through it in blocks of at most ~64M distances (256 MiB).
export const MAX_DISTANCES = 64 * 2 ** 20;

/**
 * usearch (2.25) reads a typed array from the start of its buffer, ignoring
 * its byteOffset: a subarray would be searched as the rows at the front of
 * the buffer. Such views are copied. (Blocks of queries passed as subarrays
 * silently searched the first block again: IVF items beyond the first block
 * got another item's partition, and the 1M build's gate failed on it.)
 */
function own(values: Float32Array): Float32Array {
  return values.byteOffset === 0 && values.length * 4 === values.buffer.byteLength ? values : values.slice();
}

/** Exact float32 top-k by inner product of each query against every row of `dataset`. */
export function exactTopK(dataset: Float32Array, queries: Float32Array, dim: number, k: number, maxDistances = MAX_DISTANCES): Neighbours {
  const n = dataset.length / dim;
  const q = queries.length / dim;
  const kk = Math.min(k, n);
  const block = Math.max(1, Math.floor(maxDistances / n));
  const ids = new Uint32Array(q * kk);
  const scores = new Float32Array(q * kk);
  const rows = own(dataset);
  for (let from = 0; from < q; from += block) {
    const to = Math.min(q, from + block);
    const part = toNeighbours(exactSearch(rows, own(queries.subarray(from * dim, to * dim)), dim, kk, MetricKind.IP), to - from, kk);
    ids.set(part.ids, from * kk);
    scores.set(part.scores, from * kk);
  }
  return { k: kk, ids, scores };
}

export interface HnswOptions {
  readonly quantization: 'f32' | 'i8';
  readonly connectivity?: number;
  readonly expansionAdd?: number;
  readonly expansionSearch?: number;
}

export interface HnswIndex {
  search(queries: Float32Array, k: number): Neighbours;
  readonly buildSeconds: number;
}

/** An HNSW graph over `vectors` (keys are row indices) with inner-product metric. */
export function buildHnsw(vectors: Float32Array, dim: number, options: HnswOptions): HnswIndex {
  const started = performance.now();
  const index = new Index({
    dimensions: dim,
    metric: MetricKind.IP,
    quantization: options.quantization === 'i8' ? ScalarKind.I8 : ScalarKind.F32,
    connectivity: options.connectivity ?? 16,
    expansion_add: options.expansionAdd ?? 128,
    expansion_search: options.expansionSearch ?? 256,
    multi: false,
  });
  const n = vectors.length / dim;
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  index.add(keys, own(vectors), 0);
  const buildSeconds = (performance.now() - started) / 1000;
  return {
    buildSeconds,
    search(queries, k) {
      const q = queries.length / dim;
      return toNeighbours(index.search(own(queries), k, 0) as Matches | BatchMatches, q, k);
    },
  };
}
