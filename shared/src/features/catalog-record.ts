// How the KV store keeps what the catalog says about an item (the `c:<item>`
// hash): enough for enrichment and item features, not the whole record.
import type { CatalogItem } from '../events/catalog-item.js';
import { CONTENT_TYPES, type ContentType } from '../events/primitives.js';
import { itemInfoOf, type ItemInfo } from './enrich.js';

/** Categories are joined with the unit separator, which catalog categories never contain in practice. */
const SEP = '\u001f';

export interface CatalogRecord extends ItemInfo {
  readonly unlisted: boolean;
  /** Version of the record: a later catalog message replaces an earlier one, whatever the arrival order. */
  readonly version: number;
}

export const catalogVersionOf = (item: CatalogItem): number => item.updated_at ?? item.publish_time;

export function encodeCatalogHash(item: CatalogItem): Record<string, string> {
  const info = itemInfoOf(item);
  return {
    cat: info.categories.join(SEP),
    cr: info.creatorId ?? '',
    la: info.language ?? '',
    ct: info.contentType ?? '',
    du: String(info.durationMs ?? ''),
    pt: String(info.publishTime ?? ''),
    ul: item.unlisted ? '1' : '0',
    v: String(catalogVersionOf(item)),
  };
}

const optionalNumber = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text));

export function decodeCatalogHash(hash: Readonly<Record<string, string>>): CatalogRecord | null {
  if (hash.v === undefined) return null;
  const contentType = (CONTENT_TYPES as readonly string[]).includes(hash.ct ?? '') ? (hash.ct as ContentType) : undefined;
  const record: { -readonly [K in keyof CatalogRecord]: CatalogRecord[K] } = {
    categories: hash.cat ? hash.cat.split(SEP) : [],
    unlisted: hash.ul === '1',
    version: Number(hash.v),
  };
  if (hash.cr) record.creatorId = hash.cr;
  if (hash.la) record.language = hash.la;
  if (contentType) record.contentType = contentType;
  const duration = optionalNumber(hash.du);
  if (duration !== undefined) record.durationMs = duration;
  const publish = optionalNumber(hash.pt);
  if (publish !== undefined) record.publishTime = publish;
  return record;
}

/** The ItemInfo part of a record (what enrichment attaches to events). */
export function infoOf(record: CatalogRecord): ItemInfo {
  const { unlisted: _u, version: _v, ...info } = record;
  return info;
}
