// The static item table of an index bundle: what the edge needs to know about
// every indexed item without a round trip — creator, categories, language,
// content type, duration, publish time, maturity, availability window and
// licensing countries — for ranking features and re-ranking rules (R14).
//
// Columnar and compact (a 1M-item catalog is tens of MB, not hundreds):
//   "FIT1" | u32 header length | header JSON | padding to 8
//   | sections, each 8-byte aligned, at the offsets the header lists
// Strings are dictionary-coded (dictionaries in the header) except item ids,
// which are one UTF-8 blob with u32 offsets.
import type { CatalogItem, MaturityRating } from '../events/catalog-item.js';
import { MATURITY_RATINGS } from '../events/catalog-item.js';
import { CONTENT_TYPES, type ContentType } from '../events/primitives.js';

export class ItemTableFormatError extends Error {
  override name = 'ItemTableFormatError';
}

/** One item's static facts as the edge reads them. */
export interface ItemFacts {
  readonly itemId: string;
  readonly creatorId: string;
  readonly categories: readonly string[];
  readonly language: string;
  readonly contentType: ContentType;
  readonly maturity: MaturityRating;
  readonly durationMs: number;
  readonly publishTime: number;
  readonly availableFrom: number | null;
  readonly availableUntil: number | null;
  /** Where the item may be shown; null means everywhere. */
  readonly countries: readonly string[] | null;
  readonly releaseYear: number | null;
}

/** An item's facts from its catalog record: what the table stores for it (and fresh items carry before they are in a table). */
export function itemFactsOf(item: CatalogItem): ItemFacts {
  return {
    itemId: item.item_id,
    creatorId: item.creator_id,
    categories: item.categories,
    language: item.language,
    contentType: item.content_type,
    maturity: item.maturity_rating,
    durationMs: item.duration_ms,
    publishTime: item.publish_time,
    availableFrom: item.available_from ?? null,
    availableUntil: item.available_until ?? null,
    countries: item.available_countries ?? null,
    releaseYear: item.release_year ?? null,
  };
}

export interface ItemTable {
  readonly count: number;
  rowOf(itemId: string): number | undefined;
  idAt(row: number): string;
  facts(row: number): ItemFacts;
}

const MAGIC = [0x46, 0x49, 0x54, 0x31]; // "FIT1"
const align8 = (n: number) => (n + 7) & ~7;

type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;
const SECTIONS = {
  idOffsets: Uint32Array, idBytes: Uint8Array, creator: Uint32Array, language: Uint16Array, contentType: Uint8Array, maturity: Uint8Array,
  releaseYear: Uint16Array, duration: Uint32Array, publish: Float64Array, from: Float64Array, until: Float64Array,
  categoryOffsets: Uint32Array, categories: Uint16Array, licensed: Uint8Array, countryOffsets: Uint32Array, countries: Uint16Array,
} as const;
type SectionName = keyof typeof SECTIONS;

interface Header {
  count: number;
  creators: string[];
  languages: string[];
  categories: string[];
  countries: string[];
  sections: Record<SectionName, [offset: number, length: number]>;
}

class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) this.index.set(value, (code = this.values.push(value) - 1));
    return code;
  }
}

export function encodeItemTable(items: readonly CatalogItem[]): Uint8Array {
  const n = items.length;
  const creators = new Dictionary();
  const languages = new Dictionary();
  const categories = new Dictionary();
  const countries = new Dictionary();
  const encoder = new TextEncoder();
  const idParts = items.map((i) => encoder.encode(i.item_id));
  const cols: Record<SectionName, Column> = {
    idOffsets: new Uint32Array(n + 1),
    idBytes: new Uint8Array(idParts.reduce((s, p) => s + p.length, 0)),
    creator: new Uint32Array(n),
    language: new Uint16Array(n),
    contentType: new Uint8Array(n),
    maturity: new Uint8Array(n),
    releaseYear: new Uint16Array(n),
    duration: new Uint32Array(n),
    publish: new Float64Array(n),
    from: new Float64Array(n),
    until: new Float64Array(n),
    categoryOffsets: new Uint32Array(n + 1),
    categories: new Uint16Array(items.reduce((s, i) => s + i.categories.length, 0)),
    licensed: new Uint8Array(n),
    countryOffsets: new Uint32Array(n + 1),
    countries: new Uint16Array(items.reduce((s, i) => s + (i.available_countries?.length ?? 0), 0)),
  };
  let idAt = 0;
  let catAt = 0;
  let ctyAt = 0;
  items.forEach((item, r) => {
    cols.idBytes.set(idParts[r]!, idAt);
    cols.idOffsets[r + 1] = idAt += idParts[r]!.length;
    cols.creator[r] = creators.code(item.creator_id);
    cols.language[r] = languages.code(item.language);
    cols.contentType[r] = CONTENT_TYPES.indexOf(item.content_type);
    cols.maturity[r] = MATURITY_RATINGS.indexOf(item.maturity_rating);
    cols.releaseYear[r] = item.release_year ?? 0;
    cols.duration[r] = item.duration_ms;
    cols.publish[r] = item.publish_time;
    cols.from[r] = item.available_from ?? Number.NaN;
    cols.until[r] = item.available_until ?? Number.NaN;
    for (const c of item.categories) cols.categories[catAt++] = categories.code(c);
    cols.categoryOffsets[r + 1] = catAt;
    // `licensed` keeps "an empty list: nowhere" apart from "no list: everywhere".
    cols.licensed[r] = item.available_countries === undefined ? 0 : 1;
    for (const c of item.available_countries ?? []) cols.countries[ctyAt++] = countries.code(c);
    cols.countryOffsets[r + 1] = ctyAt;
  });
  if (languages.values.length > 0xffff || categories.values.length > 0xffff || countries.values.length > 0xffff) {
    throw new RangeError('item table: more than 65,535 distinct languages, categories or countries');
  }
  const sections = {} as Record<SectionName, [number, number]>;
  let at = 0;
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    sections[name] = [at, cols[name].byteLength];
    at = align8(at + cols[name].byteLength);
  }
  const header = { count: n, creators: creators.values, languages: languages.values, categories: categories.values, countries: countries.values, sections };
  const json = encoder.encode(JSON.stringify(header));
  const bodyAt = align8(8 + json.length);
  const bytes = new Uint8Array(bodyAt + at);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const col = cols[name];
    bytes.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), bodyAt + sections[name][0]);
  }
  return bytes;
}

