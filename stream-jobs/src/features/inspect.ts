// freshet-inspect: what a region's KV store says about a user, an item or a
// creator right now — every feature, computed by the shared definitions from
// state read through the REST endpoint, exactly as the edge will read it.
import { Command, InvalidArgumentError, Option } from 'commander';
import { CREATOR_FEATURES, ITEM_FEATURES, USER_FEATURES, eventNow, type EntityState, type Feature } from '@freshet/shared';
import { loadStack } from '@freshet/infra/stack';
import { Redis as UpstashRedis } from '@upstash/redis';
import { readCreatorState, readItemSnapshot, readItemState, readRegionClock, readUserState } from './rest-reader.js';

interface Options {
  region?: string;
  restUrl?: string;
  token?: string;
  at?: number;
  json?: boolean;
}

function connect(o: Options): { name: string; rest: UpstashRedis } {
  if (o.restUrl) {
    if (!o.token) throw new InvalidArgumentError('--rest-url needs --token (or $KV_REST_TOKEN)');
    return { name: o.restUrl, rest: new UpstashRedis({ url: o.restUrl, token: o.token, enableTelemetry: false, automaticDeserialization: false }) };
  }
  const regions = loadStack().regions;
  const region = o.region ? regions.find((r) => r.name === o.region) : regions[0];
  if (!region) throw new InvalidArgumentError(`no region "${o.region}" in the local stack (it has ${regions.map((r) => r.name).join(', ')})`);
  return { name: region.name, rest: new UpstashRedis({ url: region.restUrl, token: region.restToken, enableTelemetry: false, automaticDeserialization: false }) };
}

/** "Now" in event time, as the edge computes it: the snapshot's t advanced by the wall time since it was built. */
async function now(rest: UpstashRedis, at: number | undefined): Promise<number> {
  if (at !== undefined) return at;
  const snapshot = await readItemSnapshot(rest).catch(() => null);
  if (snapshot) return eventNow(snapshot.header.t, snapshot.header.builtAt, Date.now());
  return (await readRegionClock(rest)) ?? Date.now();
}

function print(title: string, features: readonly Feature<unknown>[], state: EntityState, t: number, extra: Record<string, unknown>, json: boolean): void {
  const values = Object.fromEntries(features.map((f) => [f.name, f.value(state, t)]));
  if (json) {
    console.log(JSON.stringify({ ...extra, t, features: values }, null, 2));
    return;
  }
  console.log(`${title} as of ${new Date(t).toISOString()}`);
  for (const [key, value] of Object.entries(extra)) console.log(`  ${key}: ${String(value)}`);
  const width = Math.max(...features.map((f) => f.name.length));
  for (const [name, value] of Object.entries(values)) {
    const text = JSON.stringify(value) ?? 'null';
    console.log(`  ${name.padEnd(width)}  ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`);
  }
}

const program = new Command()
  .name('freshet-inspect')
  .description('Print every feature of a user, an item or a creator as one region of the KV store has it now.')
  .argument('<entity>', 'user, item or creator', (raw: string) => {
    if (!['user', 'item', 'creator'].includes(raw)) throw new InvalidArgumentError(`entity must be user, item or creator, got "${raw}"`);
    return raw;
  })
  .argument('<id>', 'its id')
  .option('--region <name>', 'a region of the local stack (default: the first)')
  .option('--rest-url <url>', 'an Upstash-compatible REST endpoint instead of the local stack')
  .addOption(new Option('--token <token>', 'its token').env('KV_REST_TOKEN'))
  .option('--at <time>', 'compute as of this time (ISO date or epoch ms) instead of now', (raw: string) => {
    const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`--at must be an ISO date or epoch milliseconds, got "${raw}"`);
    return ms;
  })
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExamples:\n  freshet-inspect user mlls-u414\n  freshet-inspect item mlls-m318 --json')
  .action(async (entity: string, id: string, o: Options) => {
    try {
      const { name, rest } = connect(o);
      const t = await now(rest, o.at);
      if (entity === 'user') {
        const { state, bytes } = await readUserState(rest, id, t);
        print(`user ${id} in ${name}`, USER_FEATURES, state, t, { stored_bytes: bytes }, o.json === true);
      } else if (entity === 'item') {
        const { state, catalog } = await readItemState(rest, id);
        print(`item ${id} in ${name}`, ITEM_FEATURES, state, t, { in_catalog: catalog !== null, creator: catalog?.creatorId ?? 'unknown' }, o.json === true);
      } else {
        print(`creator ${id} in ${name}`, CREATOR_FEATURES, await readCreatorState(rest, id), t, {}, o.json === true);
      }
    } catch (error) {
      console.error(`freshet-inspect: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
