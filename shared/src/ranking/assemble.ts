// Feature-vector assembly: THE function that turns feature values (as the
// shared `value` functions produce them, in JSON form) plus a candidate's
// catalog facts and the request context into the ranker's input row, laid
// out as in feature-schema.ts. Training (index-builder) and serving (edge
// worker) both call it, so a model sees the same numbers in both places.
//
// Serving shape: prepareUserSide once per request (user features, context),
// then assembleCandidate per candidate into a preallocated batch buffer —
// no allocation per candidate. Malformed values (wrong JSON type, NaN,
// ±Infinity) count as missing: a bad value must never fail a request.
import {
  CANDIDATE_SLOTS, CATEGORY_BUCKETS, COLD_USER_INTERACTIONS, CROSS_CATEGORIES, FEATURE_COUNT, USER_SLOT_COUNT, slotIndex,
} from './feature-schema.js';
import { DEVICES } from '../events/primitives.js';
import { fnv1a32 } from '../util/hash.js';
import type { CollaborativeSignals } from './collaborative.js';

/** Feature name → value as JSON (null or absent where missing); what featureVectorAsOf returns. */
export type FeatureValues = Readonly<Record<string, unknown>>;

export interface RequestContext {
  /** When the request is served (or the example happened), UTC epoch ms. */
  readonly time: number;
  /** The client's local hour 0–23, when it sent one. */
  readonly localHour?: number;
  /** One of DEVICES, when known. */
  readonly device?: string;
}

/** What the catalog says about a candidate (its full category list, not the first three). */
export interface CandidateFacts {
  readonly categories: readonly string[];
  readonly contentType?: string;
  readonly language?: string;
  readonly durationMs?: number;
  readonly publishTime?: number;
  readonly creatorId?: string;
  /** The item's collaborative signals for this user (collaborative.ts); absent when either has no vector. */
  readonly collaborative?: CollaborativeSignals;
}

/** The user and context part of every row of one request, plus lookups for the crosses. */
export interface UserSide {
  readonly values: Float32Array;
  readonly time: number;
  readonly affinity30m: Readonly<Record<string, unknown>> | null;
  readonly affinity7d: Readonly<Record<string, unknown>> | null;
  readonly affinityLong: Readonly<Record<string, unknown>> | null;
  readonly creatorAffinity: Readonly<Record<string, unknown>> | null;
  readonly topCategories: ReadonlyMap<string, number>;
  readonly recentItems: ReadonlyMap<string, number>;
  readonly language: string | null;
  readonly contentType: string | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const log1p = (x: number): number => Math.min(20, Math.log1p(Math.max(0, x)));
const clip = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const record = (v: unknown): Readonly<Record<string, unknown>> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
/** An own numeric entry of a record ("constructor" and friends are not categories). */
const entry = (r: Readonly<Record<string, unknown>> | null, key: string): number | null =>
  r !== null && Object.prototype.hasOwnProperty.call(r, key) ? finite(r[key]) : null;

function u(name: string): number {
  const index = slotIndex(name);
  if (index >= USER_SLOT_COUNT) throw new RangeError(`${name} is not a user slot`);
  return index;
}

const U = {
  interactions: u('user_interactions'), cold: u('user_is_cold'),
  completion: u('user_completion_rate_7d'), completionMissing: u('user_completion_rate_7d_missing'),
  binge: u('user_session_binge_depth'),
  session: u('user_avg_session_minutes_7d'), sessionMissing: u('user_avg_session_minutes_7d_missing'),
  recentShare: u('user_recent_items_share'),
  skips: u('user_skips_7d'), earlyPauses: u('user_early_pauses_7d'), dislikes: u('user_dislikes_7d'),
  browsePast: u('user_browse_past_7d'), hoverSkips: u('user_hover_skips_7d'),
  video: u('user_prefers_video'), audio: u('user_prefers_audio'), mixed: u('user_prefers_mixed'),
  typeMissing: u('user_preferred_content_type_missing'), languageMissing: u('user_preferred_language_missing'),
  active30m: u('user_active_30m'),
  hourSin: u('context_hour_sin'), hourCos: u('context_hour_cos'), hourIsUtc: u('context_hour_is_utc'),
  hourShare: u('user_hour_share'), hourShareMissing: u('user_hour_share_missing'),
  device0: u(`context_device_${DEVICES[0]}`), deviceMissing: u('context_device_missing'),
};

const C = {
  plays1h: slotIndex('item_plays_1h'), plays24h: slotIndex('item_plays_24h'), plays28d: slotIndex('item_plays_28d'), impressions: slotIndex('item_impressions_24h'),
  ctr: slotIndex('item_ctr_24h'), ctrMissing: slotIndex('item_ctr_24h_missing'),
  likeRatio: slotIndex('item_like_ratio_7d'),
  completion: slotIndex('item_completion_rate_7d'), completionMissing: slotIndex('item_completion_rate_7d_missing'),
  skip: slotIndex('item_skip_rate_7d'), skipMissing: slotIndex('item_skip_rate_7d_missing'),
  trending: slotIndex('item_trending_score'),
  subscribers: slotIndex('creator_subscribers'), subscribersMissing: slotIndex('creator_subscribers_missing'),
  age: slotIndex('item_publish_age_hours'), ageMissing: slotIndex('item_publish_age_missing'),
  video: slotIndex('item_is_video'), audio: slotIndex('item_is_audio'),
  duration: slotIndex('item_duration_minutes'), durationMissing: slotIndex('item_duration_missing'),
  languageMissing: slotIndex('item_language_missing'), categoryCount: slotIndex('item_category_count'),
  bucket0: slotIndex('item_category_bucket_00'),
  aff30m: slotIndex('cross_category_affinity_30m'), aff7d: slotIndex('cross_category_affinity_7d'),
  affLong: slotIndex('cross_category_affinity_long'), affLongSum: slotIndex('cross_category_affinity_long_sum'),
  topCategory: slotIndex('cross_top_category_7d'), creatorAffinity: slotIndex('cross_creator_affinity_long'),
  languageMatch: slotIndex('cross_language_match'),
  typeMatch: slotIndex('cross_content_type_match'), typeMissing: slotIndex('cross_content_type_missing'),
  inRecent: slotIndex('cross_in_recent_items'), recentScore: slotIndex('cross_recent_item_score'),
  cfScore: slotIndex('cf_score'), cfNearest: slotIndex('cf_nearest_recent'), cfMissing: slotIndex('cf_missing'), coVisit: slotIndex('cf_co_visitation'), coVisitMissing: slotIndex('cf_co_visitation_missing'),
};

/** The request's hour: the client's local hour when valid, else the UTC hour of the request time. */
function hourOf(context: RequestContext): { hour: number; utc: boolean } {
  const local = context.localHour;
  if (local !== undefined && Number.isInteger(local) && local >= 0 && local <= 23) return { hour: local, utc: false };
  const t = Number.isFinite(context.time) ? context.time : 0;
  return { hour: Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS), utc: true };
}

