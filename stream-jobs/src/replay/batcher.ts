// Collects records for one topic and hands them to the sink in batches bounded
// by count and bytes, keeping a few sends in flight so that encoding the next
// batch overlaps with the broker acknowledging the last one.
import type { OutgoingRecord } from '../adapters/kafka.js';
import type { ReplaySink } from './run.js';

export interface BatcherLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxInFlight: number;
}

export interface Batcher {
  add(record: OutgoingRecord & { readonly value: string }): void;
  /** True once the current batch reached a limit: time to flush(). */
  readonly full: boolean;
  /** Sends the current batch; waits only if too many sends are in flight. */
  flush(): Promise<void>;
  /** Sends the current batch and waits for every send to be acknowledged. */
  drain(): Promise<void>;
}

export function createBatcher(sink: ReplaySink, topic: string, limits: BatcherLimits): Batcher {
  let batch: OutgoingRecord[] = [];
  let bytes = 0;
  const inFlight: Promise<void>[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const sending = sink.send(topic, batch);
    // Handled when awaited below; this only stops Node from calling an early failure unhandled.
    sending.catch(() => undefined);
    inFlight.push(sending);
    batch = [];
    bytes = 0;
    if (inFlight.length >= limits.maxInFlight) await inFlight.shift();
  };

  return {
    add(record) {
      batch.push(record);
      bytes += record.value.length;
    },
    get full() {
      return batch.length >= limits.maxRecords || bytes >= limits.maxBytes;
    },
    flush,
    async drain() {
      await flush();
      while (inFlight.length > 0) await inFlight.shift();
    },
  };
}
