// Chooses the content projection's ridge penalty λ on held-out items: the
// projection exists to place items nobody has engaged with yet (R7), so λ is
// judged on training items it did not see. One fixed λ cannot suit every
// catalog: MovieLens fits its projection on ~3,000 well-watched items, a
// sparse million-item catalog on ~1,400, where a small λ memorises each item's
// own words — held-out directions get worse, and the content-only items
// scatter over the whole sphere instead of sitting near the items like them
// (which is also what made IVF partitions useless on them).
//
// Score: mean cosine between the held-out items' projected taste coordinates
// and their collaborative targets — the direction is what the space keeps
// (content vectors are rescaled to the projection's confidence).
import type { CatalogItem } from '@freshet/shared';
import { contentFeatures, projectFeatures } from '@freshet/shared/embeddings/index';
import { Rng } from '@freshet/shared/synthetic';
import { fitProjection, type ProjectionFitOptions } from './fit-projection.js';

/** The λ tried, smallest first (a tie keeps the smaller). */
export const REGULARIZATION_GRID: readonly number[] = [1, 3, 10, 30, 100, 300];
/** Share of the training items held out to judge each λ. */
export const HELD_OUT_SHARE = 0.2;
/** Below this many training items a held-out split says little: the grid's first λ is taken. */
export const MIN_ITEMS_TO_CHOOSE = 50;

export interface RegularizationChoice {
  readonly lambda: number;
  /** Mean held-out cosine per λ of the grid (empty when too few items to choose). */
  readonly heldOutCosine: Readonly<Record<string, number>>;
}

export function chooseRegularization(
  items: readonly CatalogItem[],
  targets: Float64Array,
  dim: number,
  o: Omit<ProjectionFitOptions, 'regularization' | 'onProgress'> & { readonly seed: number; readonly grid?: readonly number[] },
): RegularizationChoice {
  const grid = o.grid ?? REGULARIZATION_GRID;
  if (grid.length === 0 || grid.some((l) => !(l > 0))) throw new RangeError(`the λ grid needs positive values, got [${grid.join(', ')}]`);
  if (items.length < MIN_ITEMS_TO_CHOOSE || grid.length === 1) return { lambda: grid[0]!, heldOutCosine: {} };
  const positions = Rng.for(o.seed, 'projection-held-out').shuffled(items.map((_, i) => i));
  const cut = Math.round(items.length * HELD_OUT_SHARE);
  const heldOut = positions.slice(0, cut);
  const train = positions.slice(cut);
  const trainTargets = new Float64Array(train.length * dim);
  train.forEach((i, k) => trainTargets.set(targets.subarray(i * dim, (i + 1) * dim), k * dim));
  const trainItems = train.map((i) => items[i]!);
  const features = heldOut.map((i) => contentFeatures(items[i]!, o.featureBits));

  const heldOutCosine: Record<string, number> = {};
  let best = { lambda: grid[0]!, cosine: -Infinity };
  for (const lambda of grid) {
    const { projection } = fitProjection(trainItems, trainTargets, dim, { ...o, regularization: lambda });
    let sum = 0;
    heldOut.forEach((i, k) => (sum += cosine(projectFeatures(projection, features[k]!), targets.subarray(i * dim, (i + 1) * dim))));
    const mean = sum / heldOut.length;
    heldOutCosine[String(lambda)] = Math.round(mean * 1e4) / 1e4;
    if (mean > best.cosine) best = { lambda, cosine: mean };
  }
  return { lambda: best.lambda, heldOutCosine };
}

/** Cosine of two vectors; 0 when either is zero (an item with no known feature has no direction). */
function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < a.length; d++) {
    ab += a[d]! * b[d]!;
    aa += a[d]! * a[d]!;
    bb += b[d]! * b[d]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
