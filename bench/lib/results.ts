// Benchmark results: every benchmark writes bench/results/<name>.json in this
// shape (figures in snake_case with their unit in the key), and BENCHMARKS.md
// is generated from those files — no figure is ever typed by hand.
import { cpus, loadavg, totalmem, type } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory_gib: number;
  readonly os: string;
  readonly node: string;
  /**
   * The machine's 15-minute load average when the result was written. It includes the
   * benchmark itself; well above the core count, other work competed for the CPU.
   */
  readonly load_avg_15m?: number;
}

export interface BenchResult {
  readonly name: string;
  readonly title: string;
  /** The command that reproduces these figures. */
  readonly command: string;
  /** What the figures were measured on (dataset or workload, exactly named). */
  readonly workload: string;
  readonly machine: Machine;
  readonly ran_at: string;
  readonly figures: Readonly<Record<string, number>>;
  readonly notes?: readonly string[];
  /**
   * Data behind the report's plots, by snake_case name: raw samples (e.g. latencies in ms, for a
   * histogram or CDF) or a curve (x/y pairs, e.g. recall against latency), or labelled bars.
   */
  readonly series?: Readonly<Record<string, Series>>;
}

export type Series =
  | { readonly kind: 'samples'; readonly unit: string; readonly values: readonly number[] }
  | { readonly kind: 'curve'; readonly x_label: string; readonly y_label: string; readonly points: readonly (readonly [number, number])[] }
  | {
      readonly kind: 'bars';
      readonly unit: string;
      /** One bar per label; `low`/`high` an optional confidence interval. */
      readonly bars: readonly { readonly label: string; readonly value: number; readonly low?: number; readonly high?: number }[];
    };

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${process.arch}`,
    node: process.version,
    load_avg_15m: Math.round(loadavg()[2]! * 10) / 10,
  };
}

export function writeResult(result: Omit<BenchResult, 'machine' | 'ran_at'>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const full: BenchResult = { ...result, machine: machine(), ran_at: new Date().toISOString() };
  const file = join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, JSON.stringify(full, null, 2) + '\n');
  return file;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMib(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
