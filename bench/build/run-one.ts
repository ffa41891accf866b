// One build of bench:build in its own process (so its peak memory is its own):
// a synthetic catalog of --items items is generated and written as an offline
// store (as the feature job would have written it: not timed), then built end
// to end from that store into a bundle, as a production build runs. Prints one JSON line with the figures, or with the error
// that stopped the build (a gate is a result too), and then exits non-zero.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundle } from '@freshet/index-builder/build/build-bundle';
import { loadInput } from '@freshet/index-builder/build/input';
import { writeOfflineStore } from '@freshet/index-builder/build/offline-from-input';

const { values } = parseArgs({ options: { items: { type: 'string' }, events: { type: 'string' }, users: { type: 'string' }, 'ranker-examples': { type: 'string' } } });
const items = Number(values.items);
const events = Number(values.events);
const users = Number(values.users);
const dir = await mkdtemp(join(tmpdir(), 'freshet-bench-build-'));
try {
  const t0 = performance.now();
  const offlineDir = join(dir, 'offline');
  await writeOfflineStore(await loadInput({ kind: 'synthetic', items, events, users, seed: 7 }), offlineDir);
  const generated = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const { report } = await buildBundle({ kind: 'offline', dir: offlineDir }, {
    bundlesDir: join(dir, 'bundles'),
    seed: 7,
    rankerExamples: Number(values['ranker-examples'] ?? 20_000),
    onStep: (step, detail) => process.stderr.write(`  [${items}] ${step}: ${detail}\n`),
  });
  const seconds = (performance.now() - t1) / 1000;
  process.stdout.write(
    `${JSON.stringify({ generated_s: generated, build_s: seconds, peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024), report })}\n`,
  );
} catch (e) {
  const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
  process.stdout.write(`${JSON.stringify({ error, peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
