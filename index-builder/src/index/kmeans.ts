// Spherical k-means for IVF partitions: centroids are unit vectors and items
// go to the centroid with the largest dot product, matching how the edge
// probes partitions. Seeded and deterministic for a given input. Lloyd
// iterations run on a sample (about 64 items per centroid is plenty for
// partitioning), then every item is assigned once; the assignment steps use
// usearch's exact SIMD search, which is what makes 1M × 64 take seconds.
import { Rng } from '@freshet/shared/synthetic';
import { exactTopK } from './usearch-reference.js';

export interface KMeansOptions {
  readonly k: number;
  readonly seed: number;
  /** Items Lloyd iterations run on (default min(n, 64·k)). */
  readonly sampleSize?: number;
  /** Lloyd iterations on the sample (default 10). */
  readonly iterations?: number;
  /**
   * The last coordinate is the embedding space's confidence slack
   * (index-builder/src/embeddings/train.ts), not a direction: a centroid keeps
   * its members' mean slack and points its taste part the way theirs point.
   */
  readonly slack?: boolean;
}

export interface KMeansResult {
  /** `k × dim`, unit length. */
  readonly centroids: Float32Array;
  /** Partition of every input item. */
  readonly assignment: Uint32Array;
}

function nearestCentroid(centroids: Float32Array, points: Float32Array, dim: number): { assignment: Uint32Array; scores: Float32Array } {
  // exactTopK blocks the points itself (usearch materialises a distance matrix).
  const found = exactTopK(centroids, points, dim, 1);
  return { assignment: found.ids, scores: found.scores };
}

function normalizeRow(v: Float32Array, offset: number, dim: number): boolean {
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += v[offset + d]! * v[offset + d]!;
  if (sum === 0) return false;
  const inv = 1 / Math.sqrt(sum);
  for (let d = 0; d < dim; d++) v[offset + d] = v[offset + d]! * inv;
  return true;
}

/**
 * Turns a member sum into a slack-aware centroid: the slack is the members' mean
 * slack s, the taste part their summed taste direction scaled to √(1 − s²).
 * Plain normalisation would give a spread-out cluster of items known by content
 * alone (taste length 0.5, slack 0.87 each) a centroid that is nearly all slack:
 * it would out-score every other centroid for every such item, whatever its
 * direction, and collect them into a few giant partitions.
 */
function slackCentroid(v: Float32Array, offset: number, dim: number, members: number): boolean {
  const slack = Math.min(1, Math.max(0, v[offset + dim - 1]! / members));
  let sum = 0;
  for (let d = 0; d < dim - 1; d++) sum += v[offset + d]! * v[offset + d]!;
  if (sum === 0) return false;
  const scale = Math.sqrt(1 - slack * slack) / Math.sqrt(sum);
  for (let d = 0; d < dim - 1; d++) v[offset + d] = v[offset + d]! * scale;
  v[offset + dim - 1] = slack;
  return true;
}

/** `count` distinct row indices of 0..n-1 (partial Fisher–Yates). */
function sampleRows(n: number, count: number, rng: Rng): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, count);
}

export function sphericalKMeans(vectors: Float32Array, dim: number, options: KMeansOptions): KMeansResult {
  const n = vectors.length / dim;
  const { k, seed } = options;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k-means needs 1 ≤ k ≤ ${n} items, got k = ${k}`);
  const rng = Rng.for(seed, 'kmeans');
  const sampleSize = Math.min(n, Math.max(k, options.sampleSize ?? 64 * k));
  const rows = sampleRows(n, sampleSize, rng);
  const sample = new Float32Array(sampleSize * dim);
  rows.forEach((r, i) => sample.set(vectors.subarray(r * dim, (r + 1) * dim), i * dim));

  // Sampled initialisation: k distinct sample points (the sample is already a random order).
  const centroids = sample.slice(0, k * dim);
  const sums = new Float64Array(k * dim);
  for (let iter = 0; iter < (options.iterations ?? 10); iter++) {
    const { assignment, scores } = nearestCentroid(centroids, sample, dim);
    sums.fill(0);
    const sizes = new Uint32Array(k);
    for (let i = 0; i < sampleSize; i++) {
      const c = assignment[i]!;
      sizes[c]!++;
      for (let d = 0; d < dim; d++) sums[c * dim + d]! += sample[i * dim + d]!;
    }
    // An empty centroid takes over the sample point its centroid fits worst.
    const worst = Array.from({ length: sampleSize }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
    let nextWorst = 0;
    for (let c = 0; c < k; c++) {
      for (let d = 0; d < dim; d++) centroids[c * dim + d] = sums[c * dim + d]!;
      const placed = options.slack && sizes[c]! > 0 ? slackCentroid(centroids, c * dim, dim, sizes[c]!) : normalizeRow(centroids, c * dim, dim);
      if (sizes[c] === 0 || !placed) {
        const donor = worst[nextWorst++]!;
        centroids.set(sample.subarray(donor * dim, (donor + 1) * dim), c * dim);
      }
    }
  }
  return { centroids, assignment: nearestCentroid(centroids, vectors, dim).assignment };
}
