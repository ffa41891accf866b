// The replay end to end through the real local broker (`npm run infra:up`):
// what it sends is what a consumer reads back, catalog and events, per-user
// order preserved, and invalid records only when asked for.
import { decodeCatalogItem, decodeEvent } from '@freshet/shared';
import { resolveSyntheticConfig } from '@freshet/shared/synthetic';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaTestKit } from '../testing/kafka.js';
import { connectKafkaSink } from './kafka-sink.js';
import { runReplay } from './run.js';
import { movieLensSource, syntheticSource } from './sources.js';

const TIMEOUT = 90_000;
const kit = createKafkaTestKit('replay-test');
afterAll(() => kit.cleanup(), TIMEOUT);

async function topicsFor() {
  return { events: await kit.newTopic(3), catalog: await kit.newTopic(2) };
}

describe('replay into Kafka', () => {
  it('delivers the MovieLens 100K catalog and events, keyed and ordered by user', { timeout: TIMEOUT }, async () => {
    const topics = await topicsFor();
    const sink = await connectKafkaSink({ brokers: kit.brokers });
    const summary = await runReplay(await movieLensSource('ml-100k'), sink, { batchSize: 700, catalog: true, sendInvalid: false, limit: 6000, topics });
    await sink.close();
    expect(summary.catalog.produced).toBe(1682);
    expect(summary.events).toEqual({ read: 6000, produced: 6000, rejected: 0, sentInvalid: 0 });

    const catalog = await kit.consumeAll(topics.catalog, 1682);
    expect(catalog).toHaveLength(1682);
    for (const record of catalog) {
      const item = decodeCatalogItem(record.value!);
      expect(item.ok && item.value.item_id === record.key!.toString()).toBe(true);
    }

    const events = await kit.consumeAll(topics.events, 6000);
    expect(events).toHaveLength(6000);
    const lastTimeByUser = new Map<string, number>();
    let outOfOrder = 0;
    for (const record of [...events].sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))) {
      const decoded = decodeEvent(record.value!);
      if (!decoded.ok) throw new Error(`undecodable record at offset ${record.offset}`);
      expect(record.key!.toString()).toBe(decoded.value.user_id);
      expect(record.headers.schema?.toString()).toBe('engagement_event.v1');
      const last = lastTimeByUser.get(decoded.value.user_id) ?? -Infinity;
      if (decoded.value.event_time < last) outOfOrder++;
      lastTimeByUser.set(decoded.value.user_id, decoded.value.event_time);
    }
    expect(outOfOrder).toBe(0);
    expect(new Set(events.map((e) => e.value!.toString())).size).toBe(6000);
  });

  it('sends malformed synthetic records only with sendInvalid, and counts them either way', { timeout: TIMEOUT }, async () => {
    const config = resolveSyntheticConfig({ seed: 5, users: 500, items: 300, events: 3000, malformedRate: 0.02, duplicateRate: 0, lateRate: 0 });
    if (!config.ok) throw new Error('bad config');
    const topics = await topicsFor();
    const sink = await connectKafkaSink({ brokers: kit.brokers });
    const strict = await runReplay(syntheticSource(config.value), sink, { batchSize: 500, catalog: false, sendInvalid: false, topics });
    const lenient = await runReplay(syntheticSource(config.value), sink, { batchSize: 500, catalog: false, sendInvalid: true, topics });
    await sink.close();

    expect(strict.events.rejected).toBeGreaterThan(30);
    expect(lenient.events.rejected).toBe(strict.events.rejected);
    expect(lenient.events.sentInvalid).toBe(strict.events.rejected);
    const expected = strict.events.produced + lenient.events.produced + lenient.events.sentInvalid;
    const records = await kit.consumeAll(topics.events, expected);
    expect(records).toHaveLength(expected);
    const invalid = records.filter((r) => !decodeEvent(r.value!).ok);
    expect(invalid).toHaveLength(strict.events.rejected);
  });
});
