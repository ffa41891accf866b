// Training rows → the matrices the trainer takes: each row's features
// assembled by THE shared assembly function (the one the edge uses), with the
// candidate's catalog facts as of t and the exposure's context, plus the
// three head labels.
import { FEATURE_COUNT, RANKER_HEADS, NO_COLLABORATIVE, assembleCandidate, candidateFactsOf, collaborativeSignals, prepareCollaborative, prepareUserSide } from '@freshet/shared/ranking/index';
import { userItemsOf } from '@freshet/shared/candidates/user-signals';
import type { ItemVectors } from '@freshet/shared/embeddings/user-vector';
import type { CoVisitation } from '@freshet/shared/ranking/collaborative';
import type { CatalogAsOf } from './catalog-as-of.js';
import type { RankerExample } from './label-examples.js';
import type { Matrix } from './train-mlp.js';

export interface AssembledRows {
  readonly x: Matrix;
  /** [rows × RANKER_HEADS] 0/1. */
  readonly y: Float32Array;
}

/**
 * `vectors`: the item vectors of the embedding version the ranker will serve with (the build's own),
 * for the collaborative slots; without them those slots say missing in every row.
 */
export function assembleRows(
  rows: readonly { readonly example: RankerExample; readonly features: Readonly<Record<string, unknown>> }[],
  catalog: CatalogAsOf,
  vectors?: ItemVectors,
  coVisitation?: (userId: string) => CoVisitation,
): AssembledRows {
  const data = new Float32Array(rows.length * FEATURE_COUNT);
  const y = new Float32Array(rows.length * RANKER_HEADS.length);
  rows.forEach(({ example, features }, r) => {
    const item = catalog(example.item_id, example.t);
    if (item === null) throw new RangeError(`item ${example.item_id} is not in the catalog as of ${example.t}: such examples must be dropped before assembly`);
    const context = {
      time: example.t,
      ...(example.local_hour !== undefined && { localHour: example.local_hour }),
      ...(example.device !== undefined && { device: example.device }),
    };
    const user = vectors === undefined ? NO_COLLABORATIVE : prepareCollaborative(vectors, userItemsOf(features).seeds, {}, coVisitation?.(example.user_id));
    const collaborative = vectors === undefined ? undefined : collaborativeSignals(user, vectors.vectorOf(example.item_id), example.item_id);
    assembleCandidate(prepareUserSide(features, context), example.item_id, features, candidateFactsOf(item, collaborative), data, r * FEATURE_COUNT);
    RANKER_HEADS.forEach((head, h) => (y[r * RANKER_HEADS.length + h] = example[head]));
  });
  return { x: { rows: rows.length, cols: FEATURE_COUNT, data }, y };
}
