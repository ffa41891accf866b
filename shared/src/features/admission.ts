// Which events of one source partition are applied: the first copy of each
// event_id, not too far behind the partition's event-time watermark, not from
// the future. Decisions depend only on the partition's record order, so the
// online job, a restarted job (rebuilding this state from the partition) and
// an offline replay of the same partition all decide identically.
import type { EngagementEvent } from '../events/engagement-event.js';
import { MinHeap } from '../util/min-heap.js';
import { MINUTE } from './time.js';

export type Admission = 'accepted' | 'duplicate' | 'late' | 'future';

export interface AdmissionOptions {
  /** How far behind the watermark an event may be and still count (event time). */
  readonly allowedLatenessMs: number;
  /** How far an event may be ahead of the time its record was produced (client clock skew). */
  readonly maxFutureMs: number;
}

export const DEFAULT_ADMISSION: AdmissionOptions = { allowedLatenessMs: 10 * MINUTE, maxFutureMs: 10 * MINUTE };

export interface PartitionAdmission {
  /**
   * Decides one record. `offset` is the record's partition offset (as a number: offsets stay
   * below 2^53), `recordTime` its produce time in ms.
   */
  admit(event: EngagementEvent, offset: number, recordTime: number): Admission;
  /** Newest event time accepted so far (−Infinity before the first). */
  readonly watermark: number;
  /**
   * The first offset a restarted job must re-read to rebuild this state: the oldest offset
   * among remembered event ids, or `next` when none is remembered.
   */
  horizon(next: number): number;
  /** Remembered event ids (bounded by the lateness window). */
  readonly remembered: number;
}

export function createPartitionAdmission(options: AdmissionOptions = DEFAULT_ADMISSION): PartitionAdmission {
  // event_id → offset of the copy that was accepted, for ids whose event time is still within
  // the lateness window: a copy of anything older is late anyway.
  const seen = new Map<string, { time: number; offset: number }>();
  const byTime = new MinHeap<string>();
  const byOffset = new MinHeap<string>();
  let watermark = -Infinity;

  const forgetOlderThan = (cutoff: number) => {
    while (byTime.size > 0 && byTime.peekKey() < cutoff) {
      const id = byTime.pop()!;
      const entry = seen.get(id);
      if (entry && entry.time < cutoff) seen.delete(id);
    }
  };

  return {
    admit(event, offset, recordTime) {
      if (event.event_time > recordTime + options.maxFutureMs) return 'future';
      if (event.event_time < watermark - options.allowedLatenessMs) return 'late';
      if (seen.has(event.event_id)) return 'duplicate';
      seen.set(event.event_id, { time: event.event_time, offset });
      byTime.push(event.event_time, event.event_id);
      byOffset.push(offset, event.event_id);
      if (event.event_time > watermark) {
        watermark = event.event_time;
        forgetOlderThan(watermark - options.allowedLatenessMs);
      }
      return 'accepted';
    },
    get watermark() {
      return watermark;
    },
    horizon(next) {
      // Drop heap tops whose id was forgotten (lazy deletion).
      while (byOffset.size > 0) {
        const offset = byOffset.peekKey();
        const id = byOffset.pop()!;
        if (seen.get(id)?.offset === offset) {
          byOffset.push(offset, id);
          return offset;
        }
      }
      return next;
    },
    get remembered() {
      return seen.size;
    },
  };
}
