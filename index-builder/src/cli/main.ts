// freshet-index: builds versioned bundles and ships them blue/green to the
// regions. Wiring only; every step lives in build/, ship/ and fresh/.
import { resolve } from 'node:path';
import { REPO_ROOT } from '@freshet/infra/stack';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ArtifactError } from '../bundle/errors.js';
import { defaultRegionNames, parseRegionNames } from '../ship/region-stores.js';
import { buildCommand } from './build-command.js';
import { freshCommand } from './fresh-command.js';
import { deployPlanCommand, gcCommand, promoteCommand, rollbackCommand, shipCommand, statusCommand } from './ship-commands.js';

const stateDir = process.env.FRESHET_STATE_DIR ? resolve(process.env.FRESHET_STATE_DIR) : resolve(REPO_ROOT, '.state');

export interface GlobalOptions {
  readonly stateDir: string;
  readonly bundles: string;
  readonly regions: readonly string[];
}

const regionsOption = () =>
  new Option('--regions <list>', 'regions (comma-separated wrangler environments)')
    .argParser((raw) => {
      try {
        return parseRegionNames(raw);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    })
    .default(defaultRegionNames(), 'the environments of wrangler.toml');

const program = new Command()
  .name('freshet-index')
  .description('Build versioned retrieval/ranking bundles and ship them blue/green to the edge regions.')
  .option('--state-dir <dir>', 'local state (region artifact stores under r2/)', stateDir)
  .option('--bundles <dir>', 'where built bundles are kept', resolve(stateDir, 'bundles'))
  .showHelpAfterError();

const globals = (cmd: Command): GlobalOptions => {
  const o = cmd.optsWithGlobals<{ stateDir: string; bundles: string; regions?: string[] }>();
  return { stateDir: resolve(o.stateDir), bundles: resolve(o.bundles), regions: o.regions ?? defaultRegionNames() };
};

buildCommand(program.command('build'), globals);
shipCommand(program.command('ship').addOption(regionsOption()), globals);
promoteCommand(program.command('promote').addOption(regionsOption()), globals);
rollbackCommand(program.command('rollback').addOption(regionsOption()), globals);
statusCommand(program.command('status').addOption(regionsOption()), globals);
gcCommand(program.command('gc').addOption(regionsOption()), globals);
deployPlanCommand(program.command('deploy-plan'), globals);
freshCommand(program.command('fresh').addOption(regionsOption()), globals);

try {
  await program.parseAsync();
} catch (e) {
  // Known failures (bad input, gates, checks) print their message alone; anything else with its stack.
  const known = e instanceof ArtifactError || e instanceof InvalidArgumentError || (e instanceof Error && /Error$/.test(e.name) && e.name !== 'Error');
  process.stderr.write(`freshet-index: ${known ? (e as Error).message : ((e as Error).stack ?? String(e))}\n`);
  process.exitCode = 1;
}