function recentItemsOf(value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    const r = record(item);
    const id = r ? text(r.item_id) : null;
    if (id !== null && !out.has(id)) out.set(id, finite(r!.score) ?? 0);
  }
  return out;
}

function topCategoriesOf(value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    const r = record(item);
    const category = r ? text(r.category) : null;
    const weight = r ? finite(r.weight) : null;
    if (category !== null && weight !== null) out.set(category, Math.max(weight, out.get(category) ?? -Infinity));
  }
  return out;
}

/** The user/context slots of every row of one request; call once per request. */
export function prepareUserSide(user: FeatureValues, context: RequestContext): UserSide {
  const v = new Float32Array(USER_SLOT_COUNT);
  const interactions = Math.max(0, finite(user.user_interaction_count) ?? 0);
  v[U.interactions] = log1p(interactions);
  v[U.cold] = interactions < COLD_USER_INTERACTIONS ? 1 : 0;

  const completion = finite(user.user_completion_rate_7d);
  v[U.completion] = completion === null ? 0 : clip(completion, 0, 1);
  v[U.completionMissing] = completion === null ? 1 : 0;
  v[U.binge] = log1p(finite(user.user_session_binge_depth) ?? 0);
  const session = finite(user.user_avg_session_duration_7d);
  v[U.session] = session === null ? 0 : log1p(session);
  v[U.sessionMissing] = session === null ? 1 : 0;

  const recentItems = recentItemsOf(user.user_recent_items);
  v[U.recentShare] = clip(recentItems.size / 20, 0, 1);

  const negatives = record(user.user_negative_counts_7d);
  v[U.skips] = log1p(entry(negatives, 'skips') ?? 0);
  v[U.earlyPauses] = log1p(entry(negatives, 'early_pauses') ?? 0);
  v[U.dislikes] = log1p(entry(negatives, 'dislikes') ?? 0);
  v[U.browsePast] = log1p(entry(negatives, 'browse_past') ?? 0);
  v[U.hoverSkips] = log1p(entry(negatives, 'hover_skips') ?? 0);

  const preferredType = text(user.user_preferred_content_type_28d);
  const contentType = preferredType === 'VIDEO' || preferredType === 'AUDIO' || preferredType === 'MIXED' ? preferredType : null;
  v[U.video] = contentType === 'VIDEO' ? 1 : 0;
  v[U.audio] = contentType === 'AUDIO' ? 1 : 0;
  v[U.mixed] = contentType === 'MIXED' ? 1 : 0;
  v[U.typeMissing] = contentType === null ? 1 : 0;
  const language = text(user.user_preferred_language_28d);
  v[U.languageMissing] = language === null ? 1 : 0;

  const affinity30m = record(user.user_category_affinity_30m);
  v[U.active30m] = affinity30m !== null && Object.keys(affinity30m).length > 0 ? 1 : 0;

  const { hour, utc } = hourOf(context);
  v[U.hourSin] = Math.sin((2 * Math.PI * hour) / 24);
  v[U.hourCos] = Math.cos((2 * Math.PI * hour) / 24);
  v[U.hourIsUtc] = utc ? 1 : 0;
  const hours = user.user_hour_of_day_28d;
  const share = Array.isArray(hours) && hours.length === 24 ? finite(hours[hour]) : null;
  v[U.hourShare] = share === null ? 1 : clip(share * 24, 0, 8);
  v[U.hourShareMissing] = share === null ? 1 : 0;

  const device = context.device === undefined ? -1 : (DEVICES as readonly string[]).indexOf(context.device);
  for (let d = 0; d < DEVICES.length; d++) v[U.device0 + d] = d === device ? 1 : 0;
  v[U.deviceMissing] = device < 0 ? 1 : 0;

  return {
    values: v,
    time: context.time,
    affinity30m,
    affinity7d: record(user.user_category_affinity_7d),
    affinityLong: record(user.user_category_affinity_long),
    creatorAffinity: record(user.user_creator_affinity_long),
    topCategories: topCategoriesOf(user.user_top_categories_7d),
    recentItems,
    language,
    contentType,
  };
}

