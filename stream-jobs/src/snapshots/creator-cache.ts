// The creators of the items a snapshot publisher holds: their hashes, read in
// pipelines and re-read once they are older than the refresh interval, and
// which held items belong to each. A subscription writes only its creator's
// hash — the feature job marks no item dirty for it — so a refresh reports the
// items whose creator's hash changed, and the publisher recomputes their rows.
// Only creators of held items are cached: memory follows activity, as for items.
import { entityStateFrom, keys, type EntityState, type HashFields } from '@freshet/shared';
import type { Redis } from 'ioredis';

interface CachedCreator {
  /** Undefined until the first read. */
  hash?: HashFields;
  readAt: number;
  /** Decoded once per hash, when a row first needs it. */
  state?: EntityState;
  readonly items: Set<string>;
}

/** Creators re-read per pipeline (each reply is one small hash). */
const READ_CHUNK = 500;

export class CreatorCache {
  private readonly creators = new Map<string, CachedCreator>();

  constructor(
    private readonly redis: Redis,
    /** How old a creator's hash may get before it is read again (bounds how late a subscription shows). */
    private readonly refreshMs: number,
  ) {}

  /** Creators held (for tests and logs). */
  get size(): number {
    return this.creators.size;
  }

  /** Records that an item belongs to a creator; a creator seen for the first time is read at the next refresh. */
  link(itemId: string, creatorId: string): void {
    let creator = this.creators.get(creatorId);
    if (!creator) this.creators.set(creatorId, (creator = { readAt: -Infinity, items: new Set() }));
    creator.items.add(itemId);
  }

  /** Forgets that an item belongs to a creator; a creator left with no items is forgotten. */
  unlink(itemId: string, creatorId: string): void {
    const creator = this.creators.get(creatorId);
    if (!creator) return;
    creator.items.delete(itemId);
    if (creator.items.size === 0) this.creators.delete(creatorId);
  }

  /**
   * Reads creators never read and those read more than the refresh interval ago, pipelined.
   * Returns the held items whose creator's hash changed since it was last read (not those of
   * creators read for the first time: their items have no row yet or were just re-linked).
   */
  async refresh(now: number): Promise<Set<string>> {
    const due: string[] = [];
    for (const [id, creator] of this.creators) if (creator.hash === undefined || now - creator.readAt > this.refreshMs) due.push(id);
    const changed = new Set<string>();
    for (let i = 0; i < due.length; i += READ_CHUNK) {
      const chunk = due.slice(i, i + READ_CHUNK);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hgetall(keys.creator(id));
      const replies = (await pipeline.exec()) ?? [];
      chunk.forEach((id, j) => {
        const [error, reply] = replies[j] ?? [new Error(`no reply for creator ${id}`)];
        if (error) throw error;
        const creator = this.creators.get(id);
        if (!creator) return;
        const hash = (reply ?? {}) as HashFields;
        if (creator.hash !== undefined && !sameHash(creator.hash, hash)) for (const item of creator.items) changed.add(item);
        if (creator.hash === undefined || !sameHash(creator.hash, hash)) {
          creator.hash = hash;
          creator.state = undefined;
        }
        creator.readAt = now;
      });
    }
    return changed;
  }

  /** The creator's state as last read; null when the creator is not held or not read yet. */
  state(creatorId: string): EntityState | null {
    const creator = this.creators.get(creatorId);
    if (creator?.hash === undefined) return null;
    return (creator.state ??= entityStateFrom([creator.hash]));
  }
}

function sameHash(a: HashFields, b: HashFields): boolean {
  const fields = Object.keys(a);
  if (fields.length !== Object.keys(b).length) return false;
  return fields.every((field) => Object.prototype.hasOwnProperty.call(b, field) && a[field] === b[field]);
}