export function decodeItemTable(bytes: Uint8Array): ItemTable {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new ItemTableFormatError('not an item table (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new ItemTableFormatError('truncated item table (header)');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  } catch {
    throw new ItemTableFormatError('item table header is not JSON');
  }
  const bodyAt = align8(8 + headerLength);
  // One aligned copy of the body, so every section can be viewed in place.
  const body = bytes.byteOffset % 8 === 0 ? bytes.subarray(bodyAt) : bytes.slice(bodyAt);
  const col = <K extends SectionName>(name: K): InstanceType<(typeof SECTIONS)[K]> => {
    const range = header.sections?.[name];
    if (!Array.isArray(range)) throw new ItemTableFormatError(`item table: section ${name} missing`);
    const [offset, length] = range;
    const Type = SECTIONS[name];
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) throw new ItemTableFormatError(`item table: section ${name} has a bad range`);
    if (offset + length > body.length || length % Type.BYTES_PER_ELEMENT !== 0) throw new ItemTableFormatError(`truncated item table (section ${name})`);
    return new Type(body.buffer as ArrayBuffer, body.byteOffset + offset, length / Type.BYTES_PER_ELEMENT) as InstanceType<(typeof SECTIONS)[K]>;
  };
  const n = header.count;
  const c = Object.fromEntries((Object.keys(SECTIONS) as SectionName[]).map((name) => [name, col(name)])) as { [K in SectionName]: InstanceType<(typeof SECTIONS)[K]> };
  if (!Number.isInteger(n) || n < 0) throw new ItemTableFormatError('item table header: count must be a non-negative integer');
  for (const name of ['creator', 'language', 'contentType', 'maturity', 'releaseYear', 'duration', 'publish', 'from', 'until', 'licensed'] as const) {
    if (c[name].length !== n) throw new ItemTableFormatError(`item table: section ${name} has ${c[name].length} values for ${n} items`);
  }
  for (const name of ['idOffsets', 'categoryOffsets', 'countryOffsets'] as const) {
    if (c[name].length !== n + 1) throw new ItemTableFormatError(`item table: section ${name} has ${c[name].length} offsets for ${n} items`);
  }
  for (const [offsets, values] of [['idOffsets', 'idBytes'], ['categoryOffsets', 'categories'], ['countryOffsets', 'countries']] as const) {
    const o = c[offsets];
    for (let r = 0; r < n; r++) if (o[r]! > o[r + 1]!) throw new ItemTableFormatError(`item table: ${offsets} decrease at row ${r}`);
    if (o[0] !== 0 || o[n] !== c[values].length) throw new ItemTableFormatError(`item table: ${offsets} do not span section ${values}`);
  }
  const dictionaries = [['creator', header.creators], ['language', header.languages], ['categories', header.categories], ['countries', header.countries]] as const;
  for (const [name, dict] of dictionaries) {
    if (!Array.isArray(dict)) throw new ItemTableFormatError(`item table header: dictionary for ${name} missing`);
    for (const code of c[name]) if (code >= dict.length) throw new ItemTableFormatError(`item table: ${name} code ${code} outside its dictionary`);
  }
  for (const code of c.contentType) if (code >= CONTENT_TYPES.length) throw new ItemTableFormatError(`item table: content type code ${code} unknown`);
  for (const code of c.maturity) if (code >= MATURITY_RATINGS.length) throw new ItemTableFormatError(`item table: maturity code ${code} unknown`);
  const decoder = new TextDecoder();
  const ids = new Array<string>(n);
  for (let r = 0; r < n; r++) ids[r] = decoder.decode(c.idBytes.subarray(c.idOffsets[r], c.idOffsets[r + 1]));
  let rows: Map<string, number> | undefined;
  return {
    count: n,
    idAt: (row) => ids[row]!,
    rowOf: (itemId) => (rows ??= new Map(ids.map((id, r) => [id, r]))).get(itemId),
    facts: (r) => {
      if (!(r >= 0 && r < n)) throw new RangeError(`item table has no row ${r}`);
      const from = c.from[r]!;
      const until = c.until[r]!;
      return {
        itemId: ids[r]!,
        creatorId: header.creators[c.creator[r]!]!,
        categories: [...c.categories.subarray(c.categoryOffsets[r], c.categoryOffsets[r + 1])].map((k) => header.categories[k]!),
        language: header.languages[c.language[r]!]!,
        contentType: CONTENT_TYPES[c.contentType[r]!]!,
        maturity: MATURITY_RATINGS[c.maturity[r]!]!,
        durationMs: c.duration[r]!,
        publishTime: c.publish[r]!,
        availableFrom: Number.isNaN(from) ? null : from,
        availableUntil: Number.isNaN(until) ? null : until,
        countries: c.licensed[r] === 0 ? null : [...c.countries.subarray(c.countryOffsets[r], c.countryOffsets[r + 1])].map((k) => header.countries[k]!),
        releaseYear: c.releaseYear[r] === 0 ? null : c.releaseYear[r]!,
      };
    },
  };
}
