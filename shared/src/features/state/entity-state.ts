// Read access to one entity's state, however it was fetched: from Redis
// hashes and a sorted set (online), or from the in-memory store (offline).
// Feature values are computed from this and nothing else.
import type { ItemInfo } from '../enrich.js';
import { decodeCounter, type Buckets } from './counter.js';
import { decodeLogMember, type LogEntry, type ScoredMember } from './event-log.js';
import type { CounterSpec } from './specs.js';

export interface EntityState {
  /** Dimension → buckets of one counter. Empty when nothing was written. */
  counter(spec: CounterSpec): ReadonlyMap<string, Buckets>;
  /** Log entries sorted by time (oldest first). */
  log(): readonly LogEntry[];
  /** The item set (specs.ts userItemSet), newest first. */
  history(): readonly HistoryEntry[];
  /** Catalog facts about an item entity (null when unknown or not an item). */
  readonly catalog: ItemInfo | null;
}

/** An item in the user's history and the time of the latest event that put it there. */
export interface HistoryEntry {
  readonly itemId: string;
  readonly time: number;
}

export type HashFields = Readonly<Record<string, string>>;

/** State from raw hash fields (`<code>|<dim>` → encoded counter), event-log members and item-history members. */
export function entityStateFrom(hashes: readonly HashFields[], logMembers: readonly ScoredMember[] = [], catalog: ItemInfo | null = null, historyMembers: readonly ScoredMember[] = []): EntityState {
  const byCode = new Map<string, Map<string, Buckets>>();
  for (const hash of hashes) {
    for (const [field, encoded] of Object.entries(hash)) {
      const bar = field.indexOf('|');
      if (bar < 0) continue;
      const code = field.slice(0, bar);
      let dims = byCode.get(code);
      if (!dims) byCode.set(code, (dims = new Map()));
      const dim = field.slice(bar + 1);
      const buckets = decodeCounter(encoded);
      // The same field in two hashes (two long-term epochs): their buckets are disjoint, add them up.
      const other = dims.get(dim);
      if (other) for (const [bucket, count] of other) buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
      dims.set(dim, buckets);
    }
  }
  let entries: LogEntry[] | undefined;
  let history: HistoryEntry[] | undefined;
  return {
    counter: (spec) => byCode.get(spec.code) ?? new Map(),
    log: () =>
      (entries ??= logMembers
        .map((m) => decodeLogMember(m.member, m.score))
        .filter((e): e is LogEntry => e !== undefined)
        .sort((a, b) => a.time - b.time)),
    history: () =>
      (history ??= historyMembers
        .filter((m) => m.member.length > 0 && Number.isFinite(m.score))
        .map((m) => ({ itemId: m.member, time: m.score }))
        .sort((a, b) => b.time - a.time || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))),
    catalog,
  };
}
