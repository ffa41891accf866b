// The benchmark's synthetic workload: one config used for the index build, the replay into
// Kafka and the choice of users to query, so the bundle and the features describe the same
// world. The users are split by how many interactions the feature job will count for them
// (user_interaction_count counts the event-log types), against the edge's warm threshold.
import { LOGGED_TYPES } from '@freshet/shared/features/state/event-log';
import { resolveSyntheticConfig, type SyntheticConfig } from '@freshet/shared/synthetic';
import { syntheticSource } from '@freshet/stream-jobs/replay/sources';

export interface WorkloadParams {
  readonly seed: number;
  readonly items: number;
  readonly users: number;
  readonly events: number;
}

/** The exact config `npm run index -- build --input synthetic` uses (no late, duplicate or malformed records). */
export function workloadConfig(p: WorkloadParams, startTimeMs?: number): SyntheticConfig {
  const config = resolveSyntheticConfig({
    seed: p.seed, items: p.items, users: p.users, events: p.events, malformedRate: 0, duplicateRate: 0, lateRate: 0,
    ...(startTimeMs !== undefined && { startTimeMs }),
  });
  if (!config.ok) throw new RangeError(`synthetic workload: ${config.error.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return config.value;
}

/** Names the workload's parameters, for cache directories and markers. */
export const workloadKey = (p: WorkloadParams) => `syn-s${p.seed}-i${p.items}-u${p.users}-e${p.events}`;

export interface UserPools {
  /** Users with at least `warmMargin` × the warm threshold of interactions, most active first. */
  readonly warm: readonly string[];
  /** Users with some interactions but well under the threshold (≤ half of it). */
  readonly cold: readonly string[];
  /** Event time of the first and last event of the stream (default start). */
  readonly firstEventMs: number;
  readonly lastEventMs: number;
}

/**
 * Counts every user's interactions in the stream. Warm users get a margin above the threshold
 * (so a few events the job drops or dedupes cannot turn them cold); cold users stay far below it.
 */
export function userPools(p: WorkloadParams, warmThreshold: number, warmMargin = 1.2): UserPools {
  const counts = new Map<string, number>();
  let firstEventMs = Number.POSITIVE_INFINITY;
  let lastEventMs = 0;
  for (const record of syntheticSource(workloadConfig(p)).events()) {
    if (record.kind !== 'event' || !record.event) continue;
    const e = record.event;
    firstEventMs = Math.min(firstEventMs, e.event_time);
    lastEventMs = Math.max(lastEventMs, e.event_time);
    if (LOGGED_TYPES.has(e.type)) counts.set(e.user_id, (counts.get(e.user_id) ?? 0) + 1);
  }
  const byActivity = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    warm: byActivity.filter(([, n]) => n >= warmThreshold * warmMargin).map(([id]) => id),
    cold: byActivity.filter(([, n]) => n <= warmThreshold / 2).map(([id]) => id),
    firstEventMs,
    lastEventMs,
  };
}
