import { TOPICS, decodeCatalogItem, decodeEvent, type CatalogItem, type EngagementEvent } from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import type { OutgoingRecord } from '../adapters/kafka.js';
import { createPacer, type Clock } from './pacer.js';
import { reasonKey } from './rejections.js';
import { runReplay, type ReplayOptions } from './run.js';
import type { ReplaySource, SourceRecord } from './sources.js';

const T0 = Date.UTC(2026, 0, 5);
const event = (n: number, extra: Partial<EngagementEvent> = {}): EngagementEvent => ({
  event_id: `e${n}`,
  type: 'media_started',
  user_id: `u${n % 3}`,
  item_id: `i${n % 5}`,
  event_time: T0 + n,
  ...extra,
});
const item = (n: number): CatalogItem => ({
  item_id: `i${n}`,
  title: `Item ${n}`,
  categories: ['drama'],
  content_type: 'VIDEO',
  creator_id: 'c1',
  duration_ms: 60_000,
  language: 'en',
  publish_time: T0,
  maturity_rating: 'all',
  unlisted: false,
  description: '',
});

function source(records: SourceRecord[], catalog: CatalogItem[] = [item(0), item(1)]): ReplaySource {
  return {
    title: 'test source',
    catalogSize: catalog.length,
    catalog: () => catalog,
    eventCount: records.length,
    events: () => records,
    rejected: [{ origin: 'file.csv line 9', reason: 'expected 4 fields, got 3' }],
  };
}

function memorySink() {
  const sent: { topic: string; records: OutgoingRecord[] }[] = [];
  return {
    sent,
    send: (topic: string, records: readonly OutgoingRecord[]) => {
      sent.push({ topic, records: [...records] });
      return Promise.resolve();
    },
    values: (topic: string) => sent.filter((s) => s.topic === topic).flatMap((s) => s.records.map((r) => String(r.value))),
  };
}

const defaults: ReplayOptions = { batchSize: 3, catalog: true, sendInvalid: false };

