// Test support: the offline tools' StatesAsOf served from state read back the
// way the edge reads it (features/rest-reader.ts), so online and offline values
// are computed by the very same code.
import type { EntityState } from '@freshet/shared';
import type { Redis as UpstashRedis } from '@upstash/redis';
import { readCreatorState, readItemState, readUserState } from '../features/rest-reader.js';
import type { StatesAsOf } from '../offline/as-of-features.js';

/** Prefetches the given entities (one pipeline each), then serves them synchronously. */
export async function onlineStates(rest: UpstashRedis, ids: { users: readonly string[]; items: readonly string[] }, t: number): Promise<StatesAsOf> {
  const users = new Map<string, EntityState>();
  for (const userId of new Set(ids.users)) users.set(userId, (await readUserState(rest, userId, t)).state);
  const items = new Map<string, EntityState>();
  const creatorOf = new Map<string, string | undefined>();
  for (const itemId of new Set(ids.items)) {
    const { state, catalog } = await readItemState(rest, itemId);
    items.set(itemId, state);
    creatorOf.set(itemId, catalog?.creatorId);
  }
  const creators = new Map<string, EntityState>();
  for (const creator of new Set([...creatorOf.values()].filter((c): c is string => c !== undefined))) {
    creators.set(creator, await readCreatorState(rest, creator));
  }
  const prefetched = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`online state of ${what} was not prefetched`);
    return value;
  };
  return {
    user: (id) => prefetched(users.get(id), `user ${id}`),
    item: (id) => prefetched(items.get(id), `item ${id}`),
    creatorOfItem: (itemId) => {
      const creator = creatorOf.get(itemId);
      return creator === undefined ? null : (creators.get(creator) ?? null);
    },
  };
}
