import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helpText, readCommandLine, type BenchCommand, type Flags } from './cli.js';
import { FlagError, positiveInteger } from './flags.js';

const command = {
  script: 'bench:demo',
  summary: ['Measures nothing: a command line for the tests.'],
  flags: {
    items: { type: 'string', default: '1000', value: 'N', description: 'catalog size' },
    cache: { type: 'string', value: 'DIR', description: 'reuse what is in DIR' },
    'keep-bundle': { type: 'boolean', description: 'leave the bundle active' },
  },
  writes: 'bench/results/demo.json',
  examples: ['npm run bench:demo -- --items 50'],
} as const satisfies BenchCommand<Flags>;

const asIs = <V>(values: V): V => values;
const HINT = '; see npm run bench:demo -- --help';

describe('benchmark command line', () => {
  it('fills in the defaults and reads the flags given, in either spelling', () => {
    expect(readCommandLine(command, [], asIs)).toEqual({ kind: 'run', value: { items: '1000', cache: undefined, 'keep-bundle': false } });
    expect(readCommandLine(command, ['--items', '50', '--cache=/tmp/c', '--keep-bundle'], asIs)).toEqual({ kind: 'run', value: { items: '50', cache: '/tmp/c', 'keep-bundle': true } });
    expect(readCommandLine(command, ['--items', '5', '--items=7'], asIs)).toEqual({ kind: 'run', value: { items: '7', cache: undefined, 'keep-bundle': false } });
  });

  it('gives the help for --help or -h anywhere before --, whatever else is on the line', () => {
    for (const argv of [['--help'], ['-h'], ['--items', '5', '--help'], ['--nonsense', '-h'], ['stray', '--help']]) {
      expect(readCommandLine(command, argv, () => expect.unreachable('read runs for help'))).toEqual({ kind: 'help', text: helpText(command) });
    }
    expect(readCommandLine(command, ['--', '--help'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unexpected argument "--help" (this benchmark takes flags only)${HINT}` });
  });

  it('says what it measures, every flag with its default, what it writes and an example', () => {
    expect(helpText(command)).toBe(
      [
        'usage: npm run bench:demo -- [flags]',
        '',
        'Measures nothing: a command line for the tests.',
        '',
        'flags:',
        '  --items N      catalog size (default: 1000)',
        '  --cache DIR    reuse what is in DIR (default: none)',
        '  --keep-bundle  leave the bundle active (default: off)',
        '  -h, --help     print this text and exit',
        '',
        'writes: bench/results/demo.json',
        '',
        'example:',
        '  npm run bench:demo -- --items 50',
        '',
      ].join('\n'),
    );
    expect(helpText({ script: 'bench:plain', summary: ['x'], flags: {}, writes: 'y', examples: ['a', 'b'] })).toMatch(/^usage: npm run bench:plain\n[\s\S]*examples:\n {2}a\n {2}b\n$/);
  });

  it('names an unknown flag exactly as typed, in one line', () => {
    expect(readCommandLine(command, ['--itmes', '5'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unknown flag --itmes${HINT}` });
    expect(readCommandLine(command, ['-x'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unknown flag -x${HINT}` });
    // A short spelling of a long flag is not that flag.
    expect(readCommandLine(command, ['-i', '5'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unknown flag -i${HINT}` });
    expect(readCommandLine(command, ['--help-me'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unknown flag --help-me${HINT}` });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,12}$/), (name) => {
        fc.pre(!(name in command.flags) && name !== 'help');
        const line = readCommandLine(command, [`--${name}`], asIs);
        expect(line).toEqual({ kind: 'error', message: `bench:demo: unknown flag --${name}${HINT}` });
        expect(line.kind === 'error' && line.message.includes('\n')).toBe(false);
      }),
    );
  });

  it('rejects a missing value, a flag taken for a value, a value on a switch and stray arguments', () => {
    expect(readCommandLine(command, ['--items'], asIs)).toEqual({ kind: 'error', message: `bench:demo: --items needs a value${HINT}` });
    expect(readCommandLine(command, ['--items', '--keep-bundle'], asIs)).toEqual({
      kind: 'error',
      message: `bench:demo: --items needs a value (got the flag-like "--keep-bundle"; write --items=--keep-bundle if that is the value)${HINT}`,
    });
    expect(readCommandLine(command, ['--keep-bundle=yes'], asIs)).toEqual({ kind: 'error', message: `bench:demo: --keep-bundle takes no value (got "yes")${HINT}` });
    expect(readCommandLine(command, ['edge'], asIs)).toEqual({ kind: 'error', message: `bench:demo: unexpected argument "edge" (this benchmark takes flags only)${HINT}` });
    // What the user means by a negative value is spelled with '=': then the flag's check speaks.
    expect(readCommandLine(command, ['--items=-5'], (v) => positiveInteger('items', v.items))).toEqual({ kind: 'error', message: `bench:demo: --items must be a positive integer (got "-5")${HINT}` });
  });

  it("turns the script's FlagError into the one-line error and lets any other error through", () => {
    expect(readCommandLine(command, ['--items', 'ten'], (v) => positiveInteger('items', v.items))).toEqual({ kind: 'error', message: `bench:demo: --items must be a positive integer (got "ten")${HINT}` });
    expect(readCommandLine(command, ['--items', '10'], (v) => positiveInteger('items', v.items))).toEqual({ kind: 'run', value: 10 });
    expect(() =>
      readCommandLine(command, [], () => {
        throw new TypeError('a bug in the script');
      }),
    ).toThrow(TypeError);
    expect(() =>
      readCommandLine(command, [], () => {
        throw new FlagError('x');
      }),
    ).not.toThrow();
  });

  it('exits 0 with the help on stdout, and 2 with one line on stderr, from a real script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
    try {
      const here = dirname(fileURLToPath(import.meta.url));
      const cli = join(here, 'cli.ts');
      const script = join(dir, 'demo.ts');
      writeFileSync(
        script,
        `import { parseCommandLine } from ${JSON.stringify(cli)};\n` +
          `const items = parseCommandLine({ script: 'bench:demo', summary: ['demo'], flags: { items: { type: 'string', default: '3', description: 'n' } }, writes: 'nothing', examples: ['npm run bench:demo'] }, (v) => Number(v.items));\n` +
          `process.stdout.write('ran ' + items + '\\n');\n`,
      );
      const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: join(here, '..', '..'), encoding: 'utf8' });
      const help = run('--help');
      expect([help.status, help.stderr]).toEqual([0, '']);
      expect(help.stdout).toContain('--items VALUE  n (default: 3)');
      expect(help.stdout).not.toContain('ran');
      const bad = run('--bogus');
      expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, '', `bench:demo: unknown flag --bogus; see npm run bench:demo -- --help\n`]);
      const good = run('--items', '4');
      expect([good.status, good.stdout]).toEqual([0, 'ran 4\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
