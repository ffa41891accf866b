import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogItemArb } from '../testing/arbitraries.js';
import { decodeItemTable, encodeItemTable, ItemTableFormatError } from './item-table.js';
import type { CatalogItem } from '../events/catalog-item.js';

const uniqueItems = fc.uniqueArray(catalogItemArb, { selector: (i) => i.item_id, maxLength: 30 });

const expected = (i: CatalogItem) => ({
  itemId: i.item_id,
  creatorId: i.creator_id,
  categories: i.categories,
  language: i.language,
  contentType: i.content_type,
  maturity: i.maturity_rating,
  durationMs: i.duration_ms,
  publishTime: i.publish_time,
  availableFrom: i.available_from ?? null,
  availableUntil: i.available_until ?? null,
  countries: i.available_countries ?? null,
  releaseYear: i.release_year ?? null,
});

describe('item table', () => {
  it('gives back every static fact of every item, looked up by id or row', () => {
    fc.assert(
      fc.property(uniqueItems, (items) => {
        const table = decodeItemTable(encodeItemTable(items));
        expect(table.count).toBe(items.length);
        items.forEach((item, row) => {
          expect(table.rowOf(item.item_id)).toBe(row);
          expect(table.idAt(row)).toBe(item.item_id);
          expect(table.facts(row)).toEqual(expected(item));
        });
      }),
    );
  });

  it('keeps "licensed nowhere" (an empty country list) apart from "everywhere" (no list)', () => {
    const base = fc.sample(catalogItemArb, 1)[0]!;
    const items = [{ ...base, item_id: 'a', available_countries: [] }, { ...base, item_id: 'b', available_countries: undefined }];
    const table = decodeItemTable(encodeItemTable(items as CatalogItem[]));
    expect(table.facts(0).countries).toEqual([]);
    expect(table.facts(1).countries).toBeNull();
  });

  it('reads a table that sits at an unaligned offset of a bigger buffer', () => {
    const items = fc.sample(uniqueItems, 5).flat().filter((i, n, all) => all.findIndex((j) => j.item_id === i.item_id) === n);
    const bytes = encodeItemTable(items);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const table = decodeItemTable(shifted.subarray(3));
    items.forEach((item, row) => expect(table.facts(row)).toEqual(expected(item)));
  });

  it('rejects what is not an item table, truncated bodies and codes outside their dictionaries, saying which', () => {
    const items = fc.sample(catalogItemArb, 3).map((i, n) => ({ ...i, item_id: `i${n}` }));
    const bytes = encodeItemTable(items);
    expect(() => decodeItemTable(new Uint8Array([0x46, 0x49]))).toThrow(/bad magic/);
    expect(() => decodeItemTable(bytes.slice(0, 20))).toThrow(/truncated item table \(header\)|not JSON/);
    expect(() => decodeItemTable(bytes.slice(0, bytes.length - 8))).toThrow(/truncated item table \(section/);
    const headerLength = new DataView(bytes.buffer).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as { creators: string[] };
    // Forge a header whose creator dictionary is empty: every creator code is then out of range.
    const forged = new TextEncoder().encode(JSON.stringify({ ...header, creators: [] }).padEnd(headerLength, ' '));
    const tampered = bytes.slice();
    tampered.set(forged.subarray(0, headerLength), 8);
    expect(() => decodeItemTable(tampered)).toThrow(ItemTableFormatError);
    expect(() => decodeItemTable(tampered)).toThrow(/creator code 0 outside its dictionary/);
  });
});
