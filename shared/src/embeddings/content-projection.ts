// The content projection: a linear map from hashed content features to one
// embedding space, fitted by the index builder so that an item's content
// vector lands near its collaborative vector. The artifact bundle ships it, so
// the fresh-item job and the edge embed brand-new items exactly as the builder
// would (R7, R12: cold start is a lookup plus one small matrix product).
//
// Only features seen in training have non-zero weights, so the projection
// stores those rows alone: `rows` (strictly increasing feature indices) and
// `weights` (rows.length × dim, row-major).
import type { CatalogItem } from '../events/catalog-item.js';
import { checkFeatureBits, contentFeatures, featuresOfFacts, type ContentFacts, type SparseVector } from './content-features.js';
import { normalize, type EmbeddingSpace } from './space.js';

export interface ContentProjection {
  /** The embedding version this projection maps into. */
  readonly version: string;
  readonly dim: number;
  /** Features are hashed into 2^featureBits buckets. */
  readonly featureBits: number;
  /** CONTENT_FEATURES_VERSION the projection was fitted with. */
  readonly featuresVersion: number;
  readonly rows: Int32Array;
  readonly weights: Float32Array;
}

/** The space a projection's vectors live in (for `queryVector`). */
export function projectionSpace(projection: ContentProjection): EmbeddingSpace {
  return { version: projection.version, dim: projection.dim };
}

/** Throws a RangeError naming the first inconsistency (row order or range, weight count, non-finite weight). */
export function checkProjection(p: ContentProjection): void {
  checkFeatureBits(p.featureBits);
  if (!Number.isInteger(p.dim) || p.dim < 1) throw new RangeError(`projection dim must be a positive integer, got ${p.dim}`);
  if (p.version.length === 0) throw new RangeError('projection version must not be empty');
  if (p.weights.length !== p.rows.length * p.dim) {
    throw new RangeError(`projection has ${p.rows.length} rows of ${p.dim} but ${p.weights.length} weights`);
  }
  const size = 2 ** p.featureBits;
  for (let r = 0; r < p.rows.length; r++) {
    const row = p.rows[r]!;
    if (row < 0 || row >= size) throw new RangeError(`projection row ${r} is feature ${row}, outside [0, ${size})`);
    if (r > 0 && row <= p.rows[r - 1]!) throw new RangeError(`projection rows must strictly increase: row ${r} is ${row} after ${p.rows[r - 1]}`);
  }
  for (let i = 0; i < p.weights.length; i++) {
    if (!Number.isFinite(p.weights[i]!)) throw new RangeError(`projection weight ${i} (row ${Math.floor(i / p.dim)}) is not finite`);
  }
}

/** Position of `feature` in `rows`, or −1 (binary search: rows are sorted). */
function rowOf(rows: Int32Array, feature: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]!;
    if (v === feature) return mid;
    if (v < feature) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** features · W, not normalised. Features the projection never saw contribute nothing. */
export function projectFeatures(projection: ContentProjection, features: SparseVector): Float32Array {
  const { dim, rows, weights } = projection;
  const out = new Float64Array(dim);
  for (let k = 0; k < features.indices.length; k++) {
    const r = rowOf(rows, features.indices[k]!);
    if (r < 0) continue;
    const x = features.values[k]!;
    const base = r * dim;
    for (let d = 0; d < dim; d++) out[d]! += x * weights[base + d]!;
  }
  return Float32Array.from(out);
}

/** An item's content embedding: L2-normalised (a zero vector only if none of its features is known). */
export function embedContent(projection: ContentProjection, item: CatalogItem): Float32Array {
  return normalize(projectFeatures(projection, contentFeatures(item, projection.featureBits)));
}

/** The content embedding of partial facts (e.g. onboarding categories and languages), L2-normalised. */
export function embedFacts(projection: ContentProjection, facts: ContentFacts): Float32Array {
  return normalize(projectFeatures(projection, featuresOfFacts(facts, projection.featureBits)));
}
