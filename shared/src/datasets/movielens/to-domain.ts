// Maps parsed MovieLens rows to the platform's domain: catalog items, user
// profiles and engagement events, with ids namespaced per dataset.
//
// MovieLens has no runtimes, creators, languages or maturity ratings. Rather
// than invent them we use neutral values and say so: a nominal 100-minute
// duration, one creator per movie (so creator rules are neutral), language
// "und" (undetermined) and maturity "unrated".
import type { CatalogItem } from '../../events/catalog-item.js';
import type { EngagementEvent } from '../../events/engagement-event.js';
import type { UserProfile } from '../../events/user-profile.js';
import { fnv1aHex } from '../../util/hash.js';
import type { MovieLensDescriptor } from './descriptors.js';
import { bandFor, TAG_EVENT_TYPE } from './rating-bands.js';
import type { MovieRow, RatingRow, TagRow, UserRow } from './rows.js';

export const NOMINAL_DURATION_MS = 100 * 60 * 1000;

export const userIdOf = (ds: MovieLensDescriptor, userId: number) => `${ds.idPrefix}-u${userId}`;
export const itemIdOf = (ds: MovieLensDescriptor, movieId: number) => `${ds.idPrefix}-m${movieId}`;
export const creatorIdOf = (ds: MovieLensDescriptor, movieId: number) => `${ds.idPrefix}-c${movieId}`;

/** Lower-case, punctuation-free category ids: "Children's" → "childrens", "Sci-Fi" → "sci-fi". */
export function categoryOf(genre: string): string {
  return genre
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function movieToCatalogItem(ds: MovieLensDescriptor, movie: MovieRow, publishTimeMs: number): CatalogItem {
  const item: CatalogItem = {
    item_id: itemIdOf(ds, movie.movieId),
    title: movie.title,
    categories: [...new Set(movie.genres.map(categoryOf))],
    content_type: 'VIDEO',
    creator_id: creatorIdOf(ds, movie.movieId),
    duration_ms: NOMINAL_DURATION_MS,
    language: 'und',
    publish_time: publishTimeMs,
    maturity_rating: 'unrated',
    unlisted: false,
    description: '',
  };
  if (movie.year !== undefined && movie.year >= 1800 && movie.year <= 2100) item.release_year = movie.year;
  return item;
}

export function userToProfile(ds: MovieLensDescriptor, user: UserRow): UserProfile {
  const profile: UserProfile = { user_id: userIdOf(ds, user.userId) };
  if (user.ageBucket) profile.age_bucket = user.ageBucket;
  if (user.gender) profile.gender = user.gender;
  if (user.occupation) profile.occupation = user.occupation.slice(0, 64);
  if (user.zip) profile.postal_prefix = user.zip.slice(0, 3);
  return profile;
}

/** The events one rating stands for, 1 ms apart so their causal order survives sorting. */
export function ratingToEvents(ds: MovieLensDescriptor, row: RatingRow): EngagementEvent[] {
  const user_id = userIdOf(ds, row.userId);
  const item_id = itemIdOf(ds, row.movieId);
  const baseMs = row.timestampSec * 1000;
  return bandFor(row.rating).events.map(({ type, progress }, i) => {
    const event: EngagementEvent = {
      event_id: `${ds.idPrefix}-r-${row.userId}-${row.movieId}-${i}`,
      type,
      user_id,
      item_id,
      event_time: baseMs + i,
    };
    if (progress !== undefined) {
      event.progress = progress;
      event.watch_time_ms = Math.round(progress * NOMINAL_DURATION_MS);
    }
    return event;
  });
}

export function tagToEvent(ds: MovieLensDescriptor, row: TagRow): EngagementEvent {
  return {
    event_id: `${ds.idPrefix}-t-${row.userId}-${row.movieId}-${row.timestampSec}-${fnv1aHex(row.tag)}`,
    type: TAG_EVENT_TYPE,
    user_id: userIdOf(ds, row.userId),
    item_id: itemIdOf(ds, row.movieId),
    event_time: row.timestampSec * 1000,
  };
}
