// `freshet-index ship | promote | rollback | status | gc | deploy-plan`: the
// blue/green lifecycle of versions in each region's artifact store.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { readBundle } from '../bundle/index.js';
import { storedNeighbours } from '../build/stored-versions.js';
import { formatWranglerPlan, gc, openRegionStores, promote, rollback, shipToRegion, status, wranglerPlan, type OpenRegionOptions, type RegionStores } from '../ship/index.js';
import { edgeSmokeQuery } from '../ship/smoke-query-worker.js';
import type { GlobalOptions } from './main.js';
import { fraction, positiveInt } from '@freshet/stream-jobs/cli/options';
import { createStepView } from './step-view.js';

type Globals = (cmd: Command) => GlobalOptions;

async function withRegions<T>(g: GlobalOptions, run: (stores: RegionStores) => Promise<T>, options: OpenRegionOptions = {}): Promise<T> {
  const stores = await openRegionStores(g.regions, g.stateDir, options);
  try {
    return await run(stores);
  } finally {
    await stores.close();
  }
}

/** The drift anchors: the bundle's most popular items (their neighbourhoods should be the stablest). */
async function anchorsOf(bundleDir: string, count: number): Promise<string[]> {
  const bundle = await readBundle(bundleDir);
  const fallback = JSON.parse(new TextDecoder().decode(await bundle.read('fallback.json'))) as { items: { item_id: string }[] };
  return fallback.items.slice(0, count).map((i) => i.item_id);
}

interface ShipFlags {
  promote: boolean;
  reason: string;
  force?: string;
  anchors: number;
  driftThreshold?: number;
}

export function shipCommand(cmd: Command, globals: Globals): void {
  cmd
    .description('Upload a bundle to every region, read it back, smoke-test it in a local worker (checksums, then a real search with the edge kernel), check drift against the active version, then promote.')
    .argument('<version>', 'a bundle version in --bundles (or a bundle directory)')
    .option('--no-promote', 'upload and verify only')
    .option('--reason <text>', 'why (recorded in the region pointer)', 'new build')
    .option('--force <reason>', 'promote despite a failed drift or shrink check (never despite checksum, compatibility or smoke failures)')
    .option('--anchors <n>', 'drift-check anchor items (the most popular of the bundle)', positiveInt('--anchors'), 50)
    .option('--drift-threshold <x>', 'minimum mean overlap@10 of the anchors’ neighbours (default 0.5)', fraction('--drift-threshold'))
    .action(async (version: string, flags: ShipFlags, command: Command) => {
      const g = globals(command);
      const dir = version.includes('/') ? resolve(version) : resolve(g.bundles, version);
      const anchors = await anchorsOf(dir, flags.anchors);
      const view = createStepView();
      await withRegions(g, async (stores) => {
        for (const region of stores.regions) {
          const result = await shipToRegion(region.store, dir, {
            smoke: region.smoke,
            drift: { anchors, neighbours: storedNeighbours(region.store), ...(flags.driftThreshold === undefined ? {} : { threshold: flags.driftThreshold }) },
            promote: flags.promote,
            reason: flags.reason,
            ...(flags.force === undefined ? {} : { force: { reason: flags.force } }),
            progress: (e) => (e.total === undefined ? view.say(`${e.region} ${e.step}`, e.message) : view.progress(`${e.region} upload`, e.done ?? 0, e.total)),
          });
          view.stop();
          const drift = result.drift ? `, drift overlap@${result.drift.k} ${result.drift.meanOverlap.toFixed(2)}` : '';
          const outcome = result.pointer ? `promoted (previous: ${result.pointer.previous ?? 'none'})` : `not promoted: ${result.notPromoted ?? 'unknown'}`;
          process.stdout.write(`${region.name}: ${result.version} ${result.uploaded ? 'uploaded' : 'already there'} (${result.bytes.toLocaleString('en-US')} bytes), smoke ${result.smoke.ok ? 'ok' : 'FAILED'}${drift}; ${outcome}\n`);
        }
      }, { smokeQuery: await edgeSmokeQuery() });
    });
}

