// A user's feature values at t from their stored state: the shared `value`
// functions, as JSON values (undefined → null), exactly what the offline
// training-set builder hands the same assembly function.
import { USER_FEATURES } from '@freshet/shared/features/user-features';
import type { EntityState } from '@freshet/shared/features/state/entity-state';
import type { FeatureValues } from '@freshet/shared/ranking/assemble';

export function userFeatureValues(state: EntityState, t: number): FeatureValues {
  const out: Record<string, unknown> = {};
  for (const feature of USER_FEATURES) {
    const value = feature.value(state, t);
    out[feature.name] = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
  }
  return out;
}

/** The values of a user nobody has seen: every feature empty. */
export const EMPTY_USER: FeatureValues = Object.freeze({});
