// Assembles the content of flat and IVF index files from float vectors. The
// expensive part of an IVF build (k-means) happens in the index builder; this
// module only quantizes, groups rows by partition and orders the item ids to
// match, so the edge's tests can build small indexes inside workerd too.
import type { EmbeddingSpace } from '../embeddings/space.js';
import type { IndexContent } from './index-codec.js';
import { fitScales, quantizeRows, validateUnitVectors, VectorInputError } from './quantize.js';

/** Throws VectorInputError for a bad catalog: empty, id/vector count mismatch, empty or duplicate ids, NaN or non-unit vectors. */
export function validateCatalog(space: EmbeddingSpace, itemIds: readonly string[], vectors: Float32Array): void {
  const count = validateUnitVectors(vectors, space.dim, 'item vector');
  if (count !== itemIds.length) throw new VectorInputError(`${itemIds.length} item ids but ${count} vectors of dimension ${space.dim}`);
  if (count === 0) throw new VectorInputError('the catalog is empty: an index needs at least one item');
  const seen = new Set<string>();
  itemIds.forEach((id, i) => {
    if (id.length === 0) throw new VectorInputError(`item id ${i} is empty`);
    if (seen.has(id)) throw new VectorInputError(`item id ${JSON.stringify(id)} appears twice (again at position ${i})`);
    seen.add(id);
  });
}

/** A flat index: rows in the given item order. */
export function flatIndexContent(space: EmbeddingSpace, itemIds: readonly string[], vectors: Float32Array): IndexContent {
  validateCatalog(space, itemIds, vectors);
  const scales = fitScales(vectors, space.dim);
  return { space, layout: 'flat', scales, rows: quantizeRows(vectors, space.dim, scales), itemIds };
}

export interface IvfInput {
  /** Unit centroids, `partitions × dim`. */
  readonly centroids: Float32Array;
  /** Partition of each item (same order as the item ids). */
  readonly assignment: Uint32Array;
  readonly nprobe: number;
}

/** An IVF index: rows grouped by partition (stable within one), ids reordered to match. */
export function ivfIndexContent(space: EmbeddingSpace, itemIds: readonly string[], vectors: Float32Array, ivf: IvfInput): IndexContent & { readonly order: Uint32Array } {
  validateCatalog(space, itemIds, vectors);
  const { dim } = space;
  const partitions = validateUnitVectors(ivf.centroids, dim, 'centroid');
  if (ivf.assignment.length !== itemIds.length) throw new VectorInputError(`${ivf.assignment.length} assignments for ${itemIds.length} items`);
  const offsets = new Uint32Array(partitions + 1);
  for (const p of ivf.assignment) {
    if (p >= partitions) throw new VectorInputError(`an item is assigned to partition ${p}, there are ${partitions}`);
    offsets[p + 1]!++;
  }
  for (let p = 0; p < partitions; p++) offsets[p + 1]! += offsets[p]!;
  const cursor = offsets.slice(0, partitions);
  // order[row] = position of that row's item in the input.
  const order = new Uint32Array(itemIds.length);
  ivf.assignment.forEach((p, i) => (order[cursor[p]!++] = i));
  const grouped = new Float32Array(vectors.length);
  order.forEach((i, row) => grouped.set(vectors.subarray(i * dim, (i + 1) * dim), row * dim));
  const scales = fitScales(grouped, dim);
  // Centroids share the items' scales so one encoded query scores both.
  // (A centroid component beyond the items' range saturates at ±127; that only blurs probing slightly.)
  const centroidRows = quantizeRows(ivf.centroids, dim, scales);
  return {
    space,
    layout: 'ivf',
    scales,
    rows: quantizeRows(grouped, dim, scales),
    centroids: centroidRows,
    partitionOffsets: offsets,
    nprobe: ivf.nprobe,
    itemIds: Array.from(order, (i) => itemIds[i]!),
    order,
  };
}
