// Content-type discovery (R2, R14): a user who mostly watches VIDEO should
// still meet some AUDIO (and the reverse). If the user's share of their
// less-played content type is below `targetShare`, the best items of that
// type are moved up until it holds ceil(targetShare × window) of the top
// `window` places, displacing the lowest-placed items of the other type.
// It acts on the score order; pins, exploration and diversity come after
// and can shift the window by a place or two.
import { CONTENT_TYPES, type ContentType } from '../events/primitives.js';
import type { Scored } from './scored.js';

export interface DiscoveryOutcome {
  readonly ranked: Scored[];
  readonly promoted: string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The content type the user plays least, and its share; undefined without plays. */
export function lessPlayedType(counts: Readonly<Partial<Record<ContentType, number>>> | undefined): { type: ContentType; share: number } | undefined {
  if (counts === undefined) return undefined;
  const clean = (t: ContentType) => Math.max(0, Number.isFinite(counts[t]) ? counts[t]! : 0);
  let total = 0;
  for (const t of CONTENT_TYPES) total += clean(t);
  if (total <= 0) return undefined;
  let type: ContentType = CONTENT_TYPES[0];
  for (const t of CONTENT_TYPES) if (clean(t) < clean(type)) type = t;
  return { type, share: clean(type) / total };
}

export function promoteDiscovery(
  ranked: Scored[],
  counts: Readonly<Partial<Record<ContentType, number>>> | undefined,
  settings: { readonly targetShare: number; readonly window: number },
  length: number,
): DiscoveryOutcome {
  const unchanged = (reason: string, more: Record<string, unknown> = {}): DiscoveryOutcome => ({ ranked, promoted: [], detail: { reason, ...more } });
  if (settings.targetShare <= 0) return unchanged('off');
  const user = lessPlayedType(counts);
  if (user === undefined) return unchanged('no plays');
  if (user.share >= settings.targetShare) return unchanged('user already plays it', { type: user.type, userShare: user.share });
  const window = Math.min(settings.window, length);
  const target = Math.ceil(settings.targetShare * window);
  const isType = (s: Scored) => s.candidate.facts?.contentType === user.type;
  let had = 0;
  for (let i = 0; i < window; i++) if (isType(ranked[i]!)) had++;
  const promotedAt: number[] = [];
  for (let i = window; i < ranked.length && had + promotedAt.length < target; i++) if (isType(ranked[i]!)) promotedAt.push(i);
  const more = { type: user.type, userShare: user.share, target, had };
  if (promotedAt.length === 0) return unchanged(had >= target ? 'target met' : 'no items of the type', more);
  // The lowest-placed items of the other type in the window make room.
  const displacedAt = new Set<number>();
  for (let i = window - 1; i >= 0 && displacedAt.size < promotedAt.length; i--) if (!isType(ranked[i]!)) displacedAt.add(i);
  const promotedSet = new Set(promotedAt);
  const out: Scored[] = [];
  for (let i = 0; i < window; i++) if (!displacedAt.has(i)) out.push(ranked[i]!);
  for (const i of promotedAt) out.push(ranked[i]!);
  for (let i = 0; i < window; i++) if (displacedAt.has(i)) out.push(ranked[i]!);
  for (let i = window; i < ranked.length; i++) if (!promotedSet.has(i)) out.push(ranked[i]!);
  return { ranked: out, promoted: promotedAt.map((i) => ranked[i]!.candidate.itemId), detail: more };
}
