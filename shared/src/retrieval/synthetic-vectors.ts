// Clustered synthetic embeddings for tests and benchmarks of the retrieval
// index. Real item embeddings are not iid noise: they form topics (genres),
// sub-topics within them, clusters of uneven popularity and uneven tightness.
// This generator is a two-level mixture of Gaussians on the unit sphere:
//   topic centre   t_j ~ normalize(N(0, I))
//   cluster centre c_k = normalize(t_topic(k) + topicSpread · normalize(N(0, I)))
//   item           x_i = normalize(c_k + spread_k · N(0, I/D)),  k ~ Zipf(clusters, 0.7)
// with spread_k log-normal around `spread` (some clusters tight, some diffuse).
// Item i is generated from its own seeded stream, so any item can be produced
// alone and the output does not depend on how many items are asked for.
// Queries imitate the edge's user vectors: a weighted pool of a user's recent
// items drawn from one to three favourite clusters.
import { Rng, seedOf } from '../workloads/synthetic/rng.js';
import { createZipf } from '../workloads/synthetic/zipf.js';

export interface ClusteredVectorsConfig {
  readonly seed: number | string;
  readonly dim: number;
  /** Number of fine clusters (default max(8, round(sqrt(count)))). */
  readonly clusters?: number;
  /** Number of topics the clusters belong to (default max(2, round(clusters / 16))). */
  readonly topics?: number;
  /** Median within-cluster noise norm relative to the unit centre (default 0.9). */
  readonly spread?: number;
  /** Distance of cluster centres from their topic centre (default 0.8). */
  readonly topicSpread?: number;
}

export interface ClusteredSpace {
  readonly dim: number;
  /** Cluster centres, `clusters × dim`, unit length. */
  readonly centres: Float32Array;
  readonly spreads: Float32Array;
  readonly clusters: number;
  readonly seed: number;
  pickCluster(rng: Rng): number;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function normalizeInto(out: Float32Array, offset: number, dim: number): void {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += out[offset + d]! * out[offset + d]!;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let d = 0; d < dim; d++) out[offset + d] = out[offset + d]! * inv;
}

function randomUnit(rng: Rng, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let d = 0; d < dim; d++) v[d] = gaussian(rng);
  normalizeInto(v, 0, dim);
  return v;
}

/** The mixture itself (centres and spreads); items and queries are drawn from it. */
export function clusteredSpace(config: ClusteredVectorsConfig, count: number): ClusteredSpace {
  const { dim } = config;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  const clusters = config.clusters ?? Math.max(8, Math.round(Math.sqrt(count)));
  const topics = config.topics ?? Math.max(2, Math.round(clusters / 16));
  const spread = config.spread ?? 0.9;
  const topicSpread = config.topicSpread ?? 0.8;
  const seed = seedOf(config.seed);
  const rng = Rng.for(seed, 'retrieval-space');
  const topicCentres = Array.from({ length: topics }, () => randomUnit(rng, dim));
  const centres = new Float32Array(clusters * dim);
  const spreads = new Float32Array(clusters);
  for (let k = 0; k < clusters; k++) {
    const topic = topicCentres[rng.int(topics)]!;
    const offset = randomUnit(rng, dim);
    for (let d = 0; d < dim; d++) centres[k * dim + d] = topic[d]! + topicSpread * offset[d]!;
    normalizeInto(centres, k * dim, dim);
    spreads[k] = spread * Math.exp(0.25 * gaussian(rng));
  }
  const zipf = createZipf(clusters, 0.7);
  // Zipf rank 0 would always be cluster 0; a fixed shuffle spreads popularity over topics.
  const order = Array.from({ length: clusters }, (_, i) => i);
  for (let i = clusters - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { dim, centres, spreads, clusters, seed, pickCluster: (r) => order[zipf.sample(r)]! };
}

/** Writes one item of cluster `k` (unit length) into `out` at `offset`. */
function drawItem(space: ClusteredSpace, k: number, rng: Rng, out: Float32Array, offset: number): void {
  const { dim, centres, spreads } = space;
  const sigma = spreads[k]! / Math.sqrt(dim);
  for (let d = 0; d < dim; d++) out[offset + d] = centres[k * dim + d]! + sigma * gaussian(rng);
  normalizeInto(out, offset, dim);
}

/** `count × dim` unit-length item vectors, row-major. */
export function clusteredVectors(config: ClusteredVectorsConfig, count: number): Float32Array {
  const space = clusteredSpace(config, count);
  const out = new Float32Array(count * space.dim);
  for (let i = 0; i < count; i++) {
    const rng = Rng.for(space.seed, 'retrieval-item', i);
    drawItem(space, space.pickCluster(rng), rng, out, i * space.dim);
  }
  return out;
}

/**
 * `count × dim` user-like query vectors: each is a recency-weighted mean of 5–20
 * fresh items from 1–3 clusters the user favours, normalised. Drawn from streams
 * separate from the items', so queries are held out from the catalog. Query q
 * is the (offset + q)-th of the stream: disjoint offsets give disjoint query sets.
 */
export function clusteredQueries(config: ClusteredVectorsConfig, catalogCount: number, count: number, offset = 0): Float32Array {
  const space = clusteredSpace(config, catalogCount);
  const { dim } = space;
  const out = new Float32Array(count * dim);
  const item = new Float32Array(dim);
  for (let q = 0; q < count; q++) {
    const rng = Rng.for(space.seed, 'retrieval-query', offset + q);
    const favourites = Array.from({ length: rng.between(1, 3) }, () => space.pickCluster(rng));
    const recent = rng.between(5, 20);
    for (let r = 0; r < recent; r++) {
      drawItem(space, rng.pick(favourites), rng, item, 0);
      const weight = Math.pow(0.9, r);
      for (let d = 0; d < dim; d++) out[q * dim + d] = out[q * dim + d]! + weight * item[d]!;
    }
    normalizeInto(out, q * dim, dim);
  }
  return out;
}
