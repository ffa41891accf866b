// Synthetic users: who they are (country, device, time zone) and what they
// like (favourite categories, content type). Generated from (seed, user index)
// alone, like the catalog, so millions of users cost no memory.
import type { Device } from '../../events/primitives.js';
import { AGE_BUCKETS, type UserProfile } from '../../events/user-profile.js';
import type { CatalogModel } from './catalog.js';
import { Rng } from './rng.js';
import { categoryName } from './vocabulary.js';
import { createZipf } from './zipf.js';

export interface SyntheticUser {
  readonly index: number;
  readonly id: string;
  readonly country: string;
  /** Offset of the user's local time from UTC, in hours. */
  readonly utcOffsetHours: number;
  readonly device: Device;
  /** Category indices the user prefers, most preferred first. */
  readonly favourites: readonly number[];
  /** Probability of preferring AUDIO when both are offered. */
  readonly audioAffinity: number;
  /** Multiplier on session length (binge-prone users > 1). */
  readonly bingeFactor: number;
}

const COUNTRIES: readonly (readonly [readonly [string, number], number])[] = [
  [['US', -5], 30], [['IN', 5], 12], [['BR', -3], 10], [['DE', 1], 7], [['GB', 0], 7], [['FR', 1], 6],
  [['JP', 9], 6], [['MX', -6], 6], [['NG', 1], 4], [['ES', 1], 4], [['CA', -5], 4], [['AU', 10], 4],
];
const DEVICES: readonly (readonly [Device, number])[] = [
  ['mobile', 40], ['tv', 30], ['web', 12], ['tablet', 10], ['desktop', 5], ['speaker', 2], ['car', 1],
];

export const userIdOf = (index: number) => `syn-u${index}`;

export function syntheticUser(model: CatalogModel, index: number): SyntheticUser {
  const rng = Rng.for(model.seed, 'user', index);
  const [country, utcOffsetHours] = rng.weighted(COUNTRIES);
  const categoryZipf = createZipf(model.config.categories, 0.6);
  const favourites = [...new Set([categoryZipf.sample(rng), categoryZipf.sample(rng), categoryZipf.sample(rng)])];
  return {
    index,
    id: userIdOf(index),
    country,
    utcOffsetHours,
    device: rng.weighted(DEVICES),
    favourites,
    audioAffinity: Math.min(1, model.config.audioShare * rng.logNormal(1, 0.8)),
    bingeFactor: rng.logNormal(1, 0.5),
  };
}

/** The profile a user would have filled in at onboarding (cold-start input). */
export function syntheticProfile(model: CatalogModel, user: SyntheticUser): UserProfile {
  const rng = Rng.for(model.seed, 'profile', user.index);
  return {
    user_id: user.id,
    age_bucket: rng.pick(AGE_BUCKETS),
    gender: rng.weighted([['F', 48], ['M', 48], ['X', 4]] as const),
    country: user.country,
    onboarding_categories: user.favourites.slice(0, 2).map(categoryName),
  };
}
