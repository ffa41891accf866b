// The one key layout of the regional KV store, used by every writer (the
// feature job, the snapshot publisher) and every reader (the edge worker, the
// parity tools). All keys start with a layout version, so a layout change can
// be rolled out next to the old one.
//
// User keys share the hash tag {<user id>}: in a Redis Cluster they live on one
// node, so a request reads a whole user in ONE pipelined round trip.
//
// Size budget per active user (documented in docs/features.md): short-term
// hash ≤ 6 KB, event log ≤ 200 entries (≈ 8 KB), item history ≤ 200 entries
// (≈ 4 KB), long-term hashes ≤ 2 × 6 KB.

import { DAY, HOUR, epochOf } from './features/time.js';

export const KEY_LAYOUT_VERSION = 'f1';
const p = KEY_LAYOUT_VERSION;

export const keys = {
  /** HASH: short-term user counters (windows up to 7 days). */
  userShort: (userId: string) => `${p}:u:{${userId}}`,
  /** ZSET: the user's recent engagement events (score = event time). */
  userLog: (userId: string) => `${p}:u:{${userId}}:log`,
  /** ZSET: the items the user finished or endorsed over the last year (member = item id, score = latest such event's time). */
  userItems: (userId: string) => `${p}:u:{${userId}}:items`,
  /** HASH: long-term user counters (28 and 91 days) of one 13-week epoch (see epochOf). */
  userLong: (userId: string, epoch: number) => `${p}:ul:{${userId}}:${epoch}`,
  /** HASH: item counters. */
  item: (itemId: string) => `${p}:i:${itemId}`,
  /** HASH: what the catalog says about an item (latest version wins). */
  catalogItem: (itemId: string) => `${p}:c:${itemId}`,
  /** HASH: creator counters. */
  creator: (creatorId: string) => `${p}:cr:${creatorId}`,
  /** SET: items touched since the snapshot publisher last looked. */
  dirtyItems: () => `${p}:dirty:items`,
  /** STRING: the latest item-feature snapshot (base64 of the binary encoding). */
  itemSnapshot: () => `${p}:snap:items`,
  /** STRING: the fresh-item delta of one embedding version (base64 of the binary encoding, see shared/src/fresh). */
  freshItems: (embeddingVersion: string) => `${p}:fresh:${embeddingVersion}`,
  /** HASH: the feature job's progress per source partition: offset, watermark, horizon. */
  jobPartition: (group: string, topic: string, partition: number) => `${p}:job:${group}:${topic}:${partition}`,
  /** HASH: region-wide facts: the newest event time applied ("clock"). */
  regionMeta: () => `${p}:meta:region`,
} as const;

/**
 * Keys a request at time t reads for one user, in pipeline order: short-term hash, long-term
 * hashes of t's epoch and the one before, event log, item history.
 */
export const userReadKeys = (userId: string, t: number) =>
  [keys.userShort(userId), keys.userLong(userId, epochOf(t)), keys.userLong(userId, epochOf(t) - 1), keys.userLog(userId), keys.userItems(userId)] as const;

/**
 * Time to live per key group, refreshed on every write. A user idle for longer
 * loses that state; windows never look further back than these.
 */
export const TTL_MS = {
  userShort: 8 * DAY,
  userLog: 8 * DAY,
  /** A year and a day: the history's retention, refreshed by every finished or endorsed item. */
  userItems: 366 * DAY,
  /** One epoch plus a day: an epoch's key is read until the next epoch ends. */
  userLong: 92 * DAY,
  item: 8 * DAY,
  catalogItem: 400 * DAY,
  creator: 400 * DAY,
  jobPartition: 30 * DAY,
  dirtyItems: HOUR,
} as const;
