// How a synthetic user behaves on one recommendation page: what is shown,
// what they scroll past, hover over, start, finish, like, or abandon. The
// probabilities are simple and documented; they make favourite categories,
// position bias and content-type taste visible in the data, which is what
// features and models are supposed to pick up.
import type { EngagementEvent, EventContext } from '../../events/engagement-event.js';
import type { EventType } from '../../events/event-types.js';
import type { CatalogModel } from './catalog.js';
import { itemCategories, itemIdOf, syntheticItem } from './catalog.js';
import type { Rng } from './rng.js';
import type { SyntheticUser } from './users.js';
import type { ZipfSampler } from './zipf.js';

export interface PageInput {
  readonly model: CatalogModel;
  readonly rng: Rng;
  readonly itemZipf: ZipfSampler;
  readonly user: SyntheticUser;
  /** Time the page was served (UTC ms). */
  readonly time: number;
  readonly requestId: string;
  /** Produces the next unique event id. */
  readonly nextEventId: () => string;
}

/** A draft event without id; ids are assigned in time order by the stream. */
type Draft = Omit<EngagementEvent, 'event_id'>;

function affinity(model: CatalogModel, user: SyntheticUser, item: number): { favourite: boolean; weight: number } {
  const { contentType, categories } = itemCategories(model, item);
  const favourite = categories.some((c) => user.favourites.includes(c));
  const typeTaste = contentType === 'AUDIO' ? user.audioAffinity : 1 - user.audioAffinity;
  return { favourite, weight: (favourite ? 1 : 0.3) * Math.min(1, 0.5 + typeTaste) };
}

/** Items for one page: popular items, tilted towards the user's taste, no repeats. */
function pageItems(input: PageInput, size: number): number[] {
  const { rng, itemZipf, model, user } = input;
  const items: number[] = [];
  for (let tries = 0; items.length < size && tries < size * 20; tries++) {
    const item = itemZipf.sample(rng);
    if (items.includes(item)) continue;
    if (tries < size * 10 && !rng.chance(affinity(model, user, item).weight)) continue;
    items.push(item);
  }
  return items;
}

function contextAt(user: SyntheticUser, time: number): EventContext {
  const localHour = Math.floor((time + user.utcOffsetHours * 3600e3) / 3600e3) % 24;
  return { device: user.device, country: user.country, local_hour: (localHour + 24) % 24 };
}

/** All events of one page, sorted by time, with ids assigned. */
export function simulatePage(input: PageInput, pageSize: number): EngagementEvent[] {
  const { rng, model, user, time, requestId } = input;
  const drafts: Draft[] = [];
  const add = (type: EventType, item: number, at: number, extra: Partial<Draft> = {}) =>
    drafts.push({ type, user_id: user.id, item_id: itemIdOf(item), event_time: Math.round(at), context: contextAt(user, at), ...extra });

  const shown = pageItems(input, pageSize);
  shown.forEach((item, position) => add('impression', item, time + position * 40, { request_id: requestId, position, surface: 'home' }));

  // Scan top to bottom; position bias makes lower slots less likely to be chosen.
  let chosen: { item: number; position: number; favourite: boolean } | undefined;
  for (let position = 0; position < shown.length && chosen === undefined; position++) {
    const item = shown[position]!;
    const { favourite } = affinity(model, user, item);
    const at = time + 1000 + position * 800;
    if (rng.chance((favourite ? 0.35 : 0.08) / (1 + 0.15 * position))) chosen = { item, position, favourite };
    else if (rng.chance(0.35)) add('browse_past', item, at, { request_id: requestId, position });
    else if (rng.chance(0.12)) add('hover_skip', item, at + 400, { request_id: requestId, position });
  }

  if (chosen) {
    const { item, position, favourite } = chosen;
    const details = syntheticItem(model, item);
    const duration = details.duration_ms;
    const start = time + 2000 + position * 800;
    const attribution = { request_id: requestId, position };
    add('media_started', item, start, { ...attribution, progress: 0, watch_time_ms: 0 });
    const outcome = rng.next();
    if (outcome < (favourite ? 0.55 : 0.3)) {
      const progress = 0.9 + rng.next() * 0.1;
      const end = start + duration * progress;
      add('media_completed', item, end, { progress, watch_time_ms: Math.round(duration * progress) });
      if (rng.chance(favourite ? 0.25 : 0.1)) add('media_liked', item, end + 2000);
      if (rng.chance(0.03)) add('media_shared', item, end + 4000);
      if (rng.chance(0.05)) add('media_added_to_playlist', item, end + 3000);
      if (rng.chance(0.03)) add('media_replay', item, end + 6000, { progress: 0, watch_time_ms: 0 });
      if (rng.chance(0.01)) {
        drafts.push({ type: 'subscription_to_creator', user_id: user.id, item_id: itemIdOf(item), creator_id: details.creator_id, event_time: Math.round(end + 5000), context: contextAt(user, end + 5000) });
      }
      // Auto-play offers the next popular item; many users skip it.
      if (rng.chance(0.3)) add('media_skipped', input.itemZipf.sample(rng), end + 8000, { progress: 0 });
    } else if (outcome < (favourite ? 0.8 : 0.7)) {
      const progress = 0.02 + rng.next() * 0.27;
      const at = start + duration * progress;
      add('media_paused_early', item, at, { progress, watch_time_ms: Math.round(duration * progress) });
      if (!favourite && rng.chance(0.15)) add('media_disliked', item, at + 3000);
    }
    // Otherwise the user left part-way through: no terminal event, as in real apps.
  }

  drafts.sort((a, b) => a.event_time - b.event_time);
  return drafts.map((d) => ({ event_id: input.nextEventId(), ...d }));
}