/** Writes one candidate's row (FEATURE_COUNT floats) at out[offset…]. */
export function assembleCandidate(user: UserSide, itemId: string, item: FeatureValues, facts: CandidateFacts, out: Float32Array, offset = 0): void {
  if (offset < 0 || offset + FEATURE_COUNT > out.length) {
    throw new RangeError(`row at ${offset} does not fit an output of ${out.length} floats (a row has ${FEATURE_COUNT})`);
  }
  out.set(user.values, offset);
  const o = offset;
  out[o + C.plays1h] = log1p(finite(item.item_plays_1h) ?? 0);
  out[o + C.plays24h] = log1p(finite(item.item_plays_24h) ?? 0);
  out[o + C.plays28d] = log1p(finite(item.item_plays_28d) ?? 0);
  out[o + C.impressions] = log1p(finite(item.item_impressions_24h) ?? 0);
  const ctr = finite(item.item_ctr_24h);
  out[o + C.ctr] = ctr === null ? 0 : clip(ctr, 0, 1);
  out[o + C.ctrMissing] = ctr === null ? 1 : 0;
  out[o + C.likeRatio] = clip(finite(item.item_like_ratio_7d) ?? 0.5, 0, 1);
  const completion = finite(item.item_completion_rate_7d);
  out[o + C.completion] = completion === null ? 0 : clip(completion, 0, 1);
  out[o + C.completionMissing] = completion === null ? 1 : 0;
  const skip = finite(item.item_skip_rate_7d);
  out[o + C.skip] = skip === null ? 0 : clip(skip, 0, 1);
  out[o + C.skipMissing] = skip === null ? 1 : 0;
  out[o + C.trending] = log1p(finite(item.item_trending_score) ?? 0);
  const subscribers = finite(item.creator_subscriber_count);
  out[o + C.subscribers] = subscribers === null ? 0 : log1p(subscribers);
  out[o + C.subscribersMissing] = subscribers === null ? 1 : 0;

  let age = finite(item.item_publish_age_hours);
  const publishTime = finite(facts.publishTime);
  if (age === null && publishTime !== null && Number.isFinite(user.time)) age = (user.time - publishTime) / HOUR_MS;
  out[o + C.age] = age === null ? 0 : log1p(age);
  out[o + C.ageMissing] = age === null ? 1 : 0;

  const type = facts.contentType;
  out[o + C.video] = type === 'VIDEO' ? 1 : 0;
  out[o + C.audio] = type === 'AUDIO' ? 1 : 0;
  const duration = finite(facts.durationMs);
  out[o + C.duration] = duration === null ? 0 : log1p(duration / 60_000);
  out[o + C.durationMissing] = duration === null ? 1 : 0;
  const language = facts.language === undefined || facts.language === '' || facts.language === 'und' ? null : facts.language;
  out[o + C.languageMissing] = language === null ? 1 : 0;

  const categories = Array.isArray(facts.categories) ? facts.categories : [];
  out[o + C.categoryCount] = clip(categories.length / 8, 0, 1);
  for (let b = 0; b < CATEGORY_BUCKETS; b++) out[o + C.bucket0 + b] = 0;
  let aff30m: number | null = null;
  let aff7d: number | null = null;
  let affLong: number | null = null;
  let affLongSum = 0;
  let top: number | null = null;
  const n = Math.min(CROSS_CATEGORIES, categories.length);
  for (let i = 0; i < n; i++) {
    const category = categories[i];
    if (typeof category !== 'string') continue;
    out[o + C.bucket0 + (fnv1a32(category) % CATEGORY_BUCKETS)] = 1;
    const a30 = entry(user.affinity30m, category);
    if (a30 !== null && (aff30m === null || a30 > aff30m)) aff30m = a30;
    const a7 = entry(user.affinity7d, category);
    if (a7 !== null && (aff7d === null || a7 > aff7d)) aff7d = a7;
    const along = entry(user.affinityLong, category);
    if (along !== null) {
      affLongSum += along;
      if (affLong === null || along > affLong) affLong = along;
    }
    const weight = user.topCategories.get(category);
    if (weight !== undefined && (top === null || weight > top)) top = weight;
  }
  out[o + C.aff30m] = clip(aff30m ?? 0, -1, 1);
  out[o + C.aff7d] = clip(aff7d ?? 0, -1, 1);
  out[o + C.affLong] = clip(affLong ?? 0, -1, 1);
  out[o + C.affLongSum] = clip(affLongSum, -1, 1);
  out[o + C.topCategory] = log1p(top ?? 0);
  out[o + C.creatorAffinity] = facts.creatorId === undefined ? 0 : clip(entry(user.creatorAffinity, facts.creatorId) ?? 0, -1, 1);

  out[o + C.languageMatch] = language !== null && user.language === language ? 1 : 0;
  const known = user.contentType !== null && (type === 'VIDEO' || type === 'AUDIO');
  out[o + C.typeMatch] = !known ? 0 : user.contentType === 'MIXED' ? 0.5 : user.contentType === type ? 1 : 0;
  out[o + C.typeMissing] = known ? 0 : 1;

  const recent = user.recentItems.get(itemId);
  out[o + C.inRecent] = recent === undefined ? 0 : 1;
  out[o + C.recentScore] = recent === undefined ? 0 : clip(recent, -3, 3);

  const cf = facts.collaborative;
  const cfScore = cf === undefined ? null : finite(cf.score);
  const cfNearest = cf === undefined ? null : finite(cf.nearest);
  const cfKnown = cfScore !== null && cfNearest !== null;
  out[o + C.cfScore] = cfKnown ? clip(cfScore, -1, 1) : 0;
  out[o + C.cfNearest] = cfKnown ? clip(cfNearest, -1, 1) : 0;
  out[o + C.cfMissing] = cfKnown ? 0 : 1;
  const coVisit = cfKnown && cf !== undefined && cf.coVisitation !== null ? finite(cf.coVisitation) : null;
  out[o + C.coVisit] = coVisit === null ? 0 : log1p(coVisit);
  out[o + C.coVisitMissing] = coVisit === null ? 1 : 0;
}

