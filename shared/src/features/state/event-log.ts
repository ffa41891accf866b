// The event log: a user's recent engagement events as a time-ordered set
// (a Redis sorted set: score = event time, member = encoded entry). Adding is
// idempotent and commutative; the log keeps entries no older than `retention`
// before its newest entry, and at most `cap` entries (the newest by score, then
// member), so its content does not depend on arrival order while the cap is
// not reached. The Lua twin in stream-jobs prunes exactly the same way.
import type { EventType } from '../../events/event-types.js';

export interface LogEntry {
  readonly time: number;
  readonly type: EventType;
  readonly itemId: string;
  /** Short hash of the event id: keeps entries of distinct events distinct. */
  readonly eventHash: string;
}

// One character per logged event type keeps members short.
const TYPE_CODES: Readonly<Partial<Record<EventType, string>>> = {
  media_started: 's',
  media_completed: 'c',
  media_replay: 'r',
  media_liked: 'l',
  media_shared: 'h',
  media_added_to_playlist: 'p',
  subscription_to_creator: 'b',
  media_paused_early: 'e',
  media_disliked: 'd',
  media_skipped: 'k',
};
const TYPE_BY_CODE = new Map(Object.entries(TYPE_CODES).map(([type, code]) => [code, type as EventType]));

export const LOGGED_TYPES = new Set(Object.keys(TYPE_CODES) as EventType[]);

/** Member of the sorted set: "<type code>:<event hash>:<item id>". */
export function encodeLogMember(entry: Omit<LogEntry, 'time'>): string {
  const code = TYPE_CODES[entry.type];
  if (code === undefined) throw new RangeError(`${entry.type} events are not logged`);
  return `${code}:${entry.eventHash}:${entry.itemId}`;
}

export function decodeLogMember(member: string, time: number): LogEntry | undefined {
  const first = member.indexOf(':');
  const second = member.indexOf(':', first + 1);
  if (first !== 1 || second < 0) return undefined;
  const type = TYPE_BY_CODE.get(member[0]!);
  if (type === undefined) return undefined;
  return { time, type, eventHash: member.slice(first + 1, second), itemId: member.slice(second + 1) };
}

export interface ScoredMember {
  readonly member: string;
  readonly score: number;
}

/** Redis sorted-set order: by score, then by member bytes (ids are ASCII, so code-unit order is byte order). */
export function compareScored(a: ScoredMember, b: ScoredMember): number {
  if (a.score !== b.score) return a.score - b.score;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** Adds members (a re-added member keeps the larger score) and prunes by age and count. */
export function mergeLog(current: readonly ScoredMember[], added: readonly ScoredMember[], retentionMs: number, cap: number): ScoredMember[] {
  const byMember = new Map<string, number>();
  for (const { member, score } of [...current, ...added]) {
    const existing = byMember.get(member);
    if (existing === undefined || score > existing) byMember.set(member, score);
  }
  let sorted = [...byMember].map(([member, score]) => ({ member, score })).sort(compareScored);
  const newest = sorted.at(-1)?.score;
  if (newest !== undefined) sorted = sorted.filter((e) => e.score >= newest - retentionMs);
  return sorted.length > cap ? sorted.slice(sorted.length - cap) : sorted;
}
