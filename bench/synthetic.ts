// bench:synthetic — how fast the synthetic workload is generated, and that it
// stays in bounded memory at scale: a 1M-item catalog and a 10M-record stream
// (override with --items / --events).
import { createCatalogModel, resolveSyntheticConfig, syntheticCatalog, syntheticEvents } from '@freshet/shared/synthetic';
import { parseCommandLine } from './lib/cli.js';
import { positiveInteger } from './lib/flags.js';
import { peakRssMib, writeResult } from './lib/results.js';

const { events, items } = parseCommandLine(
  {
    script: 'bench:synthetic',
    summary: [
      'How fast the synthetic workload is generated (catalog items/s, event records/s) and its peak memory',
      '(seed 1, 1,000,000 users). Needs nothing running.',
    ],
    flags: {
      events: { type: 'string', default: '10000000', value: 'N', description: 'event records to generate' },
      items: { type: 'string', default: '1000000', value: 'N', description: 'catalog items to generate' },
    },
    writes: 'bench/results/synthetic.json (then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['npm run bench:synthetic -- --events 1000000 --items 100000'],
  },
  (values) => ({ events: positiveInteger('events', values.events), items: positiveInteger('items', values.items) }),
);
const resolved = resolveSyntheticConfig({ seed: 1, users: 1_000_000, items, events });
if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
const config = resolved.value;

const log = (line: string) => process.stderr.write(`${line}\n`);

log(`catalog: generating ${items.toLocaleString('en-US')} items`);
let t = performance.now();
let catalogCount = 0;
let catalogBytes = 0;
for (const item of syntheticCatalog(createCatalogModel(config))) {
  catalogCount++;
  catalogBytes += JSON.stringify(item).length;
}
const catalogSeconds = (performance.now() - t) / 1000;
const rssAfterCatalog = peakRssMib();

log(`events: generating ${events.toLocaleString('en-US')} records`);
t = performance.now();
let count = 0;
let malformed = 0;
let lastReport = t;
for (const record of syntheticEvents(config)) {
  count++;
  if (record.kind === 'malformed') malformed++;
  if ((count & 0xffff) === 0 && performance.now() - lastReport > 5000) {
    lastReport = performance.now();
    log(`  ${count.toLocaleString('en-US')} records, ${Math.round(count / ((lastReport - t) / 1000)).toLocaleString('en-US')}/s, peak RSS ${peakRssMib()} MiB`);
  }
}
const eventSeconds = (performance.now() - t) / 1000;

const file = writeResult({
  name: 'synthetic',
  title: 'Synthetic workload generation',
  command: `npm run bench:synthetic -- --events ${events} --items ${items}`,
  workload: `synthetic workload, seed 1, 1,000,000 users, ${items.toLocaleString('en-US')} items, ${events.toLocaleString('en-US')} records`,
  figures: {
    catalog_items: catalogCount,
    catalog_items_per_s: Math.round(catalogCount / catalogSeconds),
    catalog_mean_item_bytes: Math.round(catalogBytes / catalogCount),
    peak_rss_after_catalog_mib: rssAfterCatalog,
    events: count,
    malformed_records: malformed,
    events_per_s: Math.round(count / eventSeconds),
    events_seconds: Math.round(eventSeconds * 10) / 10,
    peak_rss_mib: peakRssMib(),
  },
  notes: ['Generation only (no validation, no Kafka): the ceiling of what a replay can feed.', 'Peak RSS is for the whole process, including the catalog pass.'],
});
log(`wrote ${file}`);
