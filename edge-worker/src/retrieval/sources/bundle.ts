// The parts of the active bundle that retrieval reads, checked once when the
// bundle is loaded (per isolate, per version): the index, its item table (row
// r of one is row r of the other), the item-to-item lists, the content
// projection and the popular list. A bundle whose parts disagree is refused
// here rather than producing mixed candidates at request time (R8).
import type { CoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import type { ItemTable } from '@freshet/shared/catalog-table/item-table';
import type { ContentProjection } from '@freshet/shared/embeddings/content-projection';
import type { SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import type { KernelIndex } from '../load.js';

/** fallback.json as the index builder writes it (index-builder/src/build/fallback-list.ts). */
export interface PopularList {
  readonly as_of: number;
  /** Best first; score 0 for items listed only because they are newest. */
  readonly items: readonly { readonly item_id: string; readonly score: number }[];
}

/**
 * The shape is a subset of the serving bundle's (bundle/load-bundle.ts), so a
 * loaded bundle can be passed as it is.
 */
export interface RetrievalBundle {
  readonly index: KernelIndex;
  /** The item table, in index-row order. */
  readonly items: ItemTable;
  /** Item-to-item lists by index row; null when the bundle has none. */
  readonly similar: SimilarLists | null;
  /** Co-visitation lists by index row, for the ranker's cf_co_visitation slot; absent or null when the bundle has none. */
  readonly coVisitation?: CoVisitationLists | null;
  /** Maps content into the index's space (cold users, content-based); null when the bundle has none. */
  readonly projection: ContentProjection | null;
  /** fallback.json, or its ids best first (scored by position then). */
  readonly popular: PopularList | readonly string[] | null;
}

export class RetrievalBundleError extends Error {
  override readonly name = 'RetrievalBundleError';
}

/** Throws RetrievalBundleError naming the first disagreement between the parts. */
export function checkRetrievalBundle(bundle: RetrievalBundle): RetrievalBundle {
  const { index, items: table, similar, projection, popular } = bundle;
  if (table.count !== index.count) throw new RetrievalBundleError(`the item table has ${table.count} rows, the index ${index.count}`);
  // Spot checks: comparing every id would cost a full decode of both per load.
  // rowOf also builds the table's id → row map now, at load, rather than on
  // the first request (~40 ms at 100k items).
  for (const row of new Set([0, index.count >> 1, index.count - 1])) {
    const id = table.idAt(row);
    if (id !== index.itemId(row)) throw new RetrievalBundleError(`row ${row} is ${JSON.stringify(id)} in the item table but ${JSON.stringify(index.itemId(row))} in the index`);
    if (table.rowOf(id) !== row) throw new RetrievalBundleError(`the item table maps ${JSON.stringify(id)} to row ${table.rowOf(id)}, not ${row} (a repeated id?)`);
  }
  if (similar && similar.count !== index.count) throw new RetrievalBundleError(`the similar lists cover ${similar.count} rows, the index ${index.count}`);
  const coVisitation = bundle.coVisitation;
  if (coVisitation && coVisitation.count !== index.count) throw new RetrievalBundleError(`the co-visitation lists cover ${coVisitation.count} rows, the index ${index.count}`);
  if (projection && (projection.version !== index.space.version || projection.dim !== index.space.dim)) {
    throw new RetrievalBundleError(`the content projection maps into ${projection.version} (${projection.dim}-d), the index is ${index.space.version} (${index.space.dim}-d)`);
  }
  if (popular && !Array.isArray(popular) && !Array.isArray((popular as PopularList).items)) throw new RetrievalBundleError('the popular list has no items array');
  return bundle;
}
