// Durations on the command line: "500ms", "30s", "10m", "2h", "1d".
import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(flag: string) {
  return (raw: string): number => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(raw.trim());
    if (!match) throw new InvalidArgumentError(`${flag} must be a duration such as 500ms, 30s, 10m, 2h or 1d; got "${raw}"`);
    return Math.round(Number(match[1]) * UNITS[match[2]!]!);
  };
}

export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNITS[unit]! && ms % UNITS[unit]! === 0) return `${ms / UNITS[unit]!}${unit}`;
  }
  return `${ms}ms`;
}
