// The online/offline parity monitor: for each feature snapshot the edge
// served, recompute the same features as of the snapshot's t from the
// offline store (the training-set builder's replay, so "offline" means
// exactly what training sees) and compare value by value. A divergence means
// training and serving disagree: a late event the online store missed, a bug
// in one path, or a stale KV read.
import { FEATURES, type Entity, type Feature } from '@freshet/shared';
import { statesAsOf, valueAsOf } from './as-of-features.js';
import { replayAsOf, type ReplayOptions, type ReplayStats } from './point-in-time.js';
import type { FeatureValues, ServedSnapshot } from './snapshots.js';
import { DEFAULT_RELATIVE_TOLERANCE, valuesEqual } from './values-equal.js';

export const DEFAULT_MAX_DIVERGENCE = 0.01;
const MAX_EXAMPLES = 3;

export interface Divergence {
  readonly request_id: string;
  /** The user id (user features) or item id (item and creator features). */
  readonly entity_id: string;
  readonly served: unknown;
  readonly offline: unknown;
}

export interface FeatureParity {
  readonly feature: string;
  readonly compared: number;
  readonly diverged: number;
  /** diverged / compared (0 when nothing was compared). */
  readonly divergenceRate: number;
  /** Up to three, the first found in t order. */
  readonly examples: readonly Divergence[];
  /**
   * Set when the name cannot be recomputed where it was served (unknown, or
   * under the wrong entity); `feature` is then its path, e.g.
   * "features.user.item_plays_1h", and every value diverges.
   */
  readonly problem?: string;
}

export interface ParityReport {
  readonly snapshots: number;
  readonly compared: number;
  readonly diverged: number;
  readonly maxDivergence: number;
  /** Every feature's divergence rate is at most maxDivergence. */
  readonly ok: boolean;
  /** The catalog's features first (in catalog order), then the paths of names that could not be recomputed. */
  readonly features: readonly FeatureParity[];
  readonly replay: ReplayStats;
}

export interface ParityOptions extends ReplayOptions {
  readonly maxDivergence?: number;
  readonly tolerance?: number;
}

interface Tally {
  compared: number;
  diverged: number;
  examples: Divergence[];
  problem?: string;
}

const byName = new Map(FEATURES.map((f) => [f.name, f]));

function featureFor(name: string, scope: 'user' | 'items'): Feature<unknown> | string {
  const feature = byName.get(name);
  if (!feature) return 'no such feature in the catalog';
  const allowed: readonly Entity[] = scope === 'user' ? ['user'] : ['item', 'creator'];
  if (!allowed.includes(feature.entity)) return `${feature.entity === 'item' ? 'an' : 'a'} ${feature.entity} feature served under features.${scope}`;
  return feature;
}

export async function checkParity(offlineDir: string, snapshots: readonly ServedSnapshot[], options: ParityOptions = {}): Promise<ParityReport> {
  const maxDivergence = options.maxDivergence ?? DEFAULT_MAX_DIVERGENCE;
  const tolerance = options.tolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  const tallies = new Map<string, Tally>();
  const tally = (name: string) => {
    let t = tallies.get(name);
    if (!t) tallies.set(name, (t = { compared: 0, diverged: 0, examples: [] }));
    return t;
  };

  const replay = await replayAsOf(
    offlineDir,
    snapshots,
    (snapshot, _index, store) => {
      const states = statesAsOf(store);
      const compare = (served: FeatureValues, scope: 'user' | 'items', entityId: string, itemId?: string) => {
        for (const [name, servedValue] of Object.entries(served)) {
          const feature = featureFor(name, scope);
          // A name that cannot be recomputed where it was served is tallied under its path, apart from the real feature.
          const t = tally(typeof feature === 'string' ? `features.${scope}.${name}` : name);
          t.compared++;
          let offline: unknown = null;
          if (typeof feature === 'string') t.problem ??= feature;
          else {
            offline = valueAsOf(feature, states, { userId: snapshot.user_id, ...(itemId === undefined ? {} : { itemId }) }, snapshot.t);
            if (valuesEqual(servedValue, offline, tolerance)) continue;
          }
          t.diverged++;
          if (t.examples.length < MAX_EXAMPLES) t.examples.push({ request_id: snapshot.request_id, entity_id: entityId, served: servedValue, offline });
        }
      };
      compare(snapshot.features.user, 'user', snapshot.user_id);
      for (const [itemId, served] of Object.entries(snapshot.features.items ?? {})) compare(served, 'items', itemId, itemId);
    },
    options,
  );

  const order = (name: string) => {
    const i = FEATURES.findIndex((f) => f.name === name);
    return i < 0 ? FEATURES.length : i;
  };
  const features = [...tallies]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
    .map(([feature, t]): FeatureParity => ({
      feature,
      compared: t.compared,
      diverged: t.diverged,
      divergenceRate: t.compared === 0 ? 0 : t.diverged / t.compared,
      examples: t.examples,
      ...(t.problem === undefined ? {} : { problem: t.problem }),
    }));
  return {
    snapshots: snapshots.length,
    compared: features.reduce((s, f) => s + f.compared, 0),
    diverged: features.reduce((s, f) => s + f.diverged, 0),
    maxDivergence,
    ok: features.every((f) => f.divergenceRate <= maxDivergence),
    features,
    replay,
  };
}