describe('runReplay', () => {
  const good = Array.from({ length: 10 }, (_, n) => ({ kind: 'event', event: event(n) }) as const);
  const bad: SourceRecord[] = [
    { kind: 'raw', key: 'u1', raw: '{"event_id":', origin: 'record #11' },
    { kind: 'event', event: event(12, { type: 'media_completed', progress: 0.2 }) },
    { kind: 'raw', key: 'u2', raw: '[]', origin: 'record #13' },
  ];

  it('sends the catalog first, then every valid event once, keyed by user, and nothing invalid', async () => {
    const sink = memorySink();
    const summary = await runReplay(source([...good.slice(0, 5), ...bad, ...good.slice(5)]), sink, defaults);
    expect(sink.sent[0]!.topic).toBe(TOPICS.mediaPublished);
    expect(sink.values(TOPICS.mediaPublished).map((v) => decodeCatalogItem(v).ok)).toEqual([true, true]);
    const events = sink.values(TOPICS.engagementEvents).map((v) => decodeEvent(v));
    expect(events.map((e) => (e.ok ? e.value.event_id : 'invalid'))).toEqual(good.map((g) => g.event.event_id));
    const keys = sink.sent.filter((s) => s.topic === TOPICS.engagementEvents).flatMap((s) => s.records.map((r) => r.key));
    expect(keys).toEqual(good.map((g) => g.event.user_id));
    expect(summary.events).toEqual({ read: 13, produced: 10, rejected: 3, sentInvalid: 0 });
    expect(summary.catalog).toEqual({ read: 2, produced: 2, rejected: 0, sentInvalid: 0 });
  });

  it('reports every rejection with its reason and origin, including rows the source could not read', async () => {
    const summary = await runReplay(source([...good, ...bad]), memorySink(), defaults);
    const reasons = Object.fromEntries(summary.rejections.map((g) => [g.reason, g.examples]));
    expect(reasons).toEqual({
      'expected 4 fields, got 3': ['file.csv line 9'],
      'record is not valid JSON': [expect.stringMatching(/^record #11: record is not valid JSON: /) as string],
      'progress: media_completed needs progress >= 0.9 (got …)': ['event e12: progress: media_completed needs progress >= 0.9 (got 0.2)'],
      'record must be a JSON object': ['record #13'],
    });
  });

  it('with sendInvalid, also sends the invalid records as they were', async () => {
    const sink = memorySink();
    const summary = await runReplay(source([...good, ...bad]), sink, { ...defaults, sendInvalid: true });
    const values = sink.values(TOPICS.engagementEvents);
    expect(values).toHaveLength(13);
    expect(values).toContain('{"event_id":');
    expect(values).toContain('[]');
    expect(summary.events.sentInvalid).toBe(3);
  });

  it('respects --limit and --no-catalog, and batches by batch size', async () => {
    const sink = memorySink();
    const summary = await runReplay(source(good), sink, { ...defaults, catalog: false, limit: 7 });
    expect(sink.sent.every((s) => s.topic === TOPICS.engagementEvents)).toBe(true);
    expect(sink.sent.map((s) => s.records.length)).toEqual([3, 3, 1]);
    expect(summary.events.read).toBe(7);
  });

  it('cuts batches by bytes as well as by count', async () => {
    const sink = memorySink();
    const one = JSON.stringify(good[0]!.event).length;
    await runReplay(source(good), sink, { ...defaults, catalog: false, batchSize: 100, maxBatchBytes: one * 4 });
    const sizes = sink.sent.map((s) => s.records.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
  });

  it('stops between batches when asked, keeping what was sent', async () => {
    const sink = memorySink();
    let checks = 0;
    // The first check happens before any event is read; stop after the second batch.
    const summary = await runReplay(source(good), sink, { ...defaults, catalog: false, shouldStop: () => ++checks > 2 });
    expect(summary.stoppedEarly).toBe(true);
    expect(summary.events.produced).toBe(6);
    expect(sink.values(TOPICS.engagementEvents)).toHaveLength(6);
  });

  it('propagates a sink failure instead of pretending to succeed', async () => {
    const failing = { send: () => Promise.reject(new Error('broker gone')) };
    await expect(runReplay(source(good), failing, { ...defaults, maxInFlight: 2 })).rejects.toThrow('broker gone');
  });
});

describe('pacer', () => {
  function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    return { clock, sleeps, advance: (ms: number) => (now += ms) };
  }

  it('never waits without a target rate', async () => {
    const { clock, sleeps } = fakeClock();
    const pacer = createPacer(undefined, 500, clock);
    expect(pacer.chunkSize).toBe(500);
    await pacer.pace(1_000_000);
    expect(sleeps).toEqual([]);
  });

  it('holds a target rate by waiting for the clock to catch up', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const pacer = createPacer(1000, 5000, clock);
    expect(pacer.chunkSize).toBe(20);
    await pacer.pace(20); // due at 20 ms
    advance(5);
    await pacer.pace(40); // due at 40 ms, now 25 ms
    expect(sleeps).toEqual([20, 15]);
    advance(100);
    await pacer.pace(60); // behind schedule: no wait
    expect(sleeps).toHaveLength(2);
  });
});

describe('rejection reasons', () => {
  it('groups record-specific detail under one reason', () => {
    expect(reasonKey('record is not valid JSON: Unexpected end of JSON input')).toBe('record is not valid JSON');
    expect(reasonKey('record is 20244 bytes; the limit is 16384')).toBe('record is over the limit of 16384 bytes');
    expect(reasonKey('progress: media_completed needs progress >= 0.9 (got 0.2)')).toBe('progress: media_completed needs progress >= 0.9 (got …)');
    expect(reasonKey('event_time: must be ms (1767571203 looks like seconds; send milliseconds)')).toBe(
      'event_time: must be ms (the value looks like seconds; send milliseconds)',
    );
  });
});
