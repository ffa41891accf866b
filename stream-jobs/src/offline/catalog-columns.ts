// Offline catalog rows ⇄ columns: every CatalogItem field as its own column.
// Decoding validates each item with the shared catalog schema.
import { formatFieldErrors, validateCatalogItem, type CatalogItem } from '@freshet/shared';
import { put } from './event-columns.js';
import { OfflineStoreError } from './errors.js';
import type { ColumnValues, DecodedColumns } from './parquet-codec.js';
import { positionColumns, setPosition } from './position-columns.js';
import { CATALOG_COLUMNS, type OfflineCatalogRow } from './schema.js';

/** Catalog fields stored under their own name (all but the Kafka position). */
const ITEM_FIELDS = CATALOG_COLUMNS.filter((c) => !['topic', 'partition', 'offset', 'record_time'].includes(c.name));

export function catalogColumns(rows: readonly OfflineCatalogRow[]): ColumnValues {
  const columns: Record<string, unknown[]> = Object.fromEntries(CATALOG_COLUMNS.map((c) => [c.name, new Array<unknown>(rows.length)]));
  const set = (name: string, i: number, value: unknown) => {
    columns[name]![i] = value ?? null;
  };
  rows.forEach((row, i) => {
    const item = row.item as unknown as Record<string, unknown>;
    for (const field of ITEM_FIELDS) set(field.name, i, item[field.name]);
    setPosition(set, i, row);
  });
  return columns;
}

export function catalogRowsOf(columns: DecodedColumns, file: string): OfflineCatalogRow[] {
  const getters = ITEM_FIELDS.map((spec) => {
    const values: readonly unknown[] =
      spec.kind === 'utf8' ? columns.string(spec.name)
      : spec.kind === 'bool' ? columns.bool(spec.name)
      : spec.kind === 'utf8list' ? columns.list(spec.name)
      : columns.number(spec.name);
    return [spec.name, values] as const;
  });
  const at = positionColumns(columns, file);
  const rows = new Array<OfflineCatalogRow>(columns.rows);
  for (let i = 0; i < columns.rows; i++) {
    const item: Record<string, unknown> = {};
    for (const [name, values] of getters) put(item, name, values[i]);
    const checked = validateCatalogItem(item);
    if (!checked.ok) throw new OfflineStoreError(file, `row ${i}: invalid catalog item: ${formatFieldErrors(checked.error)}`);
    rows[i] = { topic: at.topic[i]!, partition: at.partition[i]!, offset: at.offset[i]!, recordTime: at.recordTime[i]!, item: item as CatalogItem };
  }
  return rows;
}
