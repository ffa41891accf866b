// Item-to-item lists: each item's top-k neighbours by float32 dot product,
// itself excluded. Exact (usearch exact search over the whole catalog) up to
// EXACT_SIMILAR_MAX items, for every item. Beyond, lists are computed for the
// items a `wanted` mask names (the build: items with behaviour, the seeds of
// "because you watched"; the edge searches any other item's own vector), by
// exact search within cluster neighbourhoods:
// the catalog is partitioned by spherical k-means (the IVF partitions when the
// index has them), and the members of each cluster are searched exactly
// against the members of the `probe` clusters whose centroids are nearest to
// theirs. That is one SIMD matrix product per cluster — seconds at 1M items,
// where an HNSW graph took over 20 minutes here — and its recall against the
// exact lists is measured on a sample of items at every build.
import { NO_NEIGHBOUR, type SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { Rng } from '@freshet/shared/synthetic';
import { sphericalKMeans } from './kmeans.js';
import { exactTopK, type Neighbours } from './usearch-reference.js';

export const EXACT_SIMILAR_MAX = 20_000;
/** Clusters searched per cluster (its own included): lists are only built for items with behaviour, whose vectors spread wider than content-only ones (12 gave them recall@20 0.83–0.85). */
export const SIMILAR_PROBE = 32;
/** Items whose lists are compared with exact lists to report the recall. */
export const SIMILAR_RECALL_SAMPLE = 1000;

export interface Clustering {
  /** `count × dim`, unit length. */
  readonly centroids: Float32Array;
  /** Cluster of every item. */
  readonly assignment: Uint32Array;
}

export interface SimilarItemsOptions {
  /** A partition of the items to reuse (e.g. the IVF's); otherwise k-means runs when the catalog is above EXACT_SIMILAR_MAX. */
  readonly clustering?: Clustering;
  /** Clusters per neighbourhood (default SIMILAR_PROBE). */
  readonly probe?: number;
  /** The vectors' last coordinate is a confidence slack (see kmeans.ts). */
  readonly slack?: boolean;
  readonly seed?: number;
  /** Largest catalog whose lists are computed exactly over the whole catalog (default EXACT_SIMILAR_MAX). */
  readonly exactMax?: number;
  /** Above exactMax: 1 for each item (input position) that gets a list; the others get none. Default: every item. */
  readonly wanted?: Uint8Array;
}

export interface SimilarItemsResult {
  /** In the input order of `vectors` (positions, not index rows). */
  readonly lists: SimilarLists;
  readonly method: 'exact' | 'clustered-exact';
  /** Mean share of each sampled item's exact top-k found in its list (1 for 'exact'), over items with a list. */
  readonly recall: number;
  /** Items that got a list. */
  readonly listed: number;
  readonly clusters: number;
  readonly probe: number;
}

/** For each cluster, the items in it (positions, ascending). */
function membersOf(assignment: Uint32Array, count: number): Uint32Array[] {
  const sizes = new Uint32Array(count);
  for (const c of assignment) sizes[c]!++;
  const members = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(count);
  assignment.forEach((c, i) => (members[c]![filled[c]!++] = i));
  return members;
}

function gather(vectors: Float32Array, dim: number, positions: ArrayLike<number>): Float32Array {
  const out = new Float32Array(positions.length * dim);
  for (let j = 0; j < positions.length; j++) out.set(vectors.subarray(positions[j]! * dim, (positions[j]! + 1) * dim), j * dim);
  return out;
}

/** `want` neighbours of every item (itself usually first), searched within cluster neighbourhoods. */
function clusteredTopK(vectors: Float32Array, dim: number, want: number, clustering: Clustering, probe: number, wanted?: Uint8Array): Neighbours {
  const n = vectors.length / dim;
  const count = clustering.centroids.length / dim;
  const members = membersOf(clustering.assignment, count);
  const near = exactTopK(clustering.centroids, clustering.centroids, dim, Math.min(probe, count));
  const ids = new Uint32Array(n * want).fill(NO_NEIGHBOUR);
  const scores = new Float32Array(n * want).fill(NaN);
  for (let c = 0; c < count; c++) {
    const own = wanted ? members[c]!.filter((i) => wanted[i] === 1) : members[c]!;
    if (own.length === 0) continue;
    let size = 0;
    for (let j = 0; j < near.k; j++) size += members[near.ids[c * near.k + j]!]!.length;
    const candidates = new Uint32Array(size);
    let at = 0;
    for (let j = 0; j < near.k; j++) {
      const m = members[near.ids[c * near.k + j]!]!;
      candidates.set(m, at);
      at += m.length;
    }
    const found = exactTopK(gather(vectors, dim, candidates), gather(vectors, dim, own), dim, Math.min(want, size));
    own.forEach((item, q) => {
      for (let j = 0; j < found.k; j++) {
        const local = found.ids[q * found.k + j]!;
        if (local === NO_NEIGHBOUR) continue;
        ids[item * want + j] = candidates[local]!;
        scores[item * want + j] = found.scores[q * found.k + j]!;
      }
    });
  }
  return { k: want, ids, scores };
}

function listsFrom(found: Neighbours, n: number, k: number): SimilarLists {
  const rows = new Uint32Array(n * k).fill(NO_NEIGHBOUR);
  const scores = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let j = 0;
    for (let m = 0; m < found.k && j < k; m++) {
      const r = found.ids[i * found.k + m]!;
      if (r === i || r === NO_NEIGHBOUR) continue;
      rows[i * k + j] = r;
      scores[i * k + j] = found.scores[i * found.k + m]!;
      j++;
    }
  }
  return { count: n, k, rows, scores };
}

