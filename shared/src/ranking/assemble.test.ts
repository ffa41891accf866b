import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../events/catalog-item.js';
import type { EngagementEvent } from '../events/engagement-event.js';
import { FEATURES } from '../features/catalog.js';
import { itemInfoOf } from '../features/enrich.js';
import { MemoryFeatureStore } from '../features/memory-store.js';
import { addToBatch, emptyBatch, planWrites } from '../features/writes.js';
import {
  assembleBatch, assembleCandidate, assembleFeatureVector, candidateFactsOf, prepareUserSide, type CandidateFacts, type FeatureValues,
} from './assemble.js';
import { FEATURE_COUNT, USER_SLOT_COUNT, featureNames, slotIndex } from './feature-schema.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const at = (row: Float32Array, name: string): number => row[slotIndex(name)]!;

const item = (id: string, categories: string[], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  item_id: id, title: id, categories, content_type: 'VIDEO', creator_id: `c-${id}`, duration_ms: 30 * 60_000, language: 'en',
  publish_time: T0 - 48 * 3_600_000, maturity_rating: 'all', unlisted: false, description: '', ...extra,
});

/** Feature values as the training-set builder produces them: the shared `value` functions, as JSON. */
function valuesAsOf(store: MemoryFeatureStore, userId: string, itemId: string, creatorId: string, t: number): FeatureValues {
  const out: Record<string, unknown> = {};
  for (const f of FEATURES) {
    const state = f.entity === 'user' ? store.userState(userId) : f.entity === 'item' ? store.itemState(itemId) : store.creatorState(creatorId);
    out[f.name] = JSON.parse(JSON.stringify(f.value(state, t) ?? null)) as unknown;
  }
  return out;
}

describe('feature-vector assembly from real feature values', () => {
  const drama = item('i-drama', ['drama', 'romance']);
  const comedy = item('i-comedy', ['comedy'], { content_type: 'AUDIO', language: 'fr' });
  const other = item('i-other', ['drama']);
  const store = new MemoryFeatureStore();
  const events: [EngagementEvent, CatalogItem][] = [
    [{ event_id: 'e1', type: 'media_started', user_id: 'u1', item_id: 'i-drama', event_time: T0 - 600_000 }, drama],
    [{ event_id: 'e2', type: 'media_completed', user_id: 'u1', item_id: 'i-drama', event_time: T0 - 300_000, progress: 1 }, drama],
    [{ event_id: 'e3', type: 'media_skipped', user_id: 'u1', item_id: 'i-comedy', event_time: T0 - 200_000 }, comedy],
    [{ event_id: 'e4', type: 'media_started', user_id: 'u2', item_id: 'i-other', event_time: T0 - 100_000 }, other],
  ];
  const batch = emptyBatch();
  for (const [event, catalogItem] of events) addToBatch(batch, planWrites({ event, item: itemInfoOf(catalogItem) }), event.item_id);
  store.apply(batch);
  for (const c of [drama, comedy, other]) store.putCatalogItem(c);
  const context = { time: T0, localHour: 21, device: 'tv' };

  it('reads every feature it needs by its catalog name (no slot silently stays at its default)', () => {
    const row = assembleFeatureVector('i-other', valuesAsOf(store, 'u1', 'i-other', 'c-i-other', T0), candidateFactsOf(other), context);
    expect(at(row, 'user_interactions')).toBeCloseTo(Math.log1p(3), 5);
    expect(at(row, 'user_completion_rate_7d')).toBe(1);
    expect(at(row, 'user_completion_rate_7d_missing')).toBe(0);
    expect(at(row, 'user_skips_7d')).toBeCloseTo(Math.log1p(1), 5);
    expect(at(row, 'user_prefers_video')).toBe(1);
    expect(at(row, 'user_preferred_language_missing')).toBe(0);
    expect(at(row, 'user_active_30m')).toBe(1);
    expect(at(row, 'context_device_tv')).toBe(1);
    expect(at(row, 'context_hour_is_utc')).toBe(0);
    expect(at(row, 'item_plays_24h')).toBeCloseTo(Math.log1p(1), 5);
    expect(at(row, 'item_publish_age_hours')).toBeGreaterThan(Math.log1p(47));
    expect(at(row, 'cross_category_affinity_30m')).toBeGreaterThan(0);
    expect(at(row, 'cross_category_affinity_7d')).toBeGreaterThan(0);
    expect(at(row, 'cross_category_affinity_long')).toBeGreaterThan(0);
    expect(at(row, 'cross_top_category_7d')).toBeGreaterThan(0);
    expect(at(row, 'cross_language_match')).toBe(1);
    expect(at(row, 'cross_content_type_match')).toBe(1);
    expect(at(row, 'cross_in_recent_items')).toBe(0);
  });

  it('crosses the user with each candidate: recent items (signed), creator, language and content type', () => {
    const user = prepareUserSide(valuesAsOf(store, 'u1', 'i-drama', 'c-i-drama', T0), context);
    const rows = new Float32Array(2 * FEATURE_COUNT);
    assembleCandidate(user, 'i-drama', valuesAsOf(store, 'u1', 'i-drama', 'c-i-drama', T0), candidateFactsOf(drama), rows, 0);
    assembleCandidate(user, 'i-comedy', valuesAsOf(store, 'u1', 'i-comedy', 'c-i-comedy', T0), candidateFactsOf(comedy), rows, FEATURE_COUNT);
    const [watched, skipped] = [rows.subarray(0, FEATURE_COUNT), rows.subarray(FEATURE_COUNT)];
    expect(at(watched, 'cross_in_recent_items')).toBe(1);
    expect(at(watched, 'cross_recent_item_score')).toBeGreaterThan(1);
    expect(at(watched, 'cross_creator_affinity_long')).toBeGreaterThan(0);
    expect(at(skipped, 'cross_in_recent_items')).toBe(1);
    expect(at(skipped, 'cross_recent_item_score')).toBeLessThan(0);
    expect(at(skipped, 'cross_language_match')).toBe(0);
    expect(at(skipped, 'cross_content_type_match')).toBe(0);
    expect(at(skipped, 'item_is_audio')).toBe(1);
  });
});

