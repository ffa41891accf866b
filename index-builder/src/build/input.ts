// What a build reads: the catalog and the engagement events, from the offline
// store (production: what the feature job wrote) or, for development and
// benchmarks, straight from a MovieLens dataset or the synthetic workload.
// Every source ends in the same shape, with the time the build is "as of".
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import { MOVIELENS_IDS, type MovieLensId } from '@freshet/shared/movielens';
import { readOfflineCatalog, readOfflineEvents } from '@freshet/stream-jobs/offline/reader';
import { movieLensSource, syntheticSource } from '@freshet/stream-jobs/replay/sources';
import { resolveSyntheticConfig } from '@freshet/shared/synthetic';

export interface BuildInput {
  /** Names the data exactly, for the manifest's `source`. */
  readonly source: string;
  /** Latest record per item. */
  readonly catalog: readonly CatalogItem[];
  /** Valid events in event-time order. */
  readonly events: readonly EngagementEvent[];
  /** The newest event time (or publish time) seen: the build describes the world as of then. */
  readonly asOf: number;
}

export type InputSpec =
  | { readonly kind: 'offline'; readonly dir: string }
  | { readonly kind: 'movielens'; readonly id: MovieLensId }
  | { readonly kind: 'synthetic'; readonly items: number; readonly events: number; readonly users: number; readonly seed: number };

export const isMovieLensId = (id: string): id is MovieLensId => (MOVIELENS_IDS as readonly string[]).includes(id);

export async function loadInput(spec: InputSpec): Promise<BuildInput> {
  switch (spec.kind) {
    case 'offline': {
      const catalog = (await readOfflineCatalog(spec.dir)).map((r) => r.item);
      const events = (await readOfflineEvents(spec.dir)).map((r) => r.enriched.event);
      return withAsOf(`offline store ${spec.dir}`, catalog, events);
    }
    case 'movielens': {
      const source = await movieLensSource(spec.id);
      return withAsOf(source.title, [...source.catalog()], eventsOf(source.events()));
    }
    case 'synthetic': {
      const config = resolveSyntheticConfig({ seed: spec.seed, items: spec.items, users: spec.users, events: spec.events, malformedRate: 0, duplicateRate: 0, lateRate: 0 });
      if (!config.ok) throw new RangeError(`synthetic input: ${config.error.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      const source = syntheticSource(config.value);
      const events = eventsOf(source.events()).sort((a, b) => a.event_time - b.event_time);
      return withAsOf(`${source.title}, ${spec.events.toLocaleString('en-US')} events`, [...source.catalog()], events);
    }
  }
}

function eventsOf(records: Iterable<{ readonly kind: string; readonly event?: EngagementEvent }>): EngagementEvent[] {
  const out: EngagementEvent[] = [];
  for (const r of records) if (r.kind === 'event' && r.event) out.push(r.event);
  return out;
}

function withAsOf(source: string, catalog: CatalogItem[], events: EngagementEvent[]): BuildInput {
  let asOf = 0;
  for (const e of events) asOf = Math.max(asOf, e.event_time);
  for (const i of catalog) asOf = Math.max(asOf, i.publish_time);
  return { source, catalog, events, asOf };
}

/**
 * The items an index may hold as of t (R10): listed, not withdrawn. Items whose
 * availability starts later stay in (re-ranking hides them until then).
 */
export function indexableItems(catalog: readonly CatalogItem[], t: number): CatalogItem[] {
  return catalog.filter((i) => !i.unlisted && (i.available_until === undefined || i.available_until > t));
}
