import { describe, expect, it } from 'vitest';
import { decodeEvent, validateCatalogItem, validateEvent, validateUserProfile } from '../../events/codec.js';
import { EVENT_TYPES } from '../../events/event-types.js';
import { createCatalogModel, syntheticCatalog, syntheticItem } from './catalog.js';
import { resolveSyntheticConfig, type SyntheticConfig, type SyntheticConfigInput } from './config.js';
import { DEFECTS } from './faults.js';
import { Rng } from './rng.js';
import { syntheticEvents, type SyntheticRecord } from './stream.js';
import { syntheticProfile, syntheticUser } from './users.js';
import { categoryName } from './vocabulary.js';
import { createZipf } from './zipf.js';

function config(input: SyntheticConfigInput): SyntheticConfig {
  const resolved = resolveSyntheticConfig(input);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
  return resolved.value;
}

function take(cfg: SyntheticConfig): SyntheticRecord[] {
  return [...syntheticEvents(cfg)];
}

describe('synthetic workload configuration', () => {
  it('rejects bad settings field by field', () => {
    const resolved = resolveSyntheticConfig({ users: 0, lateRate: 2, items: 1.5, malformedRate: -0.1 });
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.error.map((e) => e.field).sort()).toEqual(['items', 'lateRate', 'malformedRate', 'users']);
    const sum = resolveSyntheticConfig({ duplicateRate: 0.6, malformedRate: 0.5 });
    expect(sum.ok ? [] : sum.error.map((e) => e.field)).toEqual(['duplicateRate']);
  });
});

describe('Zipf sampler', () => {
  it('matches the Zipf probabilities', () => {
    const n = 200;
    const s = 1.05;
    const zipf = createZipf(n, s);
    const rng = Rng.for(7, 'zipf-test');
    const draws = 200_000;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) counts[zipf.sample(rng)]!++;
    let norm = 0;
    for (let k = 1; k <= n; k++) norm += k ** -s;
    // Every rank's count within 4.5 binomial standard deviations of its expectation.
    const outliers = counts.filter((count, rank) => {
      const p = (rank + 1) ** -s / norm;
      return Math.abs(count - draws * p) > 4.5 * Math.sqrt(draws * p * (1 - p));
    });
    expect(outliers).toEqual([]);
  });

  it('samples ranks over a billion items in range, without tables', () => {
    const zipf = createZipf(1e9, 0.9);
    const rng = Rng.for(1, 'big');
    for (let i = 0; i < 10_000; i++) {
      const r = zipf.sample(rng);
      expect(r >= 0 && r < 1e9 && Number.isInteger(r)).toBe(true);
    }
  });

  it('refuses impossible parameters', () => {
    expect(() => createZipf(0, 1)).toThrow(RangeError);
    expect(() => createZipf(10, 0)).toThrow(RangeError);
  });
});

describe('synthetic catalog', () => {
  const cfg = config({ items: 20_000, categories: 40, seed: 'catalog-test' });
  const model = createCatalogModel(cfg);

  it('streams valid items with both content types, and any item can be generated alone', () => {
    const items = [...syntheticCatalog(model)];
    expect(items).toHaveLength(20_000);
    for (const item of items) expect(validateCatalogItem(item)).toEqual({ ok: true, value: item });
    expect(new Set(items.map((i) => i.content_type))).toEqual(new Set(['VIDEO', 'AUDIO']));
    expect(new Set(items.map((i) => i.item_id)).size).toBe(items.length);
    expect(syntheticItem(createCatalogModel(cfg), 12_345)).toEqual(items[12_345]);
    const audioShare = items.filter((i) => i.content_type === 'AUDIO').length / items.length;
    expect(audioShare).toBeGreaterThan(0.27);
    expect(audioShare).toBeLessThan(0.33);
    expect(items.some((i) => i.unlisted)).toBe(true);
    expect(items.some((i) => i.available_until !== undefined)).toBe(true);
  });

  it('generates items deep in a catalog of millions without generating the rest', () => {
    const huge = createCatalogModel(config({ items: 5_000_000 }));
    for (const index of [999_999, 4_999_999]) {
      const item = syntheticItem(huge, index);
      expect(validateCatalogItem(item).ok).toBe(true);
      expect(item.item_id).toBe(`syn-i${index}`);
    }
  });

  it('gives users valid onboarding profiles', () => {
    for (let u = 0; u < 200; u++) expect(validateUserProfile(syntheticProfile(model, syntheticUser(model, u))).ok).toBe(true);
  });
});

