// The MovieLens datasets of the quality benchmark, read from ../shared/datasets
// (never copied into the repo) through the replay tool's source: catalog and
// engagement events in event-time order, named exactly as results must name
// them. A missing dataset folder fails with the path and how to provide it.
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import { MOVIELENS, type MovieLensId } from '@freshet/shared/movielens';
import { movieLensSource } from '../../stream-jobs/src/replay/sources.js';

export const QUALITY_DATASETS = ['ml-latest-small', 'ml-100k', 'ml-1m-sample'] as const satisfies readonly MovieLensId[];
export type QualityDatasetId = (typeof QUALITY_DATASETS)[number];

/** Figure-name prefixes: ml_latest_small_ours_ndcg_at_10 … */
export const FIGURE_PREFIX: Readonly<Record<QualityDatasetId, string>> = {
  'ml-latest-small': 'ml_latest_small',
  'ml-100k': 'ml_100k',
  'ml-1m-sample': 'ml_1m_sample',
};

export interface EvalDataset {
  readonly id: QualityDatasetId;
  /** The exact name (the 1M file is a partial sample and is named so). */
  readonly title: string;
  readonly folder: string;
  readonly catalog: readonly CatalogItem[];
  /** In non-decreasing event time. */
  readonly events: readonly EngagementEvent[];
}

export async function loadEvalDataset(id: QualityDatasetId, dir?: string): Promise<EvalDataset> {
  const source = await movieLensSource(id, dir);
  const events: EngagementEvent[] = [];
  for (const record of source.events()) if (record.kind === 'event') events.push(record.event);
  for (let i = 1; i < events.length; i++) if (events[i]!.event_time < events[i - 1]!.event_time) throw new Error(`${source.title}: events are not in time order at ${i}`);
  return { id, title: source.title, folder: MOVIELENS[id].folder, catalog: [...source.catalog()], events };
}
