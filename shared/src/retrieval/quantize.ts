// int8 quantization of L2-normalised float32 item vectors (R9), and the
// matching query encoding used by every int8 search (JS reference and WASM).
//
// Scales are per DIMENSION, not per vector: item x is stored as q (int8 in
// [-127, 127]) with x_d ≈ q_d · scale_d. A query y is pre-multiplied by the
// scales (y'_d = y_d · scale_d) and encoded as int16, so x·y ≈ Σ q_d · y'_d is
// one integer dot product per row with no per-row float work: ranking happens
// on exact int32 scores, and rows stay exactly `dim` bytes (4× smaller than
// float32, the scales cost `dim` floats for the whole index). Per-vector scales
// would add 4 bytes to every 64-byte row (3.76×) for a small precision gain.
// Rows are padded with zeros to a multiple of 16 bytes for the SIMD kernel.

export const INT8_LIMIT = 127;
const INT16_LIMIT = 32767;
/** Vectors whose norm is further than this from 1 are rejected. */
export const NORM_TOLERANCE = 1e-3;

export class VectorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorInputError';
  }
}

/** Bytes per stored row: `dim` rounded up to a multiple of 16 (SIMD lane width). */
export function rowStride(dim: number): number {
  return Math.ceil(dim / 16) * 16;
}

/**
 * Throws a VectorInputError naming the first bad row: wrong total length,
 * NaN/Infinity, or a norm not within NORM_TOLERANCE of 1.
 */
export function validateUnitVectors(vectors: Float32Array, dim: number, what = 'vector'): number {
  if (!Number.isInteger(dim) || dim < 1) throw new VectorInputError(`dimension must be a positive integer, got ${dim}`);
  if (vectors.length % dim !== 0) {
    throw new VectorInputError(`${what} data has ${vectors.length} floats, not a multiple of dimension ${dim}`);
  }
  const count = vectors.length / dim;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = 0; d < dim; d++) {
      const v = vectors[i * dim + d]!;
      if (!Number.isFinite(v)) throw new VectorInputError(`${what} ${i} has a non-finite value (${v}) at dimension ${d}`);
      sum += v * v;
    }
    const norm = Math.sqrt(sum);
    if (Math.abs(norm - 1) > NORM_TOLERANCE) {
      throw new VectorInputError(`${what} ${i} is not L2-normalised (norm ${norm.toPrecision(6)})`);
    }
  }
  return count;
}

/** Per-dimension scales: the largest |x_d| over all rows maps to ±127, so nothing saturates. */
export function fitScales(vectors: Float32Array, dim: number): Float32Array {
  const maxAbs = new Float32Array(dim);
  const count = vectors.length / dim;
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) {
      const a = Math.abs(vectors[i * dim + d]!);
      if (a > maxAbs[d]!) maxAbs[d] = a;
    }
  }
  // A dimension that is zero everywhere gets scale 1: its codes are all 0 anyway.
  return maxAbs.map((m) => (m > 0 ? m / INT8_LIMIT : 1));
}

/** Quantizes `count` rows into a zero-padded `count × rowStride(dim)` int8 matrix. */
export function quantizeRows(vectors: Float32Array, dim: number, scales: Float32Array): Int8Array {
  const stride = rowStride(dim);
  const count = vectors.length / dim;
  const out = new Int8Array(count * stride);
  const inv = scales.map((s) => 1 / s);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) {
      const q = Math.round(vectors[i * dim + d]! * inv[d]!);
      out[i * stride + d] = q > INT8_LIMIT ? INT8_LIMIT : q < -INT8_LIMIT ? -INT8_LIMIT : q;
    }
  }
  return out;
}

/** The largest |int16 code| of a query such that Σ|q·y'| fits int32 for this stride. */
export function queryCodeLimit(stride: number): number {
  return Math.min(INT16_LIMIT, Math.floor(0x7fffffff / (INT8_LIMIT * stride)));
}

export interface EncodedQuery {
  /** `rowStride(dim)` int16 codes (zero padded). */
  readonly codes: Int16Array;
  /** Multiply an int32 row score by this to get the approximate float dot product. */
  readonly scoreScale: number;
}

/** Encodes a float query against per-dimension item scales (see the module comment). */
export function encodeQuery(values: Float32Array, scales: Float32Array): EncodedQuery {
  const dim = scales.length;
  if (values.length !== dim) throw new VectorInputError(`query has ${values.length} dimensions, the index has ${dim}`);
  const stride = rowStride(dim);
  const scaled = new Float64Array(dim);
  let maxAbs = 0;
  for (let d = 0; d < dim; d++) {
    const v = values[d]!;
    if (!Number.isFinite(v)) throw new VectorInputError(`query has a non-finite value (${v}) at dimension ${d}`);
    scaled[d] = v * scales[d]!;
    maxAbs = Math.max(maxAbs, Math.abs(scaled[d]!));
  }
  const codes = new Int16Array(stride);
  if (maxAbs === 0) return { codes, scoreScale: 0 };
  const unit = maxAbs / queryCodeLimit(stride);
  for (let d = 0; d < dim; d++) codes[d] = Math.round(scaled[d]! / unit);
  return { codes, scoreScale: unit };
}
