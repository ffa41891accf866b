// The printed ops commands, and what can be proven offline: wrangler 4.86
// accepts the pin and canary-upload commands against the repository's
// wrangler.toml (--dry-run bundles and lists bindings without credentials).
// `versions deploy` and `rollback` need the Cloudflare API and are not run.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWranglerPlan, shellLine, wranglerPlan } from './wrangler-commands.js';

const VERSION = 'idx-20261122T120000Z-3f9a1c';
const REPO = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

describe('wranglerPlan', () => {
  const plan = wranglerPlan({ region: 'eu-west', version: VERSION, canaryPercent: 10 });

  it('pins the version with a per-environment var', () => {
    expect(plan.pin.map(shellLine)).toEqual([`npx wrangler deploy --config wrangler.toml --env eu-west --var INDEX_VERSION:${VERSION} --message 'index ${VERSION}'`]);
  });

  it('uploads a canary version, splits traffic, then moves all traffic', () => {
    expect(plan.canary.map(shellLine)).toEqual([
      `npx wrangler versions upload --config wrangler.toml --env eu-west --var INDEX_VERSION:${VERSION} --message 'index ${VERSION}'`,
      `npx wrangler versions deploy --config wrangler.toml --env eu-west '<new-worker-version-id>@10%' '<current-worker-version-id>@90%' --message 'canary ${VERSION} at 10%' --yes`,
      `npx wrangler versions deploy --config wrangler.toml --env eu-west '<new-worker-version-id>@100%' --message 'promote ${VERSION}' --yes`,
    ]);
    expect(plan.rollback.map(shellLine)).toEqual([`npx wrangler rollback --config wrangler.toml --env eu-west --message 'roll back from ${VERSION}' --yes`]);
  });

  it('quotes what the shell would split and rejects bad input', () => {
    expect(shellLine(wranglerPlan({ region: 'us-east', version: VERSION, message: "it's fine" }).pin[0]!)).toContain(`--message 'it'\\''s fine'`);
    expect(() => wranglerPlan({ region: 'US East', version: VERSION })).toThrow(/not a wrangler environment/);
    expect(() => wranglerPlan({ region: 'eu-west', version: 'latest' })).toThrow(/not an index version id/);
    expect(() => wranglerPlan({ region: 'eu-west', version: VERSION, canaryPercent: 100 })).toThrow(/1 to 99/);
    expect(formatWranglerPlan(plan, { region: 'eu-west', version: VERSION })).toContain('# Roll back');
  });

  it('is what docs/shipping.md shows', async () => {
    const doc = await readFile(join(REPO, 'docs', 'shipping.md'), 'utf8');
    const block = /<!-- wrangler-plan:start -->\n```sh\n([\s\S]*?)```\n<!-- wrangler-plan:end -->/.exec(doc)?.[1];
    const options = { region: 'eu-west', version: VERSION };
    expect(block).toBe(formatWranglerPlan(wranglerPlan(options), options));
  });
});

describe('wrangler 4.86 accepts the commands (offline, --dry-run)', () => {
  let out: string;
  let script: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'wrangler-dry-'));
    // A stand-in script keeps this test about the deployment description, not the edge worker's code.
    script = join(out, 'worker.js');
    await writeFile(script, 'export default { fetch: (_r, env) => new Response(env.INDEX_VERSION ?? "pointer") };\n');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  /** Runs a planned command with --dry-run against the repo's wrangler.toml. */
  async function dryRun(command: readonly string[], outdir: string): Promise<string> {
    const wrangler = join(REPO, 'node_modules', '.bin', 'wrangler');
    const { stdout, stderr } = await run(wrangler, [...command.slice(1), script, '--dry-run', '--outdir', join(out, outdir)], {
      cwd: REPO,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    return stdout + stderr;
  }

  it('deploy --env <region> --var INDEX_VERSION:<v> binds the pinned version in that region', async () => {
    const output = await dryRun(wranglerPlan({ region: 'eu-west', version: VERSION }).pin[0]!, 'pin');
    expect(output).toMatch(/env\.INDEX_VERSION/);
    expect(output).toMatch(/env\.REGION \("eu-west"\)/);
    expect(output).toContain('--dry-run: exiting now.');
  }, 60_000);

  it('versions upload --env <region> --var INDEX_VERSION:<v> (the canary upload)', async () => {
    const output = await dryRun(wranglerPlan({ region: 'us-east', version: VERSION }).canary[0]!, 'canary');
    expect(output).toMatch(/env\.INDEX_VERSION/);
    expect(output).toMatch(/env\.REGION \("us-east"\)/);
  }, 60_000);
});