describe('missing and malformed values', () => {
  it('uses explicit defaults and sets the missing indicators when nothing is known', () => {
    const row = assembleFeatureVector('i1', {}, { categories: [] }, { time: Date.UTC(2026, 0, 1, 13) });
    for (const name of featureNames().filter((n) => n.endsWith('_missing'))) expect({ name, value: at(row, name) }).toEqual({ name, value: 1 });
    expect(at(row, 'user_is_cold')).toBe(1);
    expect(at(row, 'item_like_ratio_7d')).toBe(0.5);
    expect(at(row, 'user_hour_share')).toBe(1);
    expect(at(row, 'context_hour_is_utc')).toBe(1);
    // 13:00 UTC: the hour comes from the request time.
    expect(at(row, 'context_hour_sin')).toBeCloseTo(Math.sin((2 * Math.PI * 13) / 24), 6);
  });

  it('treats wrong JSON types, NaN and infinities as missing; clips out-of-range numbers', () => {
    const bad: FeatureValues = {
      user_interaction_count: 'many', user_completion_rate_7d: Number.NaN, user_avg_session_duration_7d: Infinity,
      user_negative_counts_7d: [1, 2], user_recent_items: { item_id: 'i1' }, user_hour_of_day_28d: [0.5],
      user_category_affinity_7d: { constructor: 0.9, drama: 7 }, item_ctr_24h: 3, item_skip_rate_7d: -1, item_plays_24h: -5,
    };
    const row = assembleFeatureVector('i1', bad, { categories: ['drama', 'constructor'], collaborative: { score: Number.NaN, nearest: 0.5, coVisitation: 2 } }, { time: 0, localHour: 24, device: 'fridge' });
    expect(at(row, 'user_interactions')).toBe(0);
    expect(at(row, 'user_completion_rate_7d_missing')).toBe(1);
    expect(at(row, 'user_avg_session_minutes_7d_missing')).toBe(1);
    expect(at(row, 'user_recent_items_share')).toBe(0);
    expect(at(row, 'user_hour_share_missing')).toBe(1);
    expect(at(row, 'context_hour_is_utc')).toBe(1);
    expect(at(row, 'context_device_missing')).toBe(1);
    expect(at(row, 'cross_category_affinity_7d')).toBe(1);
    expect(at(row, 'item_ctr_24h')).toBe(1);
    expect(at(row, 'item_skip_rate_7d')).toBe(0);
    expect(at(row, 'item_plays_24h')).toBe(0);
    expect(at(row, 'cf_missing')).toBe(1);
    expect(at(row, 'cf_nearest_recent')).toBe(0);
  });

  it('writes the collaborative slots, clipped to [−1, 1], and says missing without them', () => {
    const context = { time: T0 };
    const known = assembleFeatureVector('i1', {}, { categories: [], collaborative: { score: 0.42, nearest: 1.5, coVisitation: 3 } }, context);
    expect(at(known, 'cf_score')).toBeCloseTo(0.42, 6);
    expect(at(known, 'cf_nearest_recent')).toBe(1);
    expect(at(known, 'cf_missing')).toBe(0);
    expect(at(known, 'cf_co_visitation')).toBeCloseTo(Math.log1p(3), 6);
    expect(at(known, 'cf_co_visitation_missing')).toBe(0);
    const noLists = assembleFeatureVector('i1', {}, { categories: [], collaborative: { score: 0.42, nearest: 0.5, coVisitation: null } }, context);
    expect([at(noLists, 'cf_co_visitation'), at(noLists, 'cf_co_visitation_missing'), at(noLists, 'cf_missing')]).toEqual([0, 1, 0]);
    const unknown = assembleFeatureVector('i1', {}, { categories: [] }, context);
    expect([at(unknown, 'cf_score'), at(unknown, 'cf_nearest_recent'), at(unknown, 'cf_missing'), at(unknown, 'cf_co_visitation_missing')]).toEqual([0, 0, 1, 1]);
  });

  it('writes every slot with a finite number whatever the input (property)', () => {
    const json = fc.jsonValue();
    const names = FEATURES.map((f) => f.name);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), json),
        fc.record({ categories: fc.array(fc.string(), { maxLength: 5 }), contentType: fc.option(fc.string(), { nil: undefined }), durationMs: fc.option(fc.double(), { nil: undefined }), publishTime: fc.option(fc.double(), { nil: undefined }), collaborative: fc.option(fc.record({ score: fc.double(), nearest: fc.double(), coVisitation: fc.option(fc.double(), { nil: null }) }), { nil: undefined }) }),
        fc.record({ time: fc.double(), localHour: fc.option(fc.integer({ min: -5, max: 30 }), { nil: undefined }) }),
        (values, facts, context) => {
          const out = new Float32Array(FEATURE_COUNT).fill(Number.NaN);
          assembleCandidate(prepareUserSide(values, context), 'i', values, facts as CandidateFacts, out);
          expect(out.every((x) => Number.isFinite(x))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('batch assembly', () => {
  const user: FeatureValues = { user_interaction_count: 80, user_category_affinity_7d: { drama: 0.6 }, user_preferred_content_type_28d: 'MIXED' };
  const candidates = Array.from({ length: 5 }, (_, i) => ({
    itemId: `i${i}`, features: { item_plays_1h: i }, facts: { categories: i % 2 ? ['drama'] : ['news'], contentType: 'VIDEO', collaborative: { score: i / 10, nearest: i / 5, coVisitation: i % 2 ? null : i } },
  }));

  it('copies the user side into every row and equals one-row assembly', () => {
    const context = { time: T0 };
    const rows = assembleBatch(prepareUserSide(user, context), candidates);
    expect(rows.length).toBe(5 * FEATURE_COUNT);
    candidates.forEach((c, i) => {
      const single = assembleFeatureVector(c.itemId, { ...user, ...c.features }, c.facts, context);
      expect(Array.from(rows.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT))).toEqual(Array.from(single));
    });
    expect(at(rows.subarray(FEATURE_COUNT), 'cross_content_type_match')).toBe(0.5);
    expect(Array.from(rows.subarray(0, USER_SLOT_COUNT))).toEqual(Array.from(rows.subarray(FEATURE_COUNT, FEATURE_COUNT + USER_SLOT_COUNT)));
  });

  it('reuses a large-enough buffer and rejects a row that does not fit', () => {
    const side = prepareUserSide(user, { time: T0 });
    const buffer = new Float32Array(10 * FEATURE_COUNT);
    expect(assembleBatch(side, candidates, buffer)).toBe(buffer);
    expect(() => assembleCandidate(side, 'i', {}, { categories: [] }, new Float32Array(FEATURE_COUNT), 1)).toThrow(/does not fit/);
    expect(() => assembleCandidate(side, 'i', {}, { categories: [] }, buffer, -1)).toThrow(RangeError);
  });
});
