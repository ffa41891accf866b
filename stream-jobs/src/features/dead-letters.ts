// Sends records the job cannot use to the source topic's dead-letter topic:
// the original bytes untouched, the reason and origin in headers, so nothing
// is lost and each record can be inspected or replayed after a fix.
import { deadLetterTopic, type TopicName } from '@freshet/shared';
import type { IncomingRecord, KafkaProducer } from '../adapters/kafka.js';

export interface DeadLetter {
  readonly record: IncomingRecord;
  /** One line, e.g. "context.local_hour: local_hour must be an integer hour 0–23". */
  readonly reason: string;
  /** Field-level detail, when validation produced it. */
  readonly fields?: readonly { field: string; message: string }[];
}

export const DLQ_HEADERS = {
  reason: 'dlq.reason',
  fields: 'dlq.fields',
  topic: 'dlq.source.topic',
  partition: 'dlq.source.partition',
  offset: 'dlq.source.offset',
  timestamp: 'dlq.source.timestamp',
  at: 'dlq.at',
} as const;

export async function sendDeadLetters(producer: KafkaProducer, source: TopicName, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const now = String(Date.now());
  await producer.send(
    deadLetterTopic(source),
    letters.map(({ record, reason, fields }) => ({
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        [DLQ_HEADERS.reason]: reason,
        ...(fields ? { [DLQ_HEADERS.fields]: JSON.stringify(fields) } : {}),
        [DLQ_HEADERS.topic]: record.topic,
        [DLQ_HEADERS.partition]: String(record.partition),
        [DLQ_HEADERS.offset]: record.offset,
        [DLQ_HEADERS.timestamp]: String(record.timestamp),
        [DLQ_HEADERS.at]: now,
      },
    })),
  );
}
