// Reads feature state the way the edge does: through an Upstash-compatible
// REST endpoint with @upstash/redis, one pipelined round trip per entity, raw
// strings (no client-side JSON decoding: counters are not JSON).
import {
  decodeCatalogHash,
  decodeSnapshot,
  entityStateFrom,
  fromBase64,
  infoOf,
  keys,
  userReadKeys,
  type CatalogRecord,
  type EntityState,
  type ItemSnapshot,
} from '@freshet/shared';
import { hashReply, scoredReply } from '@freshet/shared/features/kv-replies';
import type { Redis as UpstashRedis } from '@upstash/redis';

export interface RawUserState {
  readonly state: EntityState;
  /** Bytes of the user's stored state (values as sent over the wire): the size budget in practice. */
  readonly bytes: number;
}

/** The user's state for a request at time t (which long-term epochs to read depends on t). */
export async function readUserState(rest: UpstashRedis, userId: string, t: number): Promise<RawUserState> {
  const [short, long, previous, log, history] = userReadKeys(userId, t);
  const pipeline = rest.pipeline().hgetall(short).hgetall(long).hgetall(previous);
  const [a, b, c, d, e] = (await pipeline.zrange(log, 0, -1, { withScores: true }).zrange(history, 0, -1, { withScores: true }).exec()) as [
    unknown,
    unknown,
    unknown,
    unknown[],
    unknown[],
  ];
  const hashes = [hashReply(a), hashReply(b), hashReply(c)];
  const members = scoredReply(d);
  const historyMembers = scoredReply(e);
  const bytes =
    hashes.reduce((sum, h) => sum + Object.entries(h).reduce((s, [f, v]) => s + f.length + v.length, 0), 0) +
    [...members, ...historyMembers].reduce((sum, m) => sum + m.member.length + String(m.score).length, 0);
  return { state: entityStateFrom(hashes, members, null, historyMembers), bytes };
}

export async function readItemState(rest: UpstashRedis, itemId: string): Promise<{ state: EntityState; catalog: CatalogRecord | null }> {
  const [item, catalog] = (await rest.pipeline().hgetall(keys.item(itemId)).hgetall(keys.catalogItem(itemId)).exec()) as [unknown, unknown];
  const record = decodeCatalogHash(hashReply(catalog));
  return { state: entityStateFrom([hashReply(item)], [], record ? infoOf(record) : null), catalog: record };
}

export async function readCreatorState(rest: UpstashRedis, creatorId: string): Promise<EntityState> {
  return entityStateFrom([hashReply(await rest.hgetall(keys.creator(creatorId)))]);
}

export async function readItemSnapshot(rest: UpstashRedis): Promise<ItemSnapshot | null> {
  const text = await rest.get<string>(keys.itemSnapshot());
  return typeof text === 'string' && text.length > 0 ? decodeSnapshot(fromBase64(text)) : null;
}

/** The region's newest applied event time (null before the first event). */
export async function readRegionClock(rest: UpstashRedis): Promise<number | null> {
  const clock = await rest.hget<string>(keys.regionMeta(), 'clock');
  return clock === null || clock === undefined ? null : Number(clock);
}
