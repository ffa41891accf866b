// Train/serve parity of the ranker's input rows: for (user, item, t) pairs of
// one feature store, the row the EDGE assembles — user values from the user's
// state (as edge-worker/src/features/user-values.ts computes them), item values
// from the item snapshot built at t and decoded (as the edge's itemValues maps
// its columns), facts from the catalog — must equal, slot by slot, the row the
// training-set builder assembles from featureVectorAsOf for the same pair.
// The only tolerated difference is float32 rounding: the snapshot stores item
// values as float32, training computes them in float64.
import {
  FEATURE_COUNT, FEATURE_SLOTS, assembleCandidate, assembleFeatureVector, candidateFactsOf, prepareUserSide, type FeatureValues, type RequestContext,
} from '@freshet/shared/ranking/index';
import {
  MemoryFeatureStore, SNAPSHOT_COLUMNS, USER_FEATURES, addToBatch, buildSnapshot, decodeSnapshot, emptyBatch, planWrites, snapshotInputsOf,
  type CatalogItem, type EnrichedEvent, type EntityState, type ItemSnapshot,
} from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import { isActive } from '../snapshots/activity.js';
import { syntheticEnriched } from '../testing/synthetic-enriched.js';
import { featureVectorAsOf, statesAsOf } from './as-of-features.js';

interface World {
  readonly store: MemoryFeatureStore;
  readonly catalog: ReadonlyMap<string, CatalogItem>;
  readonly events: readonly EnrichedEvent[];
  /** The newest event time: the store's "now". */
  readonly t: number;
  /** In the store's catalog only, with no events: an item published a minute before t by a creator with subscribers. */
  readonly justPublished: CatalogItem;
}

/**
 * A synthetic workload in one store. The generator subscribes rarely (1 % of completions), so one
 * completion in eight is followed by a subscription to the item's creator from no item page (only
 * the creator's hash is written): enough creators with subscribers for the creator slots to matter.
 */
function syntheticWorld(): World {
  const { events: generated, catalog } = syntheticEnriched({ seed: 11, users: 250, items: 400, creators: 40, events: 12_000, eventsPerSecond: 0.3 });
  const events: EnrichedEvent[] = [...generated];
  generated
    .filter((e) => e.event.type === 'media_completed' && e.item?.creatorId !== undefined)
    .forEach((e, i) => {
      if (i % 8 !== 0) return;
      const at = e.event.event_time + 5000;
      events.push({
        event: { event_id: `sub-${i}`, type: 'subscription_to_creator', user_id: e.event.user_id, creator_id: e.item!.creatorId!, event_time: at, context: e.event.context },
        item: null,
      });
    });
  events.sort((a, b) => a.event.event_time - b.event.event_time);
  const store = new MemoryFeatureStore();
  for (const item of catalog) store.putCatalogItem(item);
  const batch = emptyBatch();
  for (const e of events) addToBatch(batch, planWrites(e), e.event.item_id);
  store.apply(batch);
  const t = Math.max(...events.map((e) => e.event.event_time));
  const subscribed = events.find((e) => e.event.type === 'subscription_to_creator')!.event.creator_id!;
  const template = catalog.find((i) => i.creator_id === subscribed)!;
  const justPublished: CatalogItem = { ...template, item_id: 'just-published', publish_time: t - 60_000 };
  store.putCatalogItem(justPublished);
  return { store, catalog: new Map(catalog.map((i) => [i.item_id, i])), events, t, justPublished };
}

/** The snapshot the publisher would publish at t: the items its activity rule keeps, with their creators. */
function publishedSnapshot(world: World): ItemSnapshot {
  const held = [...world.catalog.keys(), world.justPublished.item_id].filter((id) => isActive(world.store.itemState(id), world.t));
  return decodeSnapshot(buildSnapshot(snapshotInputsOf(world.store, held), world.t, 0));
}

/** As the edge's userFeatureValues: every user feature's value as JSON, undefined → null. */
function edgeUserValues(state: EntityState, t: number): FeatureValues {
  const out: Record<string, unknown> = {};
  for (const feature of USER_FEATURES) {
    const value = feature.value(state, t);
    out[feature.name] = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
  }
  return out;
}

/** As the edge's itemValues: every snapshot column by name; an item missing from the snapshot has none. */
function edgeItemValues(snapshot: ItemSnapshot, itemId: string): FeatureValues {
  if (!snapshot.index.has(itemId)) return {};
  const out: Record<string, number | null> = {};
  for (const column of SNAPSHOT_COLUMNS) out[column.name] = snapshot.value(itemId, column.name);
  return out;
}

function edgeRow(world: World, snapshot: ItemSnapshot, userId: string, item: CatalogItem, context: RequestContext): Float32Array {
  const out = new Float32Array(FEATURE_COUNT);
  const user = prepareUserSide(edgeUserValues(world.store.userState(userId), context.time), context);
  assembleCandidate(user, item.item_id, edgeItemValues(snapshot, item.item_id), candidateFactsOf(item), out);
  return out;
}

