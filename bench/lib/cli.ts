// The command line of every benchmark entry script (bench/*.ts): `--help` / `-h` prints what
// the benchmark measures, each flag with its default, the result file it writes and an example,
// and exits 0 before any work; a flag the script does not know, a flag without its value, a stray
// argument or a bad value (FlagError from ./flags.ts) ends it with ONE line naming the flag and
// pointing at --help, exit status 2 — not a stack trace, and not after minutes of setup.
// Built on node:util parseArgs (what the scripts already used; no dependency), reading its
// tokens ourselves so the error names the flag as typed instead of parseArgs' paragraph.
import { parseArgs } from 'node:util';
import { FlagError } from './flags.js';

export interface StringFlag {
  readonly type: 'string';
  /** Omitted: the flag is off unless given (the help says so). */
  readonly default?: string;
  /** What the value stands for in the help, e.g. N or LIST (default: VALUE). */
  readonly value?: string;
  readonly description: string;
}

/** A switch: false unless given, takes no value. */
export interface BooleanFlag {
  readonly type: 'boolean';
  readonly description: string;
}

export type Flag = StringFlag | BooleanFlag;
export type Flags = Readonly<Record<string, Flag>>;

export interface BenchCommand<F extends Flags> {
  /** The npm script, e.g. `bench:synthetic`: the help's usage line and every error start with it. */
  readonly script: string;
  /** What the benchmark measures and what it needs running: lines of the help. */
  readonly summary: readonly string[];
  readonly flags: F;
  /** What it writes, e.g. `bench/results/synthetic.json`. */
  readonly writes: string;
  /** Whole command lines. */
  readonly examples: readonly string[];
}

/** The flags' values as read: a string flag with a default is always a string. */
export type FlagValues<F extends Flags> = {
  -readonly [K in keyof F]: F[K] extends BooleanFlag ? boolean : F[K] extends { readonly default: string } ? string : string | undefined;
};

export type CommandLine<R> = { kind: 'run'; value: R } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

const HELP_FLAGS = new Set(['--help', '-h']);

/** The help text of a command (what `--help` prints). */
export function helpText<F extends Flags>(command: BenchCommand<F>): string {
  const rows: [string, string][] = Object.entries(command.flags).map(([name, flag]) => [
    flag.type === 'boolean' ? `--${name}` : `--${name} ${flag.value ?? 'VALUE'}`,
    `${flag.description} (${flag.type === 'boolean' ? 'default: off' : flag.default === undefined ? 'default: none' : `default: ${flag.default}`})`,
  ]);
  rows.push(['-h, --help', 'print this text and exit']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `usage: npm run ${command.script}${Object.keys(command.flags).length > 0 ? ' -- [flags]' : ''}`,
    '',
    ...command.summary,
    '',
    'flags:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
    `writes: ${command.writes}`,
    '',
    command.examples.length === 1 ? 'example:' : 'examples:',
    ...command.examples.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

/**
 * Reads `argv` (the arguments after the script) for `command` without side effects: help when
 * --help or -h is anywhere in it (before a `--`), else the values (defaults filled in) passed
 * through `read` — where the script checks them with ./flags.ts — or the one-line error.
 */
export function readCommandLine<F extends Flags, R>(command: BenchCommand<F>, argv: readonly string[], read: (values: FlagValues<F>) => R): CommandLine<R> {
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg))) return { kind: 'help', text: helpText(command) };
  const fail = (what: string): CommandLine<R> => ({ kind: 'error', message: `${command.script}: ${what}; see npm run ${command.script} -- --help` });
  // Non-strict, so nothing throws: each token is judged here, in the order typed.
  const { tokens } = parseArgs({ args: [...argv], options: parserOptions(command.flags), strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, flag] of Object.entries(command.flags)) values[name] = flag.type === 'boolean' ? false : flag.default;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') return fail(`unexpected argument "${token.value}" (this benchmark takes flags only)`);
    const flag = Object.hasOwn(command.flags, token.name) && token.rawName.startsWith('--') ? command.flags[token.name] : undefined;
    if (flag === undefined) return fail(`unknown flag ${token.rawName}`);
    if (flag.type === 'boolean') {
      if (token.inlineValue) return fail(`${token.rawName} takes no value (got "${token.value ?? ''}")`);
      values[token.name] = true;
    } else {
      // parseArgs hands a string flag the next argument whatever it is: `--items --events 5` would
      // read "--events" as the item count. A value that looks like a flag must be written --items=….
      if (token.value === undefined) return fail(`${token.rawName} needs a value`);
      if (!token.inlineValue && token.value.startsWith('-')) return fail(`${token.rawName} needs a value (got the flag-like "${token.value}"; write ${token.rawName}=${token.value} if that is the value)`);
      values[token.name] = token.value;
    }
  }
  try {
    return { kind: 'run', value: read(values as FlagValues<F>) };
  } catch (error) {
    if (error instanceof FlagError) return fail(error.message);
    throw error;
  }
}

/**
 * The entry scripts' one call, before any work: prints the help and exits 0, or prints the
 * one-line error to stderr and exits 2, or returns what `read` made of the values.
 */
export function parseCommandLine<F extends Flags, R>(command: BenchCommand<F>, read: (values: FlagValues<F>) => R, argv: readonly string[] = process.argv.slice(2)): R {
  const line = readCommandLine(command, argv, read);
  if (line.kind === 'run') return line.value;
  // Writes to a terminal, a pipe or a file are synchronous on Linux: nothing is lost by exiting.
  if (line.kind === 'help') {
    process.stdout.write(line.text);
    process.exit(0);
  }
  process.stderr.write(`${line.message}\n`);
  process.exit(2);
}

function parserOptions(flags: Flags): Record<string, { type: 'string' | 'boolean' }> {
  return Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name, { type: flag.type }]));
}
