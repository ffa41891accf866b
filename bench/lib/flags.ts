// Command-line numbers of the benchmark scripts: a flag that is not what it
// must be stops the script with the flag's name and the text given, before any
// work (a benchmark that runs for minutes on a mistyped size loses the time).

export class FlagError extends Error {
  override readonly name = 'FlagError';
}

/** A positive integer, or FlagError naming `--name`. */
export function positiveInteger(name: string, text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) throw new FlagError(`--${name} must be a positive integer (got "${text}")`);
  return n;
}

/** A comma-separated list of positive integers (at least one), or FlagError naming `--name` and the bad entry. */
export function positiveIntegers(name: string, text: string): number[] {
  return text.split(',').map((part) => positiveInteger(name, part));
}

/** A positive finite number, or FlagError naming `--name`. */
export function positiveNumber(name: string, text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new FlagError(`--${name} must be a positive number (got "${text}")`);
  return n;
}
