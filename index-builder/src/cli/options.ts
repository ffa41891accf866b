// Flag parsers shared by the freshet-index commands: each names its flag and the expected form.
import { InvalidArgumentError } from 'commander';

export const positiveInt = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${raw}"`);
  return n;
};

export const unitFraction = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError(`${flag} must be a number in (0, 1], got "${raw}"`);
  return n;
};
