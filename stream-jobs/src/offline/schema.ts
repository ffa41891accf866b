// The offline store's row types and their Parquet columns: one column per
// event (or catalog) field, the enrichment the feature job applied, and where
// the record came from in Kafka. Readers outside TypeScript (DuckDB, Spark,
// pandas) see exactly these columns, plus `date` and `hour` from the paths.
//
// Times are UTC epoch milliseconds (Parquet TIMESTAMP(MILLIS, UTC)). Offsets
// are int64 columns and decimal strings in TypeScript, because Kafka offsets
// may pass 2^53. `offset` and `partition` are SQL keywords: quote them in SQL.
import type { CatalogItem, EnrichedEvent } from '@freshet/shared';

/** Where a record was read from: the offline store's identity of a record. */
export interface KafkaPosition {
  readonly topic: string;
  readonly partition: number;
  /** int64 as a decimal string. */
  readonly offset: string;
  /** Kafka produce time (the record timestamp), UTC epoch ms. */
  readonly recordTime: number;
}

export interface OfflineEventRow extends KafkaPosition {
  readonly enriched: EnrichedEvent;
}

export interface OfflineCatalogRow extends KafkaPosition {
  readonly item: CatalogItem;
}

export type ColumnKind = 'utf8' | 'int32' | 'int64' | 'float64' | 'bool' | 'timestamp' | 'utf8list' | 'offset';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

const col = (name: string, kind: ColumnKind, nullable = false): ColumnSpec => ({ name, kind, nullable });

const POSITION_COLUMNS: readonly ColumnSpec[] = [
  col('topic', 'utf8'),
  col('partition', 'int32'),
  col('offset', 'offset'),
  col('record_time', 'timestamp'),
];

export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  col('event_id', 'utf8'),
  col('type', 'utf8'),
  col('user_id', 'utf8'),
  col('item_id', 'utf8', true),
  col('creator_id', 'utf8', true),
  col('event_time', 'timestamp'),
  col('progress', 'float64', true),
  col('watch_time_ms', 'int64', true),
  col('device', 'utf8', true),
  col('country', 'utf8', true),
  col('local_hour', 'int32', true),
  col('request_id', 'utf8', true),
  col('position', 'int32', true),
  col('surface', 'utf8', true),
  col('schema_version', 'int32', true),
  // What the catalog said about the item when the job applied the event (null: unknown item).
  col('item_known', 'bool'),
  col('item_categories', 'utf8list', true),
  col('item_creator_id', 'utf8', true),
  col('item_language', 'utf8', true),
  col('item_content_type', 'utf8', true),
  col('item_duration_ms', 'int64', true),
  col('item_publish_time', 'timestamp', true),
  ...POSITION_COLUMNS,
];

export const CATALOG_COLUMNS: readonly ColumnSpec[] = [
  col('item_id', 'utf8'),
  col('title', 'utf8'),
  col('categories', 'utf8list'),
  col('content_type', 'utf8'),
  col('creator_id', 'utf8'),
  col('duration_ms', 'int64'),
  col('language', 'utf8'),
  col('publish_time', 'timestamp'),
  col('release_year', 'int32', true),
  col('available_from', 'timestamp', true),
  col('available_until', 'timestamp', true),
  col('available_countries', 'utf8list', true),
  col('maturity_rating', 'utf8'),
  col('unlisted', 'bool'),
  col('description', 'utf8'),
  col('tags', 'utf8list', true),
  col('updated_at', 'timestamp', true),
  ...POSITION_COLUMNS,
];

/** Schema metadata key naming what a file holds, so a catalog file in the events folder is caught. */
export const KIND_METADATA_KEY = 'freshet.offline.kind';
/** Bumped when columns change incompatibly; readers refuse versions they do not know. */
export const FORMAT_METADATA_KEY = 'freshet.offline.format';
export const FORMAT_VERSION = '1';

export type OfflineKind = 'events' | 'catalog';
