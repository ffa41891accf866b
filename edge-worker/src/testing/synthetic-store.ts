// An in-memory FeatureStore for workerd tests: the fixture's synthetic events
// (same seed as the bundle's build) applied to the shared MemoryFeatureStore
// by the same write plans the feature job runs, and the item snapshot built
// from it. Latency and failures can be injected per call to exercise the
// fallback ladder; the real KV path is covered by the end-to-end tests.
import { addToBatch, emptyBatch, planWrites } from '@freshet/shared/features/writes';
import { MemoryFeatureStore } from '@freshet/shared/features/memory-store';
import { buildSnapshot, decodeSnapshot, snapshotInputsOf, type ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import { itemInfoOf } from '@freshet/shared/features/enrich';
import { createCatalogModel, resolveSyntheticConfig, syntheticCatalog, syntheticEvents } from '@freshet/shared/synthetic';
import type { CatalogItem, EngagementEvent } from '@freshet/shared';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';
import type { FeatureStore } from '../features/kv-store.js';

export interface SyntheticWorld {
  readonly store: MemoryFeatureStore;
  readonly catalog: readonly CatalogItem[];
  readonly events: readonly EngagementEvent[];
  /** The newest event time: the world's "now". */
  readonly t: number;
  readonly snapshot: ItemSnapshot;
}

export function syntheticWorld(workload: { items: number; events: number; users: number; seed: number }): SyntheticWorld {
  const config = resolveSyntheticConfig({ ...workload, malformedRate: 0, duplicateRate: 0, lateRate: 0 });
  if (!config.ok) throw new Error(`synthetic workload: ${JSON.stringify(config.error)}`);
  const model = createCatalogModel(config.value);
  const catalog = [...syntheticCatalog(model)];
  const byId = new Map(catalog.map((i) => [i.item_id, i]));
  const store = new MemoryFeatureStore();
  for (const item of catalog) store.putCatalogItem(item);
  const events: EngagementEvent[] = [];
  for (const record of syntheticEvents(config.value, model)) if (record.kind === 'event') events.push(record.event);
  events.sort((a, b) => a.event_time - b.event_time);
  const batch = emptyBatch();
  let t = 0;
  for (const event of events) {
    const item = event.item_id === undefined ? undefined : byId.get(event.item_id);
    addToBatch(batch, planWrites({ event, item: item ? itemInfoOf(item) : null }), event.item_id);
    t = Math.max(t, event.event_time);
  }
  store.apply(batch);
  const snapshot = decodeSnapshot(buildSnapshot(snapshotInputsOf(store, catalog.map((i) => i.item_id)), t, Date.now()));
  return { store, catalog, events, t, snapshot };
}

export interface Faults {
  /** Extra latency per call, ms. */
  delayMs?: number;
  /** Fail every call with this message. */
  fail?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A FeatureStore over a synthetic world; `faults` is read on every call, so a test can change it midway. */
export function memoryFeatureStore(world: SyntheticWorld, faults: Faults = {}, fresh: FreshDelta | null = null): FeatureStore {
  const gate = async () => {
    if (faults.delayMs) await sleep(faults.delayMs);
    if (faults.fail) throw new Error(faults.fail);
  };
  return {
    async userState(userId) {
      await gate();
      return world.store.userState(userId);
    },
    async itemSnapshot() {
      await gate();
      return world.snapshot;
    },
    async freshDelta() {
      await gate();
      return fresh;
    },
  };
}