/** Mean share of the exact top-k of `sample` items (other than themselves) that `lists` holds. */
function sampledRecall(vectors: Float32Array, dim: number, lists: SimilarLists, sample: Uint32Array): number {
  const exact = exactTopK(vectors, gather(vectors, dim, sample), dim, Math.min(lists.k + 1, vectors.length / dim));
  let sum = 0;
  let counted = 0;
  sample.forEach((item, s) => {
    const want = new Set<number>();
    for (let m = 0; m < exact.k && want.size < lists.k; m++) {
      const r = exact.ids[s * exact.k + m]!;
      if (r !== item && r !== NO_NEIGHBOUR) want.add(r);
    }
    if (want.size === 0) return;
    let hits = 0;
    for (let j = 0; j < lists.k; j++) if (want.has(lists.rows[item * lists.k + j]!)) hits++;
    sum += hits / want.size;
    counted++;
  });
  return counted === 0 ? 1 : sum / counted;
}

export function similarItems(vectors: Float32Array, dim: number, k: number, options: SimilarItemsOptions = {}): SimilarItemsResult {
  const n = vectors.length / dim;
  const want = Math.min(k + 1, n);
  if (n <= (options.exactMax ?? EXACT_SIMILAR_MAX)) {
    return { lists: listsFrom(exactTopK(vectors, vectors, dim, want), n, k), method: 'exact', recall: 1, listed: n, clusters: 0, probe: 0 };
  }
  const wanted = options.wanted;
  if (wanted && wanted.length !== n) throw new RangeError(`wanted has ${wanted.length} entries for ${n} items`);
  const listedPositions = wanted ? Uint32Array.from({ length: n }, (_, i) => i).filter((i) => wanted[i] === 1) : undefined;
  const seed = options.seed ?? 1;
  const clustering =
    options.clustering ?? sphericalKMeans(vectors, dim, { k: Math.max(1, Math.round(Math.sqrt(n))), seed, ...(options.slack ? { slack: true } : {}) });
  const clusters = clustering.centroids.length / dim;
  const probe = Math.min(options.probe ?? SIMILAR_PROBE, clusters);
  const lists = listsFrom(clusteredTopK(vectors, dim, want, clustering, probe, wanted), n, k);
  const random = Rng.for(seed, 'similar-recall-sample');
  const listed = listedPositions?.length ?? n;
  const pick = (j: number) => (listedPositions ? listedPositions[j]! : j);
  const sample = Uint32Array.from({ length: Math.min(SIMILAR_RECALL_SAMPLE, listed) }, () => pick(Math.floor(random.next() * listed)));
  return { lists, method: 'clustered-exact', recall: sample.length === 0 ? 1 : sampledRecall(vectors, dim, lists, sample), listed, clusters, probe };
}

/** Re-expresses lists in input order as lists in index-row order (`order[row]` = input position). */
export function toRowOrder(lists: SimilarLists, order: Uint32Array): SimilarLists {
  const { count, k } = lists;
  const rowOf = new Uint32Array(count);
  order.forEach((position, row) => (rowOf[position] = row));
  const rows = new Uint32Array(count * k);
  const scores = new Float32Array(count * k);
  for (let row = 0; row < count; row++) {
    const from = order[row]! * k;
    for (let j = 0; j < k; j++) {
      const r = lists.rows[from + j]!;
      rows[row * k + j] = r === NO_NEIGHBOUR ? NO_NEIGHBOUR : rowOf[r]!;
      scores[row * k + j] = lists.scores[from + j]!;
    }
  }
  return { count, k, rows, scores };
}
