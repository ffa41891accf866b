// freshet-snapshots: the item-snapshot publisher on its own (one per region),
// for deployments that run it apart from the feature job (`--no-snapshots` there).
import { Command, InvalidArgumentError, Option } from 'commander';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseDuration } from '../cli/duration.js';
import { positiveInt } from '../cli/options.js';
import { defaultRegions, regionList } from '../cli/regions.js';
import type { RegionConfig } from '../features/redis-region.js';
import { SnapshotPublisher } from './publisher.js';

interface Options {
  regions?: RegionConfig[];
  interval: number;
  creatorRefresh: number;
  topK: number;
  logLevel: string;
}

const regionsDefault = defaultRegions();
const program = new Command()
  .name('freshet-snapshots')
  .description('Publish each region’s item snapshot (item features and trending lists) every interval. Run exactly one per region.')
  .addOption(
    new Option('--regions <list>', 'regions, name=redis://host:port[,...]')
      .argParser(regionList)
      .default(regionsDefault ? regionList(regionsDefault) : undefined, regionsDefault ?? 'the running local stack'),
  )
  .addOption(new Option('--interval <duration>', 'how often to republish').argParser(parseDuration('--interval')).default(2000, '2s'))
  .addOption(
    new Option('--creator-refresh <duration>', 'how old a creator’s subscriber count may get before it is re-read')
      .argParser(parseDuration('--creator-refresh'))
      .default(30_000, '30s'),
  )
  .option('--top-k <n>', 'trending list length per scope', positiveInt('--top-k'), 500)
  .addOption(new Option('--log-level <level>', 'log level').choices(['error', 'warn', 'info', 'debug']).default('info'))
  .action((o: Options) => {
    if (!o.regions) throw new InvalidArgumentError('no regions: pass --regions or start the local stack (`npm run infra:up`)');
    const logger = pino({ name: 'freshet-snapshots', level: o.logLevel });
    const clients = o.regions.map((r) => new Redis(r.redisUrl, { maxRetriesPerRequest: 1 }));
    const publishers = o.regions.map(
      (r, i) =>
        new SnapshotPublisher({
          region: r.name,
          redis: clients[i]!,
          logger,
          intervalMs: o.interval,
          creatorRefreshMs: o.creatorRefresh,
          topK: o.topK,
          onPublished: (info) => logger.debug(info, 'item snapshot published'),
        }),
    );
    publishers.forEach((p) => p.start());
    logger.info({ regions: o.regions.map((r) => r.name), intervalMs: o.interval }, 'snapshot publishers started');
    const stop = () => {
      void Promise.all(publishers.map((p) => p.stop())).then(() => {
        clients.forEach((c) => c.disconnect());
        process.exit(0);
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });

await program.parseAsync();
