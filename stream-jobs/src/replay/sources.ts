// What the replay CLI can stream: a MovieLens dataset or the synthetic
// workload, each as a catalog plus an event sequence in event-time order.
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import { MOVIELENS, type MovieLensId } from '@freshet/shared/movielens';
import { createCatalogModel, syntheticCatalog, syntheticEvents, type SyntheticConfig } from '@freshet/shared/synthetic';
import { readMovieLens } from '../sources/movielens-files.js';

/** A record the source could not even turn into a candidate event (e.g. an unparsable CSV row). */
export interface SourceRejection {
  readonly origin: string;
  readonly reason: string;
}

/** A candidate for the events topic: a domain object to validate, or raw bytes as a client sent them. */
export type SourceRecord =
  | { readonly kind: 'event'; readonly event: EngagementEvent }
  | { readonly kind: 'raw'; readonly key: string; readonly raw: string; readonly origin: string };

export interface ReplaySource {
  /** How results must name the source, e.g. "MovieLens 100K". */
  readonly title: string;
  readonly catalogSize: number;
  readonly catalog: () => Iterable<CatalogItem>;
  /** Number of event records, when known up front (for the progress bar). */
  readonly eventCount: number | undefined;
  readonly events: () => Iterable<SourceRecord>;
  /** Rows rejected while reading the source, before any event was produced. */
  readonly rejected: readonly SourceRejection[];
}

export async function movieLensSource(id: MovieLensId, dir?: string): Promise<ReplaySource> {
  const data = await readMovieLens(id, dir === undefined ? {} : { dir });
  let eventCount = 0;
  for (const _ of data.events()) eventCount++;
  return {
    title: MOVIELENS[id].title,
    catalogSize: data.catalog.length,
    catalog: () => data.catalog,
    eventCount,
    events: function* () {
      for (const event of data.events()) yield { kind: 'event', event } as const;
    },
    rejected: data.rejected.map((r) => ({ origin: `${MOVIELENS[id].folder}/${r.file}${r.line > 0 ? ` line ${r.line}` : ''}`, reason: r.reason })),
  };
}

export function syntheticSource(config: SyntheticConfig): ReplaySource {
  const model = createCatalogModel(config);
  return {
    title: `synthetic (seed ${String(config.seed)}, ${config.users} users, ${config.items} items)`,
    catalogSize: config.items,
    catalog: () => syntheticCatalog(model),
    eventCount: config.events,
    events: function* () {
      let n = 0;
      for (const record of syntheticEvents(config, model)) {
        n++;
        if (record.kind === 'event') yield { kind: 'event', event: record.event } as const;
        else yield { kind: 'raw', key: record.key, raw: record.raw, origin: `synthetic record #${n} (${record.defect})` } as const;
      }
    },
    rejected: [],
  };
}
