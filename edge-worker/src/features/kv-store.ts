// The regional KV store as the edge reads it, through @upstash/redis (REST):
// a user's whole state in ONE pipelined round trip (the five keys of
// userReadKeys share a hash tag), the item snapshot, and the fresh-item delta
// of the serving embedding version. Raw strings only: counters are not JSON.
// No client retries — the request's deadline decides, and the fallback ladder
// takes over (R15).
import { Redis } from '@upstash/redis/cloudflare';
import { keys, userReadKeys } from '@freshet/shared/keys';
import { entityStateFrom, type EntityState } from '@freshet/shared/features/state/entity-state';
import { hashReply, scoredReply } from '@freshet/shared/features/kv-replies';
import { decodeSnapshot, fromBase64, type ItemSnapshot } from '@freshet/shared/features/item-snapshot';
import { decodeFreshDelta } from '@freshet/shared/fresh/fresh-delta-codec';
import type { FreshDelta } from '@freshet/shared/fresh/fresh-items';

/** What the serving path reads from the KV store; tests inject slow or failing ones. */
export interface FeatureStore {
  userState(userId: string, t: number): Promise<EntityState>;
  itemSnapshot(): Promise<ItemSnapshot | null>;
  freshDelta(embeddingVersion: string): Promise<FreshDelta | null>;
}

export function kvFeatureStore(url: string, token: string): FeatureStore {
  // responseEncoding false: replies come as plain JSON strings. The default (base64 from the server,
  // decoded in JavaScript by the client) costs hundreds of milliseconds of the isolate's only thread
  // for a 100k-item snapshot (~5 MB), stalling every request behind it. Our values are valid UTF-8.
  const rest = new Redis({ url, token, automaticDeserialization: false, retry: false, enableTelemetry: false, responseEncoding: false });
  return {
    async userState(userId, t) {
      const [short, long, previous, log, history] = userReadKeys(userId, t);
      const pipeline = rest.pipeline().hgetall(short).hgetall(long).hgetall(previous);
      const replies = (await pipeline.zrange(log, 0, -1, { withScores: true }).zrange(history, 0, -1, { withScores: true }).exec()) as [
        unknown,
        unknown,
        unknown,
        unknown[] | null,
        unknown[] | null,
      ];
      return entityStateFrom([hashReply(replies[0]), hashReply(replies[1]), hashReply(replies[2])], scoredReply(replies[3]), null, scoredReply(replies[4]));
    },
    async itemSnapshot() {
      const text = await rest.get<string>(keys.itemSnapshot());
      return typeof text === 'string' && text.length > 0 ? decodeSnapshot(fromBase64(text)) : null;
    },
    async freshDelta(embeddingVersion) {
      const text = await rest.get<string>(keys.freshItems(embeddingVersion));
      return typeof text === 'string' && text.length > 0 ? decodeFreshDelta(fromBase64(text)) : null;
    },
  };
}