export interface Candidate {
  readonly itemId: string;
  /** The item's (and its creator's) feature values. */
  readonly features: FeatureValues;
  readonly facts: CandidateFacts;
}

/** Rows for a whole request: [candidates × FEATURE_COUNT], row-major. Reuses `out` when it is large enough. */
export function assembleBatch(user: UserSide, candidates: readonly Candidate[], out?: Float32Array): Float32Array {
  const size = candidates.length * FEATURE_COUNT;
  const buffer = out !== undefined && out.length >= size ? out : new Float32Array(size);
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    assembleCandidate(user, c.itemId, c.features, c.facts, buffer, i * FEATURE_COUNT);
  }
  return buffer;
}

/** One row from one record holding user, item and creator values (a training-set row). */
export function assembleFeatureVector(itemId: string, values: FeatureValues, facts: CandidateFacts, context: RequestContext): Float32Array {
  const out = new Float32Array(FEATURE_COUNT);
  assembleCandidate(prepareUserSide(values, context), itemId, values, facts, out);
  return out;
}

/** For tests and docs: the candidate slots are exactly the ones after the user slots. */
export const CANDIDATE_SLOT_COUNT = CANDIDATE_SLOTS.length;

/** A catalog item's facts for assembly (the catalog is where they come from, in training and at the edge). */
export function candidateFactsOf(
  item: { readonly categories: readonly string[]; readonly content_type?: string; readonly language?: string; readonly duration_ms?: number; readonly publish_time?: number; readonly creator_id?: string },
  collaborative?: CollaborativeSignals,
): CandidateFacts {
  return {
    categories: item.categories,
    ...(item.content_type !== undefined && { contentType: item.content_type }),
    ...(item.language !== undefined && { language: item.language }),
    ...(item.duration_ms !== undefined && { durationMs: item.duration_ms }),
    ...(item.publish_time !== undefined && { publishTime: item.publish_time }),
    ...(item.creator_id !== undefined && { creatorId: item.creator_id }),
    ...(collaborative !== undefined && { collaborative }),
  };
}
