// `freshet-index fresh`: runs the fresh-item job against the local stack's
// Kafka and regional Redis, reading each region's active index from its
// artifact store.
import { loadStack } from '@freshet/infra/stack';
import { TOPICS } from '@freshet/shared';
import { createKafka } from '@freshet/stream-jobs/adapters/kafka';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { activeIndexSource } from '../build/stored-versions.js';
import { FreshItemsJob } from '../fresh/fresh-job.js';
import { createRedisFreshRegion } from '../fresh/region.js';
import { openRegionStores } from '../ship/index.js';
import type { GlobalOptions } from './main.js';

export function freshCommand(cmd: Command, globals: (cmd: Command) => GlobalOptions): void {
  cmd
    .description('Embed newly published items with each region’s active content projection and publish the fresh-item deltas (R12). Run one.')
    .option('--topic <name>', 'the catalog topic', TOPICS.mediaPublished)
    .option('--group <id>', 'consumer group (offsets are never committed: the catalog is re-read at start)', 'freshet.fresh-items')
    .option('--log-level <level>', 'error, warn, info or debug', 'info')
    .action(async (flags: { topic: string; group: string; logLevel: string }, command: Command) => {
      const g = globals(command);
      const logger = pino({ name: 'freshet-fresh', level: flags.logLevel });
      const stack = loadStack();
      const stores = await openRegionStores(g.regions, g.stateDir);
      const clients: Redis[] = [];
      const regions = stores.regions.map((handle) => {
        const config = stack.regions.find((r) => r.name === handle.name);
        if (!config) throw new Error(`region ${handle.name} is not in the local stack (${stack.regions.map((r) => r.name).join(', ')})`);
        const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
        clients.push(redis);
        return createRedisFreshRegion({ name: handle.name, redis, activeIndex: activeIndexSource(handle.store) });
      });
      const job = new FreshItemsJob({ kafka: createKafka({ brokers: stack.kafka.brokers, clientId: 'freshet-fresh', logger }), catalogTopic: flags.topic, groupId: flags.group, regions, logger });
      await job.start();
      const stop = () => {
        void job.stop().finally(async () => {
          clients.forEach((c) => c.disconnect());
          await stores.close();
          logger.info(job.stats(), 'fresh-item job stopped');
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
