// Feature values as of t from a MemoryFeatureStore holding exactly the state
// as of t: the shared `value` functions, evaluated for a user, an item and the
// item's creator. The training-set builder and the parity monitor both read
// features through here, so they cannot disagree about what a value is.
import { FEATURES, type Entity, type EntityState, type Feature, type MemoryFeatureStore } from '@freshet/shared';

export const featuresOf = (entity: Entity): readonly Feature<unknown>[] => FEATURES.filter((f) => f.entity === entity);

/** Values as they travel in JSON (what the edge logs and the JSONL output hold). */
export const asJson = (value: unknown): unknown => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown));

/**
 * Entity states of one store at one moment, built once per entity: a state
 * decodes the entity's whole hash, and one example reads it for many features.
 * Valid only until the store is next written.
 */
export interface StatesAsOf {
  user(userId: string): EntityState;
  item(itemId: string): EntityState;
  /** The creator of an item per the catalog as of t; null when the catalog does not know the item. */
  creatorOfItem(itemId: string): EntityState | null;
}

export function statesAsOf(store: MemoryFeatureStore): StatesAsOf {
  const users = new Map<string, EntityState>();
  const items = new Map<string, EntityState>();
  const creators = new Map<string, EntityState>();
  const cached = (map: Map<string, EntityState>, id: string, build: () => EntityState) => {
    let state = map.get(id);
    if (!state) map.set(id, (state = build()));
    return state;
  };
  return {
    user: (id) => cached(users, id, () => store.userState(id)),
    item: (id) => cached(items, id, () => store.itemState(id)),
    creatorOfItem: (itemId) => {
      const creator = store.catalogRecord(itemId)?.creatorId;
      return creator === undefined ? null : cached(creators, creator, () => store.creatorState(creator));
    },
  };
}

/** One feature's value as of t, as JSON; creator features are null when the item's creator is unknown. */
export function valueAsOf(feature: Feature<unknown>, states: StatesAsOf, ids: { readonly userId: string; readonly itemId?: string }, t: number): unknown {
  if (feature.entity === 'user') return asJson(feature.value(states.user(ids.userId), t));
  if (ids.itemId === undefined) return null;
  if (feature.entity === 'item') return asJson(feature.value(states.item(ids.itemId), t));
  const creator = states.creatorOfItem(ids.itemId);
  return creator === null ? null : asJson(feature.value(creator, t));
}

/** Every user feature for the user and every item and creator feature for the item, by name. */
export function featureVectorAsOf(states: StatesAsOf, userId: string, itemId: string, t: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const feature of FEATURES) out[feature.name] = valueAsOf(feature, states, { userId, itemId }, t);
  return out;
}
