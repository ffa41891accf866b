// Replies of the KV store's REST endpoint as the feature readers need them,
// read without the client's deserialisation (counters are not JSON): one
// decoder for the edge and the tools that read as the edge does.
import type { HashFields } from './state/entity-state.js';
import type { ScoredMember } from './state/event-log.js';

/** HGETALL as a flat [field, value, ...] list (or an object, or nothing) → fields. */
export function hashReply(reply: unknown): HashFields {
  if (reply === null || reply === undefined) return {};
  if (!Array.isArray(reply)) return reply as HashFields;
  const out: Record<string, string> = {};
  // defineProperty, not assignment: assignment would drop a field named "__proto__" (the feature
  // job's fields are "<code>|<dimension>", but this decodes whatever the store replies).
  for (let i = 0; i < reply.length; i += 2) Object.defineProperty(out, String(reply[i]), { value: String(reply[i + 1]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** ZRANGE … WITHSCORES as a flat [member, score, ...] list → members with scores. */
export function scoredReply(flat: readonly unknown[] | null | undefined): ScoredMember[] {
  const out: ScoredMember[] = [];
  if (!flat) return out;
  for (let i = 0; i < flat.length; i += 2) out.push({ member: String(flat[i]), score: Number(flat[i + 1]) });
  return out;
}