export function promoteCommand(cmd: Command, globals: Globals): void {
  cmd
    .description('Point the regions at a version already shipped to them (no checks beyond completeness: prefer `ship`).')
    .argument('<version>')
    .requiredOption('--reason <text>', 'why (recorded in the region pointer)')
    .action(async (version: string, flags: { reason: string }, command: Command) => {
      await withRegions(globals(command), async (stores) => {
        for (const region of stores.regions) {
          const pointer = await promote(region.store, version, { reason: flags.reason });
          process.stdout.write(`${region.name}: active ${pointer.version} (previous ${pointer.previous ?? 'none'})\n`);
        }
      });
    });
}

export function rollbackCommand(cmd: Command, globals: Globals): void {
  cmd
    .description('Point the regions back at their previous version (instant: its files were kept).')
    .requiredOption('--reason <text>', 'why (recorded in the region pointer)')
    .action(async (flags: { reason: string }, command: Command) => {
      await withRegions(globals(command), async (stores) => {
        for (const region of stores.regions) {
          const pointer = await rollback(region.store, { reason: flags.reason });
          process.stdout.write(`${region.name}: rolled back to ${pointer.version}\n`);
        }
      });
    });
}

export function statusCommand(cmd: Command, globals: Globals): void {
  cmd
    .description('Show each region’s active version and the versions it holds.')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withRegions(globals(command), async (stores) => {
        const all = await Promise.all(stores.regions.map((r) => status(r.store)));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
          return;
        }
        for (const s of all) {
          process.stdout.write(`${s.region}: active ${s.active?.version ?? 'none'}${s.active ? ` since ${s.active.promoted_at} (${s.active.reason})` : ''}\n`);
          for (const v of s.versions) {
            process.stdout.write(`  ${v.version}  ${v.role.padEnd(10)} ${(v.bytes / 2 ** 20).toFixed(1).padStart(7)} MiB  ${v.itemCount?.toLocaleString('en-US') ?? '?'} items${v.incompleteReason ? `  (${v.incompleteReason})` : ''}\n`);
          }
        }
      });
    });
}

export function gcCommand(cmd: Command, globals: Globals): void {
  cmd
    .description('Delete versions beyond the last N in each region (never the active or previous one).')
    .option('--keep <n>', 'complete versions to keep besides active and previous', positiveInt('--keep'), 3)
    .option('--dry-run', 'show what would be deleted')
    .action(async (flags: { keep: number; dryRun?: boolean }, command: Command) => {
      await withRegions(globals(command), async (stores) => {
        for (const region of stores.regions) {
          const result = await gc(region.store, { keep: flags.keep, dryRun: flags.dryRun === true });
          const verb = result.dryRun ? 'would delete' : 'deleted';
          process.stdout.write(`${region.name}: kept ${result.kept.length}, ${verb} ${result.deleted.length}${result.deleted.map((d) => `\n  ${d.version} (${d.reason}, ${d.objects} objects)`).join('')}\n`);
        }
      });
    });
}

export function deployPlanCommand(cmd: Command, _globals: Globals): void {
  cmd
    .description('Print the wrangler commands that pin a region’s deployed worker to a version (the production ops path).')
    .argument('<version>')
    .requiredOption('--region <name>', 'the wrangler environment')
    .option('--canary <percent>', 'canary share for the gradual rollout', (raw) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 99) throw new InvalidArgumentError(`--canary must be an integer percentage 1–99, got "${raw}"`);
      return n;
    }, 5)
    .action((version: string, flags: { region: string; canary: number }) => {
      const options = { region: flags.region, version, canaryPercent: flags.canary };
      process.stdout.write(`${formatWranglerPlan(wranglerPlan(options), options)}\n`);
    });
}
