// The synthetic engagement stream: a discrete-event simulation of many
// concurrent sessions, emitted in event-time order with the configured share
// of late, duplicate and malformed records. Memory is bounded by the number
// of sessions in flight (not by the stream's length), so it can produce tens
// of millions of events.
import type { EngagementEvent } from '../../events/engagement-event.js';
import { MinHeap } from '../../util/min-heap.js';
import { createCatalogModel, type CatalogModel } from './catalog.js';
import { simulatePage } from './behaviour.js';
import type { SyntheticConfig } from './config.js';
import { malform, type Defect } from './faults.js';
import { Rng } from './rng.js';
import { syntheticUser, type SyntheticUser } from './users.js';
import { createZipf } from './zipf.js';

export type SyntheticRecord =
  | { readonly kind: 'event'; readonly event: EngagementEvent; readonly delivery: 'on_time' | 'late' | 'duplicate' }
  | { readonly kind: 'malformed'; readonly key: string; readonly raw: string; readonly defect: Defect; readonly field: string };

interface Session {
  readonly user: SyntheticUser;
  pagesLeft: number;
  queue: EngagementEvent[];
  head: number;
}

/** Expected events per page before the stream has measured its own (used only for the first page). */
const PRIOR_EVENTS_PER_PAGE = 12;

export function* syntheticEvents(config: SyntheticConfig, model: CatalogModel = createCatalogModel(config)): Generator<SyntheticRecord> {
  const rng = Rng.for(model.seed, 'stream');
  const userZipf = createZipf(config.users, config.userZipfExponent);
  const itemZipf = createZipf(config.items, config.itemZipfExponent);
  const prefix = `syn${model.seed.toString(36)}`;
  let eventCount = 0;
  let requestCount = 0;
  const nextEventId = () => `${prefix}-e${(eventCount++).toString(36)}`;

  // Per valid event, the chance of also emitting a duplicate / a malformed record,
  // chosen so that each is the configured share of all records.
  const validShare = 1 - config.duplicateRate - config.malformedRate;
  const pDuplicate = config.duplicateRate / validShare;
  const pMalformed = config.malformedRate / validShare;

  const sessions = new MinHeap<Session>();
  const delayed = new MinHeap<SyntheticRecord>();
  let nextArrival = config.startTimeMs;
  let pagesGenerated = 0;
  let eventsGenerated = 0;
  let malformedCount = 0;
  let emitted = 0;

  const newPage = (session: Session, time: number) => {
    session.queue = simulatePage(
      { model, rng, itemZipf, user: session.user, time, requestId: `${prefix}-r${(requestCount++).toString(36)}`, nextEventId },
      config.pageSize,
    );
    session.head = 0;
    session.pagesLeft--;
    pagesGenerated++;
    eventsGenerated += session.queue.length;
  };

  const startSession = (time: number) => {
    const user = syntheticUser(model, userZipf.sample(rng));
    // Geometric number of pages with the configured mean, stretched for binge-prone users.
    const mean = Math.max(1, config.pagesPerSession * user.bingeFactor);
    const pages = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / mean));
    const session: Session = { user, pagesLeft: pages, queue: [], head: 0 };
    newPage(session, time);
    if (session.queue.length > 0) sessions.push(session.queue[0]!.event_time, session);
    return pages;
  };

  // Sessions arrive as a Poisson process. Each new session "pays" for its own
  // expected events in time (its pages × the mean page size so far), which
  // keeps the long-run rate at the configured events per second.
  const arrivalGapMs = (pages: number) => {
    const perPage = pagesGenerated > 0 ? eventsGenerated / pagesGenerated : PRIOR_EVENTS_PER_PAGE;
    return rng.exponential((1000 * pages * perPage) / config.eventsPerSecond);
  };

  while (emitted < config.events) {
    // Near the end, deliver what is held back instead of generating more, so
    // late and duplicate records keep their share of a finite stream.
    if (config.events - emitted <= delayed.size) {
      while (emitted < config.events) {
        yield delayed.pop()!;
        emitted++;
      }
      break;
    }
    if (nextArrival <= sessions.peekKey()) {
      const pages = startSession(nextArrival);
      nextArrival += arrivalGapMs(pages);
      continue;
    }
    const session = sessions.pop()!;
    const event = session.queue[session.head++]!;
    if (session.head < session.queue.length) {
      sessions.push(session.queue[session.head]!.event_time, session);
    } else if (session.pagesLeft > 0) {
      newPage(session, event.event_time + 3000 + rng.exponential(20_000));
      if (session.queue.length > 0) sessions.push(session.queue[0]!.event_time, session);
    }

    // Deliver what was held back and is now due.
    while (delayed.size > 0 && delayed.peekKey() <= event.event_time && emitted < config.events) {
      yield delayed.pop()!;
      emitted++;
    }
    if (emitted >= config.events) break;

    if (rng.chance(config.lateRate)) {
      const lateness = 1000 + rng.next() * (config.maxLatenessMs - 1000);
      delayed.push(event.event_time + lateness, { kind: 'event', event, delivery: 'late' });
    } else {
      yield { kind: 'event', event, delivery: 'on_time' };
      emitted++;
    }
    if (rng.chance(pDuplicate)) {
      delayed.push(event.event_time + rng.next() * 30_000, { kind: 'event', event, delivery: 'duplicate' });
    }
    if (rng.chance(pMalformed) && emitted < config.events) {
      yield { kind: 'malformed', key: event.user_id, ...malform(event, malformedCount++) };
      emitted++;
    }
  }
}
