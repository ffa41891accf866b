// Test support: feature state read back the way the edge reads it — through
// the Upstash-compatible REST endpoint with @upstash/redis, one pipelined round
// trip per entity — as the offline tools' StatesAsOf, so online and offline
// values are computed by the very same code.
import { decodeCatalogHash, entityStateFrom, infoOf, keys, userReadKeys, type EntityState, type ScoredMember } from '@freshet/shared';
import type { Redis as UpstashRedis } from '@upstash/redis';
import type { StatesAsOf } from '../offline/as-of-features.js';

type Hash = Record<string, string>;

/** HGETALL as the client returns it without deserialisation (a flat [field, value, ...] list), as an object. */
function hash(reply: unknown): Hash {
  if (reply === null || reply === undefined) return {};
  if (!Array.isArray(reply)) return reply as Hash;
  const out: Hash = {};
  for (let i = 0; i < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

function pairs(flat: readonly (string | number)[]): ScoredMember[] {
  const out: ScoredMember[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ member: String(flat[i]), score: Number(flat[i + 1]) });
  return out;
}

/** Prefetches the given entities (one pipeline each), then serves them synchronously. */
export async function onlineStates(rest: UpstashRedis, ids: { users: readonly string[]; items: readonly string[] }): Promise<StatesAsOf> {
  const users = new Map<string, EntityState>();
  for (const userId of ids.users) {
    const [short, long, log] = userReadKeys(userId);
    const [a, b, c] = (await rest.pipeline().hgetall(short).hgetall(long).zrange(log, 0, -1, { withScores: true }).exec()) as [unknown, unknown, (string | number)[]];
    users.set(userId, entityStateFrom([hash(a), hash(b)], pairs(c)));
  }
  const items = new Map<string, EntityState>();
  const creatorOf = new Map<string, string | undefined>();
  for (const itemId of ids.items) {
    const [itemHash, catalog] = (await rest.pipeline().hgetall(keys.item(itemId)).hgetall(keys.catalogItem(itemId)).exec()) as [unknown, unknown];
    const record = decodeCatalogHash(hash(catalog));
    items.set(itemId, entityStateFrom([hash(itemHash)], [], record ? infoOf(record) : null));
    creatorOf.set(itemId, record?.creatorId);
  }
  const creators = new Map<string, EntityState>();
  for (const creator of new Set([...creatorOf.values()].filter((c): c is string => c !== undefined))) {
    creators.set(creator, entityStateFrom([hash(await rest.hgetall(keys.creator(creator)))]));
  }
  const missing = (what: string, id: string) => new Error(`online state of ${what} ${id} was not prefetched`);
  return {
    user: (id) => users.get(id) ?? (() => { throw missing('user', id); })(),
    item: (id) => items.get(id) ?? (() => { throw missing('item', id); })(),
    creatorOfItem: (itemId) => {
      const creator = creatorOf.get(itemId);
      return creator === undefined ? null : (creators.get(creator) ?? null);
    },
  };
}
