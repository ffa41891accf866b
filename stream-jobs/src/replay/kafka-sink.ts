// The replay's sink for a real broker: a producer from the kafka adapter, with
// a connection error that tells the user what to do.
import { createKafka, type KafkaLogLevel } from '../adapters/kafka.js';
import type { ReplaySink } from './run.js';

export interface KafkaSinkOptions {
  readonly brokers: readonly string[];
  readonly logLevel?: KafkaLogLevel;
}

export async function connectKafkaSink(options: KafkaSinkOptions): Promise<ReplaySink & { close(): Promise<void> }> {
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: 'freshet-replay',
    logLevel: options.logLevel ?? 'error',
    connectionTimeoutMs: 3000,
  });
  const producer = kafka.producer();
  try {
    await producer.connect();
  } catch (error) {
    throw new Error(
      `cannot reach Kafka at ${options.brokers.join(',')}: ${(error as Error).message}. ` +
        'Is the local stack running? Start it with `npm run infra:up`.',
      { cause: error },
    );
  }
  return {
    send: async (topic, records) => {
      await producer.send(topic, records);
    },
    close: () => producer.disconnect(),
  };
}
