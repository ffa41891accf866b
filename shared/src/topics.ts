// Kafka topics of the platform. Every producer, consumer and admin script
// takes topic names from here, so a rename is one edit.

export const TOPICS = {
  /** R1: engagement events from client apps (plays, likes, skips, impressions, ...). */
  engagementEvents: 'user.engagement.events',
  /** New and updated catalog items (R12). */
  mediaPublished: 'media.published',
  /** Impression logs of served recommendation lists (request_id, items, positions, versions). */
  impressions: 'rec.impressions',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The dead-letter topic for a source topic: malformed records land there with the reason. */
export function deadLetterTopic(topic: TopicName): `${TopicName}.dlq` {
  return `${topic}.dlq`;
}

export const SOURCE_TOPICS: readonly TopicName[] = Object.values(TOPICS);
export const DEAD_LETTER_TOPICS = SOURCE_TOPICS.map(deadLetterTopic);
