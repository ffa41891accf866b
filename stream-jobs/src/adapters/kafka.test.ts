// Integration tests of the kafkajs adapter against the real local broker: run
// `npm run infra:up` first. They also prove kafkajs 2.2.4 works with the Kafka 4 broker we pin.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaTestKit, uniqueName, waitUntil } from '../testing/kafka.js';
import { KafkaAdapterError, createKafka, type IncomingRecord } from './kafka.js';

const TEST_TIMEOUT_MS = 60_000;
const kit = createKafkaTestKit('adapter-test');
const { kafka, newTopic, consumeAll, startConsumer } = kit;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

const seqOf = (record: IncomingRecord): number => (JSON.parse(record.value!.toString()) as { seq: number }).seq;

afterAll(() => kit.cleanup(), TEST_TIMEOUT_MS);

describe('kafka adapter against the local broker', () => {
  it('round-trips records with keys, headers and timestamps', { timeout: TEST_TIMEOUT_MS }, async () => {
    const topic = await newTopic(3);
    const total = 300;
    // A day back: Kafka 4 rejects timestamps too far in the future, not in the past.
    const baseTime = Date.now() - 86_400_000;
    const sent = Array.from({ length: total }, (_, seq) => ({
      key: `user-${seq % 20}`,
      value: JSON.stringify({ seq }),
      headers: { 'trace-id': `trace-${seq}`, 'schema': Buffer.from([1, seq % 256, 255]) },
      timestamp: baseTime + seq * 7,
    }));
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < total; i += 50) {
      const offsets = await producer.send(topic, sent.slice(i, i + 50));
      expect(offsets.length).toBeGreaterThan(0);
    }
    await producer.disconnect();

    const received = await consumeAll(topic, total);

    expect(received).toHaveLength(total);
    expect(new Set(received.map(seqOf)).size).toBe(total);
    for (const record of received) {
      const original = sent[seqOf(record)]!;
      expect(record.topic).toBe(topic);
      expect(record.key?.toString()).toBe(original.key);
      expect(record.timestamp).toBe(original.timestamp);
      expect(Object.keys(record.headers).sort()).toEqual(['schema', 'trace-id']);
      expect(record.headers['trace-id']?.toString()).toBe(original.headers['trace-id']);
      expect(record.headers.schema?.equals(original.headers.schema)).toBe(true);
    }
    // murmur2 keying: every record of a key lives in one partition, and keys spread out.
    const partitionsByKey = groupBy(received, (r) => r.key!.toString());
    for (const records of partitionsByKey.values()) {
      expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    }
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it('keeps per-partition order across many sends', { timeout: TEST_TIMEOUT_MS }, async () => {
    const topic = await newTopic(4);
    const producer = kafka.producer();
    await producer.connect();
    let seq = 0;
    for (let send = 0; send < 10; send++) {
      const records = Array.from({ length: 100 }, () => {
        const s = seq++;
        return { key: `key-${s % 8}`, value: JSON.stringify({ seq: s }) };
      });
      await producer.send(topic, records);
    }
    await producer.disconnect();

    const received = await consumeAll(topic, seq);

    expect(received).toHaveLength(seq);
    const byPartition = groupBy(received, (r) => String(r.partition));
    for (const records of byPartition.values()) {
      // Delivered in offset order with no gap (no duplicate, no loss), and offset order is
      // send order.
      const offsets = records.map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
      const seqs = records.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.map((o) => o.partition)).toEqual([0, 1, 2, 3]);
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(seq);
  });

  it('loses and reorders nothing when sends overlap (kafkajs idempotence needs them queued)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const topic = await newTopic(3);
    const producer = kafka.producer();
    await producer.connect();
    // 20 sends of 500 records started at once, like a pipelining caller would.
    const sends = Array.from({ length: 20 }, (_, send) =>
      producer.send(
        topic,
        Array.from({ length: 500 }, (_, i) => {
          const seq = send * 500 + i;
          return { key: `key-${seq % 16}`, value: JSON.stringify({ seq }) };
        }),
      ),
    );
    await Promise.all(sends);
    await producer.disconnect();

    const received = await consumeAll(topic, 10_000);
    expect(received).toHaveLength(10_000);
    expect(new Set(received.map(seqOf)).size).toBe(10_000);
    for (const records of groupBy(received, (r) => r.key!.toString()).values()) {
      const seqs = records.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('resumes a consumer group from its committed offset', { timeout: TEST_TIMEOUT_MS }, async () => {
    const topic = await newTopic(1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send(
      topic,
      Array.from({ length: 100 }, (_, seq) => ({ key: 'k', value: JSON.stringify({ seq }) })),
    );
    await producer.disconnect();
    const groupId = uniqueName('group');

    // The first member processes and commits offsets 0..39 only, then leaves the group.
    let committed = false;
    const first = await startConsumer(groupId, topic, async (batch, ctx) => {
      if (committed) return;
      for (const record of batch.records) {
        if (Number(record.offset) >= 40) break;
        ctx.resolveOffset(record.offset);
        if (record.offset === '39') {
          await ctx.commit();
          committed = true;
        }
      }
    });
    await waitUntil('the first consumer to commit offset 39', () => committed);
    await first.disconnect();

    // The second member of the same group must start at 40, although it asks fromBeginning.
    const resumed: IncomingRecord[] = [];
    const second = await startConsumer(groupId, topic, async (batch, ctx) => {
      for (const record of batch.records) {
        resumed.push(record);
        ctx.resolveOffset(record.offset);
      }
      await ctx.commit();
    });
    await waitUntil(`offset 99 (got ${resumed.length} records)`, () => resumed.some((r) => r.offset === '99'));
    await second.disconnect();

    expect(resumed.map((r) => Number(r.offset))).toEqual(Array.from({ length: 60 }, (_, i) => 40 + i));
    expect(resumed.map(seqOf)[0]).toBe(40);
  });

  it('ensureTopics creates only what is missing, also when two callers race', { timeout: TEST_TIMEOUT_MS }, async () => {
    const [a, b, c, raced] = [uniqueName('a'), uniqueName('b'), uniqueName('c'), uniqueName('raced')];
    kit.track(a, b, c, raced);
    const spec = (topic: string) => ({ topic, partitions: 2, replicationFactor: 1 });
    const admin = kafka.admin();
    const other = kafka.admin();
    await admin.connect();
    await other.connect();
    try {
      expect(await admin.ensureTopics([spec(a), spec(b)])).toEqual({ created: [a, b], existing: [] });
      expect(await admin.ensureTopics([spec(a), spec(b)])).toEqual({ created: [], existing: [a, b] });
      expect(await admin.ensureTopics([spec(a), spec(c)])).toEqual({ created: [c], existing: [a] });

      const results = await Promise.all([admin.ensureTopics([spec(raced)]), other.ensureTopics([spec(raced)])]);
      expect(results.flatMap((r) => r.created)).toEqual([raced]);
      expect(results.flatMap((r) => r.existing)).toEqual([raced]);

      const topics = await admin.listTopics();
      expect(topics).toEqual(expect.arrayContaining([a, b, c, raced]));
      const offsets = await admin.fetchTopicOffsets(a);
      expect(offsets).toEqual([
        { partition: 0, low: '0', high: '0' },
        { partition: 1, low: '0', high: '0' },
      ]);
    } finally {
      await admin.disconnect();
      await other.disconnect();
    }
  });

  it('reports a request the broker refuses as a non-retriable adapter error', { timeout: TEST_TIMEOUT_MS }, async () => {
    // Silent: kafkajs logs the refused request at ERROR, which is the expected outcome here.
    const admin = createKafka({ brokers: kit.brokers, clientId: 'adapter-test', logLevel: 'silent' }).admin();
    await admin.connect();
    try {
      // One broker cannot hold three replicas.
      const error = await admin
        .ensureTopics([{ topic: uniqueName('rf3'), partitions: 1, replicationFactor: 3 }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KafkaAdapterError);
      expect((error as KafkaAdapterError).retriable).toBe(false);
      expect((error as KafkaAdapterError).message).toMatch(/replication.factor/i);
    } finally {
      await admin.disconnect();
    }
  });

  it('fails fast with a retriable adapter error when the broker is unreachable', { timeout: 15_000 }, async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const unreachable = createKafka({
      brokers: [`127.0.0.1:${port}`],
      clientId: 'adapter-test-unreachable',
      logLevel: 'silent',
      connectionTimeoutMs: 500,
      retries: 1,
    });

    for (const client of [unreachable.admin(), unreachable.producer()]) {
      const started = Date.now();
      const error = await client.connect().catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(KafkaAdapterError);
      expect((error as KafkaAdapterError).retriable).toBe(true);
      expect((error as KafkaAdapterError).message).toMatch(/ECONNREFUSED|Connection error/);
    }
  });
});
