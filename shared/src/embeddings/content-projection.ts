// The content projection: a linear map from hashed content features to one
// embedding space, fitted by the index builder so that an item's content
// vector lands near its collaborative vector. The artifact bundle ships it, so
// the fresh-item job and the edge embed brand-new items exactly as the builder
// would (R7, R12: cold start is a lookup plus one small matrix product).
//
// Only features seen in training have non-zero weights, so the projection
// stores those rows alone: `rows` (strictly increasing feature indices) and
// `weights` (rows.length × (dim − 1), row-major).
//
// The space's last coordinate is a confidence slack: item vectors are unit
// length, and the share of that length outside the taste coordinates is how
// unsure the builder is of the item's position. Queries are pooled from
// items whose taste part dominates, so an item's score is, roughly, its
// taste cosine × its confidence. A content-only item gets confidence
// `confidence` (measured on MovieLens: uncalibrated content vectors at full
// length crowd out items with behaviour, see index-builder/src/embeddings).
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
  /**
   * Taste-space length of a content vector, in (0, 1]; the slack coordinate
   * holds √(1 − confidence²). Default 1 (no slack). The index builder sets it.
   */
  readonly confidence?: number;
  readonly rows: Int32Array;
  readonly weights: Float32Array;
}

export const confidenceOf = (projection: Pick<ContentProjection, 'confidence'>): number => projection.confidence ?? 1;

/** Columns of the weights: every coordinate but the confidence slack. */
export const tasteDimOf = (projection: Pick<ContentProjection, 'dim'>): number => projection.dim - 1;

/** The space a projection's vectors live in (for `queryVector`). */
export function projectionSpace(projection: ContentProjection): EmbeddingSpace {
  return { version: projection.version, dim: projection.dim };
}

/** Throws a RangeError naming the first inconsistency (row order or range, weight count, non-finite weight). */
export function checkProjection(p: ContentProjection): void {
  checkFeatureBits(p.featureBits);
  if (!Number.isInteger(p.dim) || p.dim < 2) throw new RangeError(`projection dim must be an integer >= 2, got ${p.dim}`);
  const confidence = confidenceOf(p);
  if (!(confidence > 0 && confidence <= 1)) throw new RangeError(`projection confidence must be in (0, 1], got ${confidence}`);
  if (p.version.length === 0) throw new RangeError('projection version must not be empty');
  const width = tasteDimOf(p);
  if (p.weights.length !== p.rows.length * width) {
    throw new RangeError(`projection has ${p.rows.length} rows of ${width} but ${p.weights.length} weights`);
  }
  const size = 2 ** p.featureBits;
  for (let r = 0; r < p.rows.length; r++) {
    const row = p.rows[r]!;
    if (row < 0 || row >= size) throw new RangeError(`projection row ${r} is feature ${row}, outside [0, ${size})`);
    if (r > 0 && row <= p.rows[r - 1]!) throw new RangeError(`projection rows must strictly increase: row ${r} is ${row} after ${p.rows[r - 1]}`);
  }
  for (let i = 0; i < p.weights.length; i++) {
    if (!Number.isFinite(p.weights[i]!)) throw new RangeError(`projection weight ${i} (row ${Math.floor(i / width)}) is not finite`);
  }
}

// Feature → row of a projection's weights (−1 for features it never saw): one
// array lookup per feature instead of a search. Keyed by the rows array, which a
// projection never changes.
const rowIndexes = new WeakMap<Int32Array, Int32Array>();

function rowIndexOf(projection: ContentProjection): Int32Array {
  let index = rowIndexes.get(projection.rows);
  if (!index) {
    index = new Int32Array(2 ** projection.featureBits).fill(-1);
    for (let r = 0; r < projection.rows.length; r++) index[projection.rows[r]!] = r;
    rowIndexes.set(projection.rows, index);
  }
  return index;
}

/** features · W: the taste coordinates (dim − 1 of them), not normalised. Features the projection never saw contribute nothing. */
export function projectFeatures(projection: ContentProjection, features: SparseVector): Float32Array {
  const { weights } = projection;
  const rowOf = rowIndexOf(projection);
  const width = tasteDimOf(projection);
  const out = new Float64Array(width);
  for (let k = 0; k < features.indices.length; k++) {
    const r = rowOf[features.indices[k]!] ?? -1;
    if (r < 0) continue;
    const x = features.values[k]!;
    const base = r * width;
    for (let d = 0; d < width; d++) out[d]! += x * weights[base + d]!;
  }
  return Float32Array.from(out);
}

/**
 * A unit vector of the space from projected taste coordinates: the taste part
 * normalised and scaled to `confidence`, the rest in the slack coordinate.
 * With no known feature the taste part is zero and the vector is all slack
 * (it scores 0 against any query pooled from confident items).
 */
function placeInSpace(taste: Float32Array, confidence: number): Float32Array {
  const out = new Float32Array(taste.length + 1);
  out.set(normalize(taste));
  const known = out.some((x) => x !== 0);
  for (let d = 0; d < taste.length; d++) out[d] = out[d]! * confidence;
  out[taste.length] = known ? Math.sqrt(Math.max(0, 1 - confidence * confidence)) : 1;
  return out;
}

/** An item's content embedding in the projection's space: unit length, taste part scaled to the projection's confidence. */
export function embedContent(projection: ContentProjection, item: CatalogItem): Float32Array {
  return placeInSpace(projectFeatures(projection, contentFeatures(item, projection.featureBits)), confidenceOf(projection));
}

/** The content embedding of partial facts, placed like an item's. */
export function embedFacts(projection: ContentProjection, facts: ContentFacts): Float32Array {
  return placeInSpace(projectFeatures(projection, featuresOfFacts(facts, projection.featureBits)), confidenceOf(projection));
}
