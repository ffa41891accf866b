import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '../events/engagement-event.js';
import { resolveSyntheticConfig, syntheticEvents } from '../workloads/synthetic/index.js';
import { createPartitionAdmission, type Admission } from './admission.js';
import { MINUTE } from './time.js';

const options = { allowedLatenessMs: MINUTE, maxFutureMs: 5 * MINUTE };
const T = Date.UTC(2026, 0, 5);
const ev = (id: string, time: number): EngagementEvent => ({ event_id: id, type: 'media_started', user_id: 'u', item_id: 'i', event_time: time });

describe('partition admission', () => {
  it('accepts first copies, then rejects duplicates, late and future events', () => {
    const a = createPartitionAdmission(options);
    expect(a.admit(ev('a', T), 0, T)).toBe('accepted');
    expect(a.admit(ev('a', T), 1, T)).toBe('duplicate');
    expect(a.admit(ev('b', T + 10 * MINUTE), 2, T + 10 * MINUTE)).toBe('accepted');
    expect(a.admit(ev('c', T + 9.5 * MINUTE), 3, T + 11 * MINUTE)).toBe('accepted'); // 30 s behind: within lateness
    expect(a.admit(ev('d', T + 8 * MINUTE), 4, T + 11 * MINUTE)).toBe('late'); // 2 min behind
    expect(a.admit(ev('a', T), 5, T + 11 * MINUTE)).toBe('late'); // an old copy is late, not a duplicate
    expect(a.admit(ev('e', T + 30 * MINUTE), 6, T + 20 * MINUTE)).toBe('future'); // 10 min after its record
    expect(a.watermark).toBe(T + 10 * MINUTE);
  });

  it('remembers only ids within the lateness window, and says where to rebuild from', () => {
    const a = createPartitionAdmission(options);
    for (let i = 0; i < 100; i++) a.admit(ev(`e${i}`, T + i * 10_000), i, T + i * 10_000);
    // Watermark T + 990 s; ids within the last 60 s: e93..e99.
    expect(a.remembered).toBe(7);
    expect(a.horizon(100)).toBe(93);
    expect(createPartitionAdmission(options).horizon(42)).toBe(42);
  });

  it('decides identically after a restart that rebuilds from the horizon', () => {
    const resolved = resolveSyntheticConfig({ seed: 9, users: 50, items: 100, events: 4000, lateRate: 0.2, maxLatenessMs: 3 * MINUTE, duplicateRate: 0.05, malformedRate: 0, eventsPerSecond: 20 });
    if (!resolved.ok) throw new Error('config');
    const records = [...syntheticEvents(resolved.value)].flatMap((r) => (r.kind === 'event' ? [r.event] : []));
    const recordTime = (e: EngagementEvent) => e.event_time + 1000;
    const decide = (from: number, to: number, admission = createPartitionAdmission(options)) => {
      const out: Admission[] = [];
      for (let i = from; i < to; i++) out.push(admission.admit(records[i]!, i, recordTime(records[i]!)));
      return out;
    };
    const uninterrupted = decide(0, records.length);
    expect(new Set(uninterrupted)).toEqual(new Set(['accepted', 'duplicate', 'late']));

    fc.assert(
      fc.property(fc.integer({ min: 1, max: records.length - 1 }), (crashAt) => {
        const before = createPartitionAdmission(options);
        decide(0, crashAt, before);
        const horizon = before.horizon(crashAt);
        expect(horizon).toBeLessThanOrEqual(crashAt);
        const restarted = createPartitionAdmission(options);
        decide(horizon, crashAt, restarted); // rebuild only: nothing is applied
        expect(decide(crashAt, records.length, restarted)).toEqual(uninterrupted.slice(crashAt));
      }),
      { numRuns: 60 },
    );
  });
});