function trainingRow(world: World, userId: string, item: CatalogItem, context: RequestContext): Float32Array {
  const values = featureVectorAsOf(statesAsOf(world.store), userId, item.item_id, context.time);
  return assembleFeatureVector(item.item_id, values, candidateFactsOf(item), context);
}

/** Slots that differ beyond float32 rounding of the snapshot's values (relative 1e-6, at least 1e-6 absolute; measured max 2.4e-7). */
function differences(edge: Float32Array, training: Float32Array): string[] {
  const out: string[] = [];
  FEATURE_SLOTS.forEach((slot, i) => {
    const a = edge[i]!;
    const b = training[i]!;
    if (!(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)))) out.push(`${slot.name}: edge ${a}, training ${b}`);
  });
  return out;
}

/** A deterministic sample of pairs: each user with items they played (the crosses fire) and items they did not. */
function samplePairs(world: World, users: number, perUser: number): [string, CatalogItem][] {
  const played = new Map<string, string[]>();
  for (const e of world.events) {
    if (e.event.type !== 'media_started' || e.event.item_id === undefined) continue;
    const list = played.get(e.event.user_id) ?? [];
    if (!list.includes(e.event.item_id)) list.push(e.event.item_id);
    played.set(e.event.user_id, list);
  }
  const userIds = [...played.keys()].sort();
  const itemIds = [...world.catalog.keys()].sort();
  const pairs: [string, CatalogItem][] = [];
  for (let u = 0; u < users; u++) {
    const userId = userIds[Math.floor((u * userIds.length) / users)]!;
    const theirs = played.get(userId)!;
    for (let k = 0; k < perUser; k++) {
      const itemId = k % 2 === 0 && theirs.length > 0 ? theirs[(k / 2) % theirs.length]! : itemIds[(u * 7919 + k * 104_729) % itemIds.length]!;
      pairs.push([userId, world.catalog.get(itemId)!]);
    }
  }
  return pairs;
}

const contextOf = (t: number, i: number): RequestContext => ({
  time: t,
  ...(i % 3 !== 0 && { localHour: (i * 5) % 24 }),
  ...(i % 4 !== 0 && { device: (['tv', 'mobile', 'web'] as const)[i % 3] }),
});

describe('serving parity: the edge’s ranker rows equal the training rows', () => {
  const world = syntheticWorld();
  const snapshot = publishedSnapshot(world);

  it('for sampled (user, item, latest t) pairs, slot by slot, up to float32 rounding', () => {
    const pairs = samplePairs(world, 60, 8);
    let withSubscribers = 0;
    const failures: string[] = [];
    pairs.forEach(([userId, item], i) => {
      expect(snapshot.index.has(item.item_id), `${item.item_id} is active at t, so the publisher holds it`).toBe(true);
      const context = contextOf(world.t, i);
      const diff = differences(edgeRow(world, snapshot, userId, item, context), trainingRow(world, userId, item, context));
      if (diff.length > 0) failures.push(`${userId} × ${item.item_id}: ${diff.join('; ')}`);
      if ((snapshot.value(item.item_id, 'creator_subscriber_count') ?? 0) > 0) withSubscribers++;
    });
    expect(failures).toEqual([]);
    // The sample exercises what the test is for: creators with subscribers, and items played by the user.
    expect(withSubscribers).toBeGreaterThan(pairs.length / 10);
    expect(pairs.length).toBe(480);
  });

  it('the creator slots match because the snapshot carries the creator’s count (without it they would not)', () => {
    const [userId, item] = samplePairs(world, 60, 8).find(([, i]) => (snapshot.value(i.item_id, 'creator_subscriber_count') ?? 0) > 0)!;
    const context = contextOf(world.t, 1);
    const training = trainingRow(world, userId, item, context);
    const withoutCreator = new Float32Array(FEATURE_COUNT);
    const values = { ...edgeItemValues(snapshot, item.item_id) };
    delete (values as Record<string, unknown>).creator_subscriber_count;
    assembleCandidate(prepareUserSide(edgeUserValues(world.store.userState(userId), world.t), context), item.item_id, values, candidateFactsOf(item), withoutCreator);
    expect(differences(withoutCreator, training).map((d) => d.split(':')[0])).toEqual(['creator_subscribers', 'creator_subscribers_missing']);
  });

  it('known residual skew: an item the publisher does not hold (no events in its windows, e.g. just published) loses its creator’s count at the edge', () => {
    // The snapshot holds active items only (memory follows activity), and the edge reads an item it
    // does not hold as having no dynamic features. Its item features agree anyway (training sees
    // zero counts and null rates, which assemble like missing ones); its creator's count does not.
    const fresh = world.justPublished;
    expect(snapshot.index.has(fresh.item_id)).toBe(false);
    expect(statesAsOf(world.store).creatorOfItem(fresh.item_id)).not.toBeNull();
    const [userId] = samplePairs(world, 1, 1)[0]!;
    const context = contextOf(world.t, 2);
    const diff = differences(edgeRow(world, snapshot, userId, fresh, context), trainingRow(world, userId, fresh, context));
    expect(diff.map((d) => d.split(':')[0])).toEqual(['creator_subscribers', 'creator_subscribers_missing']);
  });
});
