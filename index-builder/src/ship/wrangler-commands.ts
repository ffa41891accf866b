// The ops path through wrangler: the exact commands that pin a region's
// worker to an index version (a per-environment INDEX_VERSION var), roll it
// out as a canary with gradual deployments, finish it, and roll it back.
// Printed, not run: deploys need Cloudflare credentials and a human decision.
import { isVersionId } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';

export interface WranglerPlanOptions {
  readonly region: string;
  readonly version: string;
  /** Canary share of traffic for the new worker version, in percent (default 5). */
  readonly canaryPercent?: number;
  /** wrangler.toml path relative to where the commands run (default: wrangler.toml at the repo root). */
  readonly config?: string;
  readonly message?: string;
}

/** One command as argv, starting with `wrangler` (run it with npx); `shellLine` prints it. */
export type WranglerCommand = readonly string[];

export interface WranglerPlan {
  /** One step: deploy the worker with the version pinned, 100% of traffic. */
  readonly pin: readonly WranglerCommand[];
  /** Gradual: upload a worker version with the pin, split traffic, then go to 100%. */
  readonly canary: readonly WranglerCommand[];
  /** Back to the worker version deployed before (its INDEX_VERSION with it). */
  readonly rollback: readonly WranglerCommand[];
}

const NEW = '<new-worker-version-id>';
const CURRENT = '<current-worker-version-id>';

export function wranglerPlan(options: WranglerPlanOptions): WranglerPlan {
  const { region, version } = options;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(region)) throw new ArtifactError('bad_input', `region "${region}" is not a wrangler environment name`);
  if (!isVersionId(version)) throw new ArtifactError('bad_input', `"${version}" is not an index version id`);
  const percent = options.canaryPercent ?? 5;
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) throw new ArtifactError('bad_input', `canary percentage must be an integer from 1 to 99, got ${percent}`);
  const wrangler = (...sub: string[]) => ['wrangler', ...sub, '--config', options.config ?? 'wrangler.toml', '--env', region];
  const pin = ['--var', `INDEX_VERSION:${version}`];
  const message = options.message ?? `index ${version}`;
  return {
    pin: [[...wrangler('deploy'), ...pin, '--message', message]],
    canary: [
      [...wrangler('versions', 'upload'), ...pin, '--message', message],
      [...wrangler('versions', 'deploy'), `${NEW}@${percent}%`, `${CURRENT}@${100 - percent}%`, '--message', `canary ${version} at ${percent}%`, '--yes'],
      [...wrangler('versions', 'deploy'), `${NEW}@100%`, '--message', `promote ${version}`, '--yes'],
    ],
    rollback: [[...wrangler('rollback'), '--message', `roll back from ${version}`, '--yes']],
  };
}

/** `npx wrangler ...` with shell quoting where needed. */
export function shellLine(command: WranglerCommand): string {
  return ['npx', ...command].map(quote).join(' ');
}

/** The plan as text for the terminal, with what fills the placeholders. */
export function formatWranglerPlan(plan: WranglerPlan, options: WranglerPlanOptions): string {
  return [
    `# ${options.region}: serve index ${options.version}`,
    '# Pin it now (all traffic):',
    ...plan.pin.map(shellLine),
    '',
    `# Or as a canary. \`versions upload\` prints the new worker version id; \`npx wrangler deployments status --env ${options.region}\` shows the current one.`,
    ...plan.canary.map(shellLine),
    '',
    '# Roll back (to the worker version deployed before, with its INDEX_VERSION):',
    ...plan.rollback.map(shellLine),
    '',
  ].join('\n');
}

/** Single-quotes a shell word unless it is plainly safe (the <placeholders> get quoted too: the shell would read < as a redirect). */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:@%=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
