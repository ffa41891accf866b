// THE list of features. Documentation, the feature-vector assembly, the
// parity tools and the snapshot publisher enumerate features from here.
import type { Feature } from './define.js';
import { CREATOR_FEATURES, ITEM_FEATURES } from './item-features.js';
import { USER_FEATURES } from './user-features.js';

export const FEATURES: readonly Feature<unknown>[] = [...USER_FEATURES, ...ITEM_FEATURES, ...CREATOR_FEATURES];

export const featureByName = (name: string): Feature<unknown> | undefined => FEATURES.find((f) => f.name === name);

export { USER_FEATURES, ITEM_FEATURES, CREATOR_FEATURES };