describe('synthetic event stream', () => {
  const base = { users: 5_000, items: 20_000, events: 150_000, lateRate: 0.02, duplicateRate: 0.01, malformedRate: 0.004 };

  it('is deterministic: the same seed gives the same records, another seed different ones', () => {
    const a = take(config({ ...base, events: 20_000, seed: 11 }));
    const b = take(config({ ...base, events: 20_000, seed: 11 }));
    const c = take(config({ ...base, events: 20_000, seed: 12 }));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  const records = take(config({ ...base, seed: 3 }));

  it('emits exactly the requested number of records', () => {
    expect(records).toHaveLength(base.events);
  });

  it('hits the configured late, duplicate and malformed rates', () => {
    const share = (pred: (r: SyntheticRecord) => boolean) => records.filter(pred).length / records.length;
    expect(share((r) => r.kind === 'malformed')).toBeCloseTo(base.malformedRate, 3);
    const dup = share((r) => r.kind === 'event' && r.delivery === 'duplicate');
    expect(Math.abs(dup - base.duplicateRate) / base.duplicateRate).toBeLessThan(0.15);
    const late = share((r) => r.kind === 'event' && r.delivery === 'late');
    expect(Math.abs(late - base.lateRate) / base.lateRate).toBeLessThan(0.15);
  });

  it('emits only valid events, of every type', () => {
    const types = new Set<string>();
    let invalid = 0;
    for (const r of records) {
      if (r.kind !== 'event') continue;
      types.add(r.event.type);
      if (!validateEvent(r.event).ok) invalid++;
    }
    expect(invalid).toBe(0);
    expect([...types].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('emits malformed records of every defect, each rejected for the field it breaks', () => {
    const malformed = records.filter((r): r is Extract<SyntheticRecord, { kind: 'malformed' }> => r.kind === 'malformed');
    expect(new Set(malformed.map((m) => m.defect))).toEqual(new Set(DEFECTS.map((d) => d.defect)));
    for (const m of malformed) {
      const decoded = decodeEvent(m.raw);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.error.map((e) => e.field)).toContain(m.field);
    }
  });

  it('keeps on-time events in event-time order; late ones arrive within the allowed lateness; duplicates repeat an event', () => {
    let watermark = -Infinity;
    const seen = new Map<string, string>();
    let disorder = 0;
    let lateTooLate = 0;
    let lateNotLate = 0;
    let badDuplicate = 0;
    for (const r of records) {
      if (r.kind !== 'event') continue;
      const json = JSON.stringify(r.event);
      if (r.delivery === 'on_time') {
        if (r.event.event_time < watermark) disorder++;
        watermark = Math.max(watermark, r.event.event_time);
      } else if (r.delivery === 'late') {
        if (watermark - r.event.event_time > 120_000) lateTooLate++;
        if (r.event.event_time >= watermark) lateNotLate++;
      } else if (seen.has(r.event.event_id) && seen.get(r.event.event_id) !== json) {
        badDuplicate++;
      }
      seen.set(r.event.event_id, json);
    }
    expect({ disorder, lateTooLate, badDuplicate }).toEqual({ disorder: 0, lateTooLate: 0, badDuplicate: 0 });
    // Nearly every late event really is behind the watermark when it arrives.
    expect(lateNotLate).toBeLessThan(records.length * 0.001);
  });

  it('makes popularity Zipf-like: the top item is shown far more than the median one', () => {
    const shown = new Map<string, number>();
    for (const r of records) if (r.kind === 'event' && r.event.type === 'impression') shown.set(r.event.item_id!, (shown.get(r.event.item_id!) ?? 0) + 1);
    const counts = [...shown.values()].sort((a, b) => b - a);
    expect(counts[0]!).toBeGreaterThan(20 * counts[Math.floor(counts.length / 2)]!);
  });

  it('makes favourite categories visible: users start what they favour more often', () => {
    const cfg = config({ ...base, seed: 3 });
    const model = createCatalogModel(cfg);
    let favStarts = 0;
    let otherStarts = 0;
    let favImpressions = 0;
    let otherImpressions = 0;
    for (const r of records) {
      if (r.kind !== 'event' || r.delivery !== 'on_time') continue;
      const e = r.event;
      if (e.type !== 'impression' && e.type !== 'media_started') continue;
      const user = syntheticUser(model, Number(e.user_id.slice('syn-u'.length)));
      const item = syntheticItem(model, Number(e.item_id!.slice('syn-i'.length)));
      const favourite = user.favourites.some((f) => item.categories.includes(categoryName(f)));
      if (e.type === 'impression') {
        if (favourite) favImpressions++;
        else otherImpressions++;
      } else if (favourite) favStarts++;
      else otherStarts++;
    }
    expect(favStarts / favImpressions).toBeGreaterThan(2 * (otherStarts / otherImpressions));
  });
});
