// Test support for integration tests against the real local broker
// (`npm run infra:up`): throwaway topics and groups with random names,
// consuming a whole topic, and cleanup.
import { randomUUID } from 'node:crypto';
import { loadStack } from '@freshet/infra/stack';
import { createKafka, type BatchHandler, type IncomingRecord, type KafkaClient, type KafkaConsumer, type KafkaLogLevel } from '../adapters/kafka.js';

export interface KafkaTestKit {
  readonly kafka: KafkaClient;
  readonly brokers: readonly string[];
  /** A topic with a random name, deleted by cleanup(). */
  newTopic(partitions: number): Promise<string>;
  /** Deletes these topics too at cleanup() (for topics a test creates itself). */
  track(...topics: string[]): void;
  startConsumer(groupId: string, topic: string, handler: BatchHandler): Promise<KafkaConsumer>;
  /** Consumes from the beginning until `count` records arrived (a fresh group each time). */
  consumeAll(topic: string, count: number): Promise<IncomingRecord[]>;
  cleanup(): Promise<void>;
}

export const uniqueName = (what: string) => `test.${what}.${randomUUID().slice(0, 8)}`;

export async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A kit for the local stack's broker, or for the given brokers. */
export function createKafkaTestKit(
  clientId: string,
  options: { brokers?: readonly string[]; retries?: number; logLevel?: KafkaLogLevel } = {},
): KafkaTestKit {
  const brokers = options.brokers ?? loadStack().kafka.brokers;
  const kafka = createKafka({ brokers, clientId, logLevel: options.logLevel ?? 'error', ...(options.retries === undefined ? {} : { retries: options.retries }) });
  const topics: string[] = [];
  const consumers: KafkaConsumer[] = [];

  const startConsumer: KafkaTestKit['startConsumer'] = async (groupId, topic, handler) => {
    const consumer = kafka.consumer({ groupId });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    await consumer.run(handler);
    return consumer;
  };

  return {
    kafka,
    brokers,
    async newTopic(partitions) {
      const topic = uniqueName('topic');
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.ensureTopics([{ topic, partitions, replicationFactor: 1 }]);
      } finally {
        await admin.disconnect();
      }
      topics.push(topic);
      return topic;
    },
    track: (...names) => void topics.push(...names),
    startConsumer,
    async consumeAll(topic, count) {
      const received: IncomingRecord[] = [];
      const consumer = await startConsumer(uniqueName('group'), topic, async (batch, ctx) => {
        for (const record of batch.records) {
          received.push(record);
          ctx.resolveOffset(record.offset);
        }
        await ctx.commit();
      });
      await waitUntil(`${count} records on ${topic} (got ${received.length})`, () => received.length >= count);
      await consumer.disconnect();
      return received;
    },
    async cleanup() {
      await Promise.allSettled(consumers.map((c) => c.disconnect()));
      if (topics.length === 0) return;
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics(topics);
      await admin.disconnect();
    },
  };
}
