// Fits the content projection: ridge regression from hashed content features
// to the items' collaborative vectors, so that an item nobody has watched yet
// lands where items like it live (R7).
//
//   W = argmin ‖XW − Y‖² + λ‖W‖²   ⇔   (XᵀX + λI) W = XᵀY
//
// X is sparse (items × 2^bits, a few dozen non-zeros per row), so XᵀX is never
// formed: conjugate gradient runs on the D right-hand sides at once, each
// iteration costing two passes over X's non-zeros. Only features present in at
// least `minFeatureItems` training items get a row: a feature seen on one item
// only memorises that item and never helps place a new one.
import { BIAS_FEATURE, CONTENT_FEATURES_VERSION, contentFeatures, type ContentProjection, type SparseVector } from '@freshet/shared/embeddings/index';
import type { CatalogItem } from '@freshet/shared';

export interface ProjectionFitOptions {
  readonly version: string;
  /** Taste-space length of content vectors (the projection's `confidence`). */
  readonly confidence: number;
  readonly featureBits: number;
  /** λ of the ridge penalty. */
  readonly regularization: number;
  readonly minFeatureItems: number;
  readonly maxIterations: number;
  /** Stop when every column's residual norm fell by this factor. */
  readonly tolerance: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ProjectionFit {
  readonly projection: ContentProjection;
  readonly iterations: number;
  /** R² of the fit on the training items (1 − residual / total sum of squares). */
  readonly trainR2: number;
}

/**
 * `targets` holds one `dim`-long row per item of `items`: the taste
 * coordinates of the CF vectors to reproduce (the space has dim + 1
 * coordinates with the confidence slack). Throws a RangeError for an empty
 * training set or a length mismatch.
 */
export function fitProjection(items: readonly CatalogItem[], targets: Float64Array, dim: number, o: ProjectionFitOptions): ProjectionFit {
  const n = items.length;
  if (n === 0) throw new RangeError('cannot fit a content projection without training items');
  if (targets.length !== n * dim) throw new RangeError(`targets hold ${targets.length} values, expected ${n} items × ${dim}`);
  const features: SparseVector[] = items.map((item) => contentFeatures(item, o.featureBits));

  // Dense columns for the features kept, in increasing feature order (that is the projection's row order).
  const itemCount = new Map<number, number>();
  for (const f of features) for (const index of f.indices) itemCount.set(index, (itemCount.get(index) ?? 0) + 1);
  const kept = [...itemCount].filter(([index, count]) => count >= o.minFeatureItems || index === BIAS_FEATURE).map(([index]) => index);
  kept.sort((a, b) => a - b);
  const columnOf = new Map(kept.map((index, c) => [index, c]));
  const start = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  features.forEach((f, i) => {
    for (let k = 0; k < f.indices.length; k++) {
      const c = columnOf.get(f.indices[k]!);
      if (c === undefined) continue;
      cols.push(c);
      vals.push(f.values[k]!);
    }
    start[i + 1] = cols.length;
  });
  const xCols = Int32Array.from(cols);
  const xVals = Float64Array.from(vals);
  const m = kept.length;

  // Xᵀ·Z (Z: n × dim) → m × dim
  const xtTimes = (z: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const zBase = i * dim;
      for (let k = start[i]!; k < start[i + 1]!; k++) {
        const v = xVals[k]!;
        const oBase = xCols[k]! * dim;
        for (let d = 0; d < dim; d++) out[oBase + d]! += v * z[zBase + d]!;
      }
    }
  };
  // X·P (P: m × dim) → n × dim
  const xTimes = (p: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const oBase = i * dim;
      for (let k = start[i]!; k < start[i + 1]!; k++) {
        const v = xVals[k]!;
        const pBase = xCols[k]! * dim;
        for (let d = 0; d < dim; d++) out[oBase + d]! += v * p[pBase + d]!;
      }
    }
  };

  const w = new Float64Array(m * dim);
  const r = new Float64Array(m * dim);
  xtTimes(targets, r); // r = XᵀY − A·0
  const p = Float64Array.from(r);
  const ap = new Float64Array(m * dim);
  const xp = new Float64Array(n * dim);
  const rr = columnDots(r, r, m, dim);
  const rr0 = Float64Array.from(rr);
  let iterations = 0;
  for (; iterations < o.maxIterations; iterations++) {
    if (rr.every((v, d) => v <= o.tolerance * o.tolerance * rr0[d]!)) break;
    xTimes(p, xp);
    xtTimes(xp, ap);
    for (let k = 0; k < ap.length; k++) ap[k]! += o.regularization * p[k]!;
    const pap = columnDots(p, ap, m, dim);
    const alpha = new Float64Array(dim);
    for (let d = 0; d < dim; d++) alpha[d] = pap[d]! > 0 ? rr[d]! / pap[d]! : 0;
    for (let j = 0; j < m; j++) {
      for (let d = 0; d < dim; d++) {
        const k = j * dim + d;
        w[k]! += alpha[d]! * p[k]!;
        r[k]! -= alpha[d]! * ap[k]!;
      }
    }
    const rrNext = columnDots(r, r, m, dim);
    for (let j = 0; j < m; j++) {
      for (let d = 0; d < dim; d++) {
        const k = j * dim + d;
        p[k] = r[k]! + (rr[d]! > 0 ? rrNext[d]! / rr[d]! : 0) * p[k]!;
      }
    }
    rr.set(rrNext);
    o.onProgress?.(iterations + 1, o.maxIterations);
  }

  // Goodness of fit on the training items.
  xTimes(w, xp);
  let residual = 0;
  let total = 0;
  const mean = new Float64Array(dim);
  for (let k = 0; k < targets.length; k++) mean[k % dim]! += targets[k]! / n;
  for (let k = 0; k < targets.length; k++) {
    residual += (targets[k]! - xp[k]!) ** 2;
    total += (targets[k]! - mean[k % dim]!) ** 2;
  }

  return {
    projection: {
      version: o.version,
      dim: dim + 1,
      // Stored as float32 by the codec: use that value here too, so the builder and the edge agree bit for bit.
      confidence: Math.fround(o.confidence),
      featureBits: o.featureBits,
      featuresVersion: CONTENT_FEATURES_VERSION,
      rows: Int32Array.from(kept),
      weights: Float32Array.from(w),
    },
    iterations,
    trainR2: total > 0 ? 1 - residual / total : 0,
  };
}

/** Per-column dot products of two m × dim matrices. */
function columnDots(a: Float64Array, b: Float64Array, m: number, dim: number): Float64Array {
  const out = new Float64Array(dim);
  for (let j = 0; j < m; j++) for (let d = 0; d < dim; d++) out[d]! += a[j * dim + d]! * b[j * dim + d]!;
  return out;
}
