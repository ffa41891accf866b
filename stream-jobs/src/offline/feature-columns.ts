// How each feature becomes a Parquet column in a training set: numbers as
// DOUBLE, strings as VARCHAR, anything else (lists, maps, records) as JSON
// text. Declared per feature, not guessed from the data, so the schema of a
// training set does not change with the examples in it; a test checks this
// covers every feature in the catalog and matches the values it produces.
import { FEATURES } from '@freshet/shared';

export type FeatureColumnKind = 'number' | 'string' | 'json';

const SCALAR_FEATURES: Readonly<Record<string, FeatureColumnKind>> = {
  user_completion_rate_7d: 'number',
  user_session_binge_depth: 'number',
  user_avg_session_duration_7d: 'number',
  user_interaction_count: 'number',
  user_preferred_language_28d: 'string',
  user_preferred_content_type_28d: 'string',
  item_plays_1h: 'number',
  item_plays_24h: 'number',
  item_plays_28d: 'number',
  item_impressions_24h: 'number',
  item_ctr_24h: 'number',
  item_like_ratio_7d: 'number',
  item_completion_rate_7d: 'number',
  item_skip_rate_7d: 'number',
  item_publish_age_hours: 'number',
  item_trending_score: 'number',
  creator_subscriber_count: 'number',
};

/** A feature not listed above is not a scalar: JSON keeps every shape. */
export const featureColumnKind = (name: string): FeatureColumnKind => SCALAR_FEATURES[name] ?? 'json';

export const FEATURE_COLUMNS: readonly { readonly name: string; readonly kind: FeatureColumnKind }[] = FEATURES.map((f) => ({
  name: f.name,
  kind: featureColumnKind(f.name),
}));

/** Names listed here that the catalog does not have (a renamed or removed feature). */
export const staleScalarNames = (): string[] => Object.keys(SCALAR_FEATURES).filter((name) => !FEATURES.some((f) => f.name === name));
