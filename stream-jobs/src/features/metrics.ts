// Prometheus metrics of the feature job, on their own registry so that
// several jobs can run in one process (tests) without colliding.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type RecordOutcome = 'applied' | 'duplicate' | 'late' | 'future' | 'invalid';

export function createFeatureMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'freshet_feature_job_' });
  return {
    registry,
    records: new Counter({
      name: 'freshet_feature_records_total',
      help: 'Records processed by outcome: applied, duplicate (same event_id), late (beyond the allowed lateness), future (event time ahead of its record), invalid (dead-lettered).',
      labelNames: ['topic', 'outcome'] as const,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'freshet_feature_dead_letters_total',
      help: 'Records sent to a dead-letter topic.',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    lateDropped: new Counter({
      name: 'freshet_feature_late_dropped_total',
      help: 'Events dropped because they arrived further behind the partition watermark than the allowed lateness.',
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'freshet_feature_consumer_lag',
      help: 'Records in the partition after the last one this job processed.',
      labelNames: ['topic', 'partition'] as const,
      registers: [registry],
    }),
    freshness: new Histogram({
      name: 'freshet_feature_freshness_seconds',
      help: 'From the time a record was produced to the time its writes were visible in every region.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'freshet_feature_batch_seconds',
      help: 'Time to process one batch, from decode to commit.',
      labelNames: ['topic'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    regionApplySeconds: new Histogram({
      name: 'freshet_feature_region_apply_seconds',
      help: 'Time of one atomic batch apply in one region.',
      labelNames: ['region'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    regionRetries: new Counter({
      name: 'freshet_feature_region_retries_total',
      help: 'Batch applies retried because a region failed (offsets are not committed meanwhile).',
      labelNames: ['region'] as const,
      registers: [registry],
    }),
    unknownItems: new Counter({
      name: 'freshet_feature_unknown_items_total',
      help: 'Events whose item the catalog did not know when they were applied (applied without item facts).',
      registers: [registry],
    }),
    rebuilt: new Counter({
      name: 'freshet_feature_rebuilt_records_total',
      help: 'Records re-read after a restart or rebalance to rebuild dedupe and watermark state (not applied again).',
      registers: [registry],
    }),
  };
}

export type FeatureMetrics = ReturnType<typeof createFeatureMetrics>;
