// What the job knows about one source partition it owns: how far each region
// has applied it, from where it is being re-read to rebuild admission state,
// and that admission state. Built from the regions' stored progress whenever
// the partition is (re)assigned.
import { createPartitionAdmission, type AdmissionOptions, type PartitionAdmission } from '@freshet/shared';
import type { RedisRegion } from './redis-region.js';

export interface PartitionState {
  readonly admission: PartitionAdmission;
  /** Last offset each region applied (−1: nothing yet). */
  readonly regionOffsets: Map<string, number>;
  /** Last offset handed to the offline store (Infinity when there is none: nothing to write). */
  offlineOffset: number;
  /** Records before this offset were applied by every region: they only rebuild admission state. */
  readonly resumeAt: number;
  /** Where reading must start: the horizon of the stored progress, or 0 with none anywhere. */
  readonly rebuildFrom: number;
  /** True once the first batch started at rebuildFrom. */
  positioned: boolean;
  /** True once the job asked Kafka to seek to rebuildFrom. */
  seeked: boolean;
}

export async function loadPartitionState(
  regions: readonly RedisRegion[],
  group: string,
  topic: string,
  partition: number,
  admission: AdmissionOptions,
  /** The offline store's progress, when the job writes one. */
  offlineProgress?: number,
): Promise<PartitionState> {
  const stored = await Promise.all(regions.map((r) => r.readProgress(group, topic, partition)));
  const regionOffsets = new Map(regions.map((r, i) => [r.name, stored[i] ? Number(stored[i]!.offset) : -1]));
  const offlineOffset = offlineProgress ?? Infinity;
  const applied = Math.min(...regionOffsets.values(), offlineOffset);
  const known = stored.filter((s) => s !== null);
  // The regions' progress, not Kafka's committed offsets, says what is applied: with none
  // anywhere (new or emptied regions) the partition is read from its first retained record.
  const rebuildFrom = Math.min(...known.map((s) => Number(s.horizon)), applied + 1);
  return { admission: createPartitionAdmission(admission), regionOffsets, offlineOffset, resumeAt: applied + 1, rebuildFrom, positioned: false, seeked: false };
}
