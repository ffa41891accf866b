// Axis scales: a data domain mapped onto a pixel range, linear or base-10 logarithmic, with
// "nice" domains and ticks (1, 2, 5 × 10^k steps; powers of ten on log axes) so that axes read well.
import { PlotInputError, requirePositive } from './errors.js';

export interface Scale {
  readonly kind: 'linear' | 'log';
  /** The (niced) data domain, low to high. */
  readonly domain: readonly [number, number];
  /** The pixel range the domain maps onto: [pixel of domain[0], pixel of domain[1]]. */
  readonly range: readonly [number, number];
  readonly ticks: readonly number[];
  map(v: number): number;
}

/** Spread (max / min) from which positive data is drawn on a log axis when the caller lets the data decide. */
export const LOG_SPREAD = 50;

/**
 * Whether x values were sampled geometrically (a sweep such as nprobe 1, 2, 4, … 64): wide
 * enough for a log axis (wantsLog) and the median ratio between neighbours at least 1.5. Evenly
 * spaced values (time, records processed) stay on a linear axis however wide they are.
 */
export function geometricallySpaced(values: readonly number[]): boolean {
  if (!wantsLog(values)) return false;
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const ratios = sorted.slice(1).map((v, i) => v / sorted[i]!).sort((a, b) => a - b);
  return ratios.length > 0 && ratios[Math.floor(ratios.length / 2)]! >= 1.5;
}

/** Values a log axis can draw: powers of ten around them stay normal, finite doubles. */
export const LOG_LIMITS = [1e-300, 1e300] as const;

/** [min, max] of the values, by a loop (spreading 10^5+ values into Math.min overflows the stack). */
export function extent(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Whether data this wide reads better on a log axis: all positive and max / min ≥ LOG_SPREAD. */
export function wantsLog(values: readonly number[]): boolean {
  const [min, max] = extent(values);
  return min >= LOG_LIMITS[0] && max <= LOG_LIMITS[1] && max / min >= LOG_SPREAD;
}

/** The 1, 2 or 5 × 10^k step closest above span / target. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/**
 * A degenerate domain (one value, or a span lost in floating-point noise or the subnormals)
 * widened around its middle so the value sits inside.
 */
function widen(low: number, high: number): [number, number] {
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  if (high - low > 1e-300 && high - low > magnitude * 1e-12) return [low, high];
  const mid = low / 2 + high / 2;
  const pad = Math.abs(mid) < 1e-300 ? 1 : Math.abs(mid) / 2;
  return [mid - pad, mid + pad];
}

export interface ScaleOptions {
  /** Extend the domain to nice tick boundaries (default true). */
  readonly nice?: boolean;
  /** Approximate tick count on a linear axis (default 6). */
  readonly ticks?: number;
}

export function linearScale(dataLow: number, dataHigh: number, range: readonly [number, number], options: ScaleOptions = {}): Scale {
  if (!Number.isFinite(dataLow) || !Number.isFinite(dataHigh)) throw new PlotInputError(`linear scale: domain [${dataLow}, ${dataHigh}] is not finite`);
  if (dataLow > dataHigh) throw new PlotInputError(`linear scale: domain low ${dataLow} is above high ${dataHigh}`);
  let [low, high] = widen(dataLow, dataHigh);
  const step = niceStep(high - low, options.ticks ?? 6);
  if (options.nice ?? true) {
    const [dataLowWide, dataHighWide] = [low, high];
    low = Math.floor(low / step + 1e-9) * step;
    high = Math.ceil(high / step - 1e-9) * step;
    // Rounding in step arithmetic can land a hair inside the data: one more step then.
    if (low > dataLowWide) low -= step;
    if (high < dataHighWide) high += step;
  }
  const ticks: number[] = [];
  // Each tick from its own multiple of the step (accumulating would drift: 0 became -6.9e-18).
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high + step * 1e-9; i++) {
    const t = Number((i * step).toPrecision(12));
    ticks.push(Math.abs(t) < step * 1e-6 ? 0 : t);
  }
  const [r0, r1] = range;
  return { kind: 'linear', domain: [low, high], range, ticks, map: (v) => r0 + ((v - low) / (high - low)) * (r1 - r0) };
}

export function logScale(dataLow: number, dataHigh: number, range: readonly [number, number]): Scale {
  requirePositive('log scale', [dataLow, dataHigh]);
  if (dataLow > dataHigh) throw new PlotInputError(`log scale: domain low ${dataLow} is above high ${dataHigh}`);
  if (dataLow < LOG_LIMITS[0] || dataHigh > LOG_LIMITS[1]) throw new PlotInputError(`log scale: domain [${dataLow}, ${dataHigh}] is outside [1e-300, 1e300], what a log axis can draw`);
  let lowExp = Math.floor(Math.log10(dataLow) + 1e-9);
  let highExp = Math.ceil(Math.log10(dataHigh) - 1e-9);
  if (highExp === lowExp) highExp++;
  // Very wide data: ticks every few decades only, so labels stay apart.
  const every = Math.max(1, Math.ceil((highExp - lowExp) / 8));
  lowExp = Math.floor(lowExp / every) * every;
  highExp = Math.ceil(highExp / every) * every;
  const ticks: number[] = [];
  for (let e = lowExp; e <= highExp; e += every) {
    ticks.push(Number((10 ** e).toPrecision(12)));
    // One or two decades: 2 and 5 between the powers, else an axis would carry two labels.
    if (highExp - lowExp <= 2 && e < highExp) ticks.push(Number((2 * 10 ** e).toPrecision(12)), Number((5 * 10 ** e).toPrecision(12)));
  }
  const low = 10 ** lowExp;
  const high = 10 ** highExp;
  const [r0, r1] = range;
  const span = Math.log10(high) - Math.log10(low);
  return { kind: 'log', domain: [low, high], range, ticks, map: (v) => r0 + ((Math.log10(v) - Math.log10(low)) / span) * (r1 - r0) };
}
