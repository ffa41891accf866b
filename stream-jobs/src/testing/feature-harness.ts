// Test support for the feature job against the real broker and real Redis:
// fresh topics, a workload, waiting for the job to finish, and the state the
// job must have produced, recomputed independently from what is in the topic.
import {
  MemoryFeatureStore,
  addToBatch,
  createPartitionAdmission,
  decodeEvent,
  emptyBatch,
  itemInfoOf,
  keys,
  planWrites,
  type AdmissionOptions,
  type CatalogItem,
  type EngagementEvent,
  type TopicName,
} from '@freshet/shared';
import type { Redis } from 'ioredis';
import type { IncomingRecord, OutgoingRecord } from '../adapters/kafka.js';
import type { RedisRegion } from '../features/redis-region.js';
import { waitUntil, type KafkaTestKit } from './kafka.js';

export interface JobTopics {
  readonly events: TopicName;
  readonly catalog: TopicName;
}

/** Fresh topics with their dead-letter topics (named like the platform's: `<topic>.dlq`). */
export async function createJobTopics(kit: KafkaTestKit, eventPartitions = 3): Promise<JobTopics> {
  const events = (await kit.newTopic(eventPartitions)) as TopicName;
  const catalog = (await kit.newTopic(2)) as TopicName;
  const admin = kit.kafka.admin();
  await admin.connect();
  try {
    for (const [topic, partitions] of [[events, eventPartitions], [catalog, 2]] as const) {
      await admin.ensureTopics([{ topic: `${topic}.dlq`, partitions, replicationFactor: 1 }]);
      kit.track(`${topic}.dlq`);
    }
  } finally {
    await admin.disconnect();
  }
  return { events, catalog };
}

export type RawEvent = { readonly key: string; readonly value: string };

export async function produce(kit: KafkaTestKit, topics: JobTopics, catalog: readonly CatalogItem[], events: readonly (EngagementEvent | RawEvent)[]): Promise<void> {
  const producer = kit.kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < catalog.length; i += 1000) {
      await producer.send(topics.catalog, catalog.slice(i, i + 1000).map((item) => ({ key: item.item_id, value: JSON.stringify(item) })));
    }
    const records: OutgoingRecord[] = events.map((e) => ('value' in e ? { key: e.key, value: e.value } : { key: e.user_id, value: JSON.stringify(e) }));
    for (let i = 0; i < records.length; i += 1000) await producer.send(topics.events, records.slice(i, i + 1000));
  } finally {
    await producer.disconnect();
  }
}

/** Waits until every region stored progress up to the end of every partition of the topic. */
export async function waitForJob(kit: KafkaTestKit, regions: readonly RedisRegion[], group: string, topic: string, timeoutMs = 60_000): Promise<void> {
  const admin = kit.kafka.admin();
  await admin.connect();
  const ends = (await admin.fetchTopicOffsets(topic)).filter((p) => p.high !== p.low);
  await admin.disconnect();
  const done = async () => {
    for (const region of regions) {
      for (const { partition, high } of ends) {
        const progress = await region.readProgress(group, topic, partition).catch(() => null);
        if (!progress || Number(progress.offset) < Number(high) - 1) return false;
      }
    }
    return true;
  };
  let finished = false;
  const deadline = Date.now() + timeoutMs;
  while (!finished && Date.now() < deadline) {
    finished = await done();
    if (!finished) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await waitUntil(`the job to finish ${topic}`, () => finished, 1);
}

/** Waits until the group is stable with `members` members, each of them holding partitions. */
export async function waitForGroup(kit: KafkaTestKit, group: string, members: number, timeoutMs = 60_000): Promise<void> {
  const admin = kit.kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let seen = { state: 'unknown', members: 0 };
    while (Date.now() < deadline) {
      const description = await admin.describeGroup(group);
      seen = { state: description.state, members: description.members.length };
      if (seen.state === 'Stable' && seen.members === members) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`group ${group} not stable with ${members} members after ${timeoutMs} ms (last seen: ${seen.state}, ${seen.members} members)`);
  } finally {
    await admin.disconnect();
  }
}

export interface Expected {
  readonly store: MemoryFeatureStore;
  readonly counts: Record<'applied' | 'duplicate' | 'late' | 'future' | 'invalid', number>;
}

/** The state the job must produce: the topic read back and replayed per partition, in offset order. */
export async function expectedState(kit: KafkaTestKit, topics: JobTopics, catalog: readonly CatalogItem[], total: number, admission: AdmissionOptions): Promise<Expected> {
  const records = await kit.consumeAll(topics.events, total);
  const byPartition = new Map<number, IncomingRecord[]>();
  for (const r of records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
  const items = new Map(catalog.map((c) => [c.item_id, itemInfoOf(c)]));
  const store = new MemoryFeatureStore();
  for (const item of catalog) store.putCatalogItem(item);
  const counts = { applied: 0, duplicate: 0, late: 0, future: 0, invalid: 0 };
  for (const partitionRecords of byPartition.values()) {
    partitionRecords.sort((a, b) => Number(a.offset) - Number(b.offset));
    const decide = createPartitionAdmission(admission);
    const batch = emptyBatch();
    for (const record of partitionRecords) {
      const decoded = decodeEvent(record.value!);
      if (!decoded.ok) {
        counts.invalid++;
        continue;
      }
      const decision = decide.admit(decoded.value, Number(record.offset), record.timestamp);
      if (decision !== 'accepted') {
        counts[decision]++;
        continue;
      }
      counts.applied++;
      const e = decoded.value;
      addToBatch(batch, planWrites({ event: e, item: e.item_id === undefined ? null : (items.get(e.item_id) ?? null) }), e.item_id);
    }
    store.apply(batch);
  }
  return { store, counts };
}

const FEATURE_KEY_PATTERNS = [keys.userShort('*'), keys.userLong('*', 0), keys.item('*'), keys.creator('*')].map((k) => k.replace(/\{\*\}.*$/, '*'));

async function featureKeys(redis: Redis): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of FEATURE_KEY_PATTERNS) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      batch.forEach((k) => found.add(k));
    } while (cursor !== '0');
  }
  return [...found].sort();
}

/** Every feature key of a region, raw, in a form two regions or a region and the memory store can be compared by. */
export async function regionState(redis: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await featureKeys(redis)) {
    if ((await redis.type(key)) === 'zset') {
      const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
      const members = [];
      for (let i = 0; i < flat.length; i += 2) members.push({ member: flat[i]!, score: Number(flat[i + 1]) });
      out[key] = members;
    } else {
      out[key] = await redis.hgetall(key);
    }
  }
  return out;
}

export function memoryState(store: MemoryFeatureStore): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of store.keys()) out[key] = store.isLog(key) ? store.rawLog(key) : store.rawHash(key);
  return out;
}
