// The drift check between the active version and a candidate (R8): the
// caller supplies how to ask a version for an item's neighbours (the index
// builder's own search, or the similar lists in the bundles); this module
// asks for the anchors in both versions and scores overlap@k.
import { driftReport, type AnchorNeighbours, type DriftReport } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';

export const DEFAULT_DRIFT_K = 10;
export const DEFAULT_DRIFT_THRESHOLD = 0.5;

/** An item's top-k neighbours in a version, nearest first; null when the item is not in that version. */
export type NeighboursFn = (version: string, itemId: string, k: number) => Promise<readonly string[] | null>;

export interface DriftOptions {
  /** Items whose neighbourhoods must survive a rebuild (popular titles, editorially curated pairs). */
  readonly anchors: readonly string[];
  readonly neighbours: NeighboursFn;
  readonly k?: number;
  /** Minimum mean overlap@k (default 0.5). */
  readonly threshold?: number;
}

export async function runDriftCheck(activeVersion: string, candidate: string, options: DriftOptions): Promise<DriftReport> {
  const k = options.k ?? DEFAULT_DRIFT_K;
  if (options.anchors.length === 0) throw new ArtifactError('bad_input', 'the drift check needs at least one anchor item');
  const lists: AnchorNeighbours[] = [];
  for (const itemId of options.anchors) {
    const [before, after] = await Promise.all([options.neighbours(activeVersion, itemId, k), options.neighbours(candidate, itemId, k)]);
    lists.push({ itemId, before, after });
  }
  return driftReport(lists, k, options.threshold ?? DEFAULT_DRIFT_THRESHOLD);
}
