// The embedding space contract (R8: never mix embedding versions). Every
// vector that leaves the index builder or is computed at the edge belongs to
// exactly one embedding version; a search refuses a query from another one.
// Vectors are L2-normalised float32 and similarity is their dot product.

declare const queryBrand: unique symbol;

/** An embedding version as the index builder names it, e.g. `emb-20261122T120000Z-3f9a1c`. */
export interface EmbeddingSpace {
  readonly version: string;
  readonly dim: number;
}

/**
 * A query vector in one embedding space. Only `queryVector` makes one, so a
 * vector cannot exist without the version it was computed in.
 */
export interface QueryVector {
  readonly version: string;
  readonly values: Float32Array;
  readonly [queryBrand]: true;
}

export class EmbeddingVersionMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`embedding version mismatch: the index is ${expected}, the vector was computed in ${actual}`);
    this.name = 'EmbeddingVersionMismatch';
  }
}

/** Wraps `values` (length `space.dim`, L2-normalised by the caller) as a query in `space`. */
export function queryVector(space: EmbeddingSpace, values: Float32Array): QueryVector {
  if (values.length !== space.dim) throw new RangeError(`query vector has ${values.length} dimensions, space ${space.version} has ${space.dim}`);
  return { version: space.version, values } as QueryVector;
}

/** Throws unless `query` was computed in `space`: call it at the top of every search. */
export function assertSameSpace(space: EmbeddingSpace, query: QueryVector): void {
  if (query.version !== space.version) throw new EmbeddingVersionMismatch(space.version, query.version);
  if (query.values.length !== space.dim) throw new RangeError(`query vector has ${query.values.length} dimensions, space ${space.version} has ${space.dim}`);
}

/** Scales `v` in place to unit length; a zero vector stays zero. Returns `v`. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  }
  return v;
}
