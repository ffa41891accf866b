// Assembles a MovieLens dataset, fed row by row by a file reader, into a
// catalog, user profiles and a time-ordered engagement event stream. Pure:
// the reader does the I/O and this module decides what the rows mean.
import type { CatalogItem } from '../../events/catalog-item.js';
import { MIN_TIME_MS } from '../../events/primitives.js';
import type { EngagementEvent } from '../../events/engagement-event.js';
import type { UserProfile } from '../../events/user-profile.js';
import type { MovieLensDescriptor } from './descriptors.js';
import { parseMovie, parseRating, parseTag, parseUser, type MovieRow, type RatingRow, type TagRow } from './rows.js';
import { movieToCatalogItem, ratingToEvents, tagToEvent, userToProfile } from './to-domain.js';

export type MovieLensFile = 'ratings' | 'movies' | 'users' | 'tags';

export interface RejectedRow {
  readonly file: MovieLensFile;
  /** 1-based line number in the file (header included). */
  readonly line: number;
  readonly reason: string;
}

export interface MovieLensStats {
  readonly ratings: number;
  readonly tags: number;
  readonly ratingUsers: number;
  readonly ratedItems: number;
  readonly catalogItems: number;
  readonly userProfiles: number;
  readonly firstEventMs: number;
  readonly lastEventMs: number;
}

export interface MovieLensData {
  readonly descriptor: MovieLensDescriptor;
  /** Every movie, published at its first rating (or the dataset's first event if never rated). */
  readonly catalog: readonly CatalogItem[];
  readonly profiles: readonly UserProfile[];
  /** Engagement events in non-decreasing event_time; a fresh iterator on each call. */
  readonly events: () => Iterable<EngagementEvent>;
  readonly rejected: readonly RejectedRow[];
  readonly stats: MovieLensStats;
}

type Interaction = { kind: 'rating'; row: RatingRow } | { kind: 'tag'; row: TagRow };

export interface MovieLensAssembler {
  add(file: MovieLensFile, fields: readonly string[], line: number): void;
  finish(): MovieLensData;
}

export function createMovieLensAssembler(ds: MovieLensDescriptor): MovieLensAssembler {
  const movies = new Map<number, MovieRow>();
  const profiles: UserProfile[] = [];
  const interactions: Interaction[] = [];
  const rejected: RejectedRow[] = [];
  let ratings = 0;
  let tags = 0;

  const reject = (file: MovieLensFile, line: number, reason: string) => rejected.push({ file, line, reason });

  return {
    add(file, fields, line) {
      switch (file) {
        case 'ratings': {
          const r = parseRating(ds, fields);
          if (!r.ok) return reject(file, line, r.error);
          ratings++;
          interactions.push({ kind: 'rating', row: r.value });
          return;
        }
        case 'tags': {
          const r = parseTag(fields);
          if (!r.ok) return reject(file, line, r.error);
          tags++;
          interactions.push({ kind: 'tag', row: r.value });
          return;
        }
        case 'movies': {
          const r = parseMovie(ds, fields);
          if (!r.ok) return reject(file, line, r.error);
          if (movies.has(r.value.movieId)) return reject(file, line, `duplicate movie id ${r.value.movieId}`);
          movies.set(r.value.movieId, r.value);
          return;
        }
        case 'users': {
          const r = parseUser(ds, fields);
          if (!r.ok) return reject(file, line, r.error);
          profiles.push(userToProfile(ds, r.value));
          return;
        }
      }
    },

    finish() {
      // Stable sort: equal timestamps keep file order, so the output is deterministic.
      interactions.sort((a, b) => a.row.timestampSec - b.row.timestampSec);
      const firstSeen = new Map<number, number>();
      const users = new Set<number>();
      const ratedItems = new Set<number>();
      const kept: Interaction[] = [];
      for (const it of interactions) {
        if (!movies.has(it.row.movieId)) {
          rejected.push({ file: it.kind === 'rating' ? 'ratings' : 'tags', line: 0, reason: `unknown movie id ${it.row.movieId}` });
          continue;
        }
        kept.push(it);
        if (!firstSeen.has(it.row.movieId)) firstSeen.set(it.row.movieId, it.row.timestampSec * 1000);
        if (it.kind === 'rating') {
          users.add(it.row.userId);
          ratedItems.add(it.row.movieId);
        }
      }
      // With no interactions at all, never-rated movies are published at the earliest valid time.
      const firstEventMs = kept.length > 0 ? kept[0]!.row.timestampSec * 1000 : MIN_TIME_MS;
      const lastEventMs = kept.length > 0 ? kept.at(-1)!.row.timestampSec * 1000 : MIN_TIME_MS;
      const catalog = [...movies.values()].map((m) => movieToCatalogItem(ds, m, firstSeen.get(m.movieId) ?? firstEventMs));

      return {
        descriptor: ds,
        catalog,
        profiles,
        events: () => timeOrderedEvents(ds, kept),
        rejected,
        stats: {
          ratings,
          tags,
          ratingUsers: users.size,
          ratedItems: ratedItems.size,
          catalogItems: catalog.length,
          userProfiles: profiles.length,
          firstEventMs,
          lastEventMs,
        },
      };
    },
  };
}

/**
 * Events of interactions sorted by second. A rating expands to events 1 ms
 * apart; within one second we emit every interaction's first event, then every
 * second event, ..., so event_time never decreases along the stream.
 */
function* timeOrderedEvents(ds: MovieLensDescriptor, sorted: readonly Interaction[]): Generator<EngagementEvent> {
  let start = 0;
  while (start < sorted.length) {
    const second = sorted[start]!.row.timestampSec;
    let end = start;
    while (end < sorted.length && sorted[end]!.row.timestampSec === second) end++;
    const expanded = sorted.slice(start, end).map((it) => (it.kind === 'rating' ? ratingToEvents(ds, it.row) : [tagToEvent(ds, it.row)]));
    const depth = Math.max(...expanded.map((e) => e.length));
    for (let i = 0; i < depth; i++) {
      for (const events of expanded) {
        const event = events[i];
        if (event) yield event;
      }
    }
    start = end;
  }
}
