// The platform's topics as the admin adapter wants them: every source topic and its dead-letter
// topic, named by shared/topics so a rename stays one edit.
import { DEAD_LETTER_TOPICS, SOURCE_TOPICS } from '@freshet/shared/topics';
import type { TopicSpec } from '../adapters/kafka.js';

export interface TopicPlanOptions {
  partitions: number;
  replicationFactor: number;
}

export function platformTopics({ partitions, replicationFactor }: TopicPlanOptions): TopicSpec[] {
  // Dead-letter topics get the source's partition count: their volume is small, but keeping
  // the key → partition mapping lets a replay tool re-publish in the original order per key.
  return [...SOURCE_TOPICS, ...DEAD_LETTER_TOPICS].map((topic) => ({ topic, partitions, replicationFactor }));
}
