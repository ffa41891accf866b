// Builders for a result's `series` (bench/lib/results.ts): raw samples bounded in count
// (a deterministic reservoir sample above the cap, so a result file stays small and a re-run
// on the same data writes the same bytes), curves thinned to a bounded number of points, and
// labelled bars. Values are rounded to a fixed number of decimals: JSON size, not precision.
import type { Series } from './results.js';

/** Most samples a series keeps. */
export const MAX_SAMPLES = 5000;
/** Most points a curve keeps. */
export const MAX_CURVE_POINTS = 1000;

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * At most `max` of `values`, chosen uniformly at random with a fixed seed (reservoir sampling,
 * Algorithm R), returned in their original order. Fewer values than `max`: all of them.
 */
export function reservoir<T>(values: readonly T[], max: number, seed = 1): T[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`reservoir: max must be a positive integer, got ${max}`);
  if (values.length <= max) return [...values];
  const random = prng(seed);
  const kept = Array.from({ length: max }, (_, i) => i);
  for (let i = max; i < values.length; i++) {
    const j = Math.floor(random() * (i + 1));
    if (j < max) kept[j] = i;
  }
  return kept.sort((a, b) => a - b).map((i) => values[i]!);
}

const rounder = (decimals: number) => (v: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

function requireFinite(what: string, values: readonly number[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${what}: value ${bad} is ${String(values[bad])} (every value must be a finite number)`);
}

export interface SamplesOptions {
  readonly max?: number;
  readonly seed?: number;
  /** Decimals kept (default 3: a microsecond for milliseconds). */
  readonly decimals?: number;
}

/** A samples series (histogram and CDF in the report); throws RangeError on no values or a non-finite one. */
export function samplesSeries(unit: string, values: readonly number[], options: SamplesOptions = {}): Series {
  if (values.length === 0) throw new RangeError(`samples series (${unit}): no values`);
  requireFinite(`samples series (${unit})`, values);
  return { kind: 'samples', unit, values: reservoir(values, options.max ?? MAX_SAMPLES, options.seed).map(rounder(options.decimals ?? 3)) };
}

/**
 * A curve series; above `max` points, evenly spaced ones are kept (always the first and last),
 * in the order given. x_label and y_label carry their units: "query latency p50 (ms)".
 */
export function curveSeries(x_label: string, y_label: string, points: readonly (readonly [number, number])[], options: { max?: number; decimals?: number } = {}): Series {
  if (points.length === 0) throw new RangeError(`curve series (${y_label} vs ${x_label}): no points`);
  requireFinite(`curve series (${y_label} vs ${x_label}) x`, points.map((p) => p[0]));
  requireFinite(`curve series (${y_label} vs ${x_label}) y`, points.map((p) => p[1]));
  const max = options.max ?? MAX_CURVE_POINTS;
  const kept = points.length <= max ? points : Array.from({ length: max }, (_, j) => points[Math.round((j * (points.length - 1)) / (max - 1))]!);
  const round = rounder(options.decimals ?? 4);
  return { kind: 'curve', x_label, y_label, points: kept.map(([x, y]) => [round(x), round(y)] as const) };
}

/** A bars series; a label "group / bar" puts the bar in a group (the report draws grouped bars). */
export function barsSeries(unit: string, bars: readonly { label: string; value: number; low?: number; high?: number }[]): Series {
  if (bars.length === 0) throw new RangeError(`bars series (${unit}): no bars`);
  for (const bar of bars) requireFinite(`bars series (${unit}), bar "${bar.label}"`, [bar.value, ...(bar.low === undefined ? [] : [bar.low]), ...(bar.high === undefined ? [] : [bar.high])]);
  return { kind: 'bars', unit, bars: bars.map((b) => ({ ...b })) };
}
