// How a MovieLens star rating becomes engagement events (documented in
// docs/datasets.md; a test keeps that table equal to this one).
//
// A rating says how satisfied a user was after watching, not what the client
// app saw, so each band maps to the playback events that carry a signal of the
// same strength: loved it → watched to the end and liked it; hated it →
// stopped early and disliked it; the lowest half-star → skipped outright.
import type { EventType } from '../../events/event-types.js';

export interface RatingBand {
  /** Inclusive lower bound on the star rating. */
  readonly minStars: number;
  /** Events emitted, in order, one millisecond apart from the rating's timestamp. */
  readonly events: readonly { readonly type: EventType; readonly progress?: number }[];
  readonly why: string;
}

/** Ordered from the highest band down; the first band whose minStars <= rating applies. */
export const RATING_BANDS: readonly RatingBand[] = [
  {
    minStars: 4.5,
    events: [{ type: 'media_started', progress: 0 }, { type: 'media_completed', progress: 1 }, { type: 'media_liked' }],
    why: 'loved it: finished and liked',
  },
  {
    minStars: 3.5,
    events: [{ type: 'media_started', progress: 0 }, { type: 'media_completed', progress: 0.95 }],
    why: 'liked it: finished',
  },
  {
    minStars: 2.5,
    events: [{ type: 'media_started', progress: 0 }],
    why: 'lukewarm: started, no completion (weak positive)',
  },
  {
    minStars: 1.5,
    events: [{ type: 'media_started', progress: 0 }, { type: 'media_paused_early', progress: 0.2 }],
    why: 'disappointed: stopped early',
  },
  {
    minStars: 1,
    events: [{ type: 'media_started', progress: 0 }, { type: 'media_paused_early', progress: 0.1 }, { type: 'media_disliked' }],
    why: 'hated it: stopped early and disliked',
  },
  {
    minStars: 0,
    events: [{ type: 'media_skipped' }, { type: 'media_disliked' }],
    why: 'half a star (ml-latest-small only): skipped and disliked',
  },
];

export function bandFor(stars: number): RatingBand {
  const band = RATING_BANDS.find((b) => stars >= b.minStars);
  // The last band starts at 0 and parsers reject ratings below the scale.
  if (band === undefined) throw new RangeError(`no rating band for ${stars} stars`);
  return band;
}

/** A user-applied tag (ml-latest-small) is a curation act: saved to a list. */
export const TAG_EVENT_TYPE: EventType = 'media_added_to_playlist';
