// Distributions of raw samples (latencies, freshness lags): a histogram and an empirical CDF,
// both marking the p50 and p99 (nearest rank, as the benchmarks' figures are computed), on a
// log x axis when the samples span orders of magnitude.
import { percentile } from '../lib/stats.js';
import { requireFinite, requirePositive } from './errors.js';
import { readable } from './format.js';
import { PANEL_HEIGHT, PANEL_WIDTH, TICK_SIZE, frameMarks, plotArea, type Panel } from './panel.js';
import { extent, linearScale, logScale, wantsLog, type Scale } from './scale.js';
import { INK, PALETTE, textWidth, type Mark, type Rect } from './svg.js';

export interface DistributionSpec {
  /** What was measured, for the axis label: "request latency". */
  readonly quantity: string;
  readonly unit: string;
  readonly values: readonly number[];
  /** Log x axis; by default when the values are positive and span ≥ 50× (scale.ts LOG_SPREAD). */
  readonly logX?: boolean;
  /** Overrides the panel's heading. */
  readonly heading?: string;
}

/** Most bins a histogram draws; fewer for few samples (√n). */
export const MAX_BINS = 40;
/** Most vertices of a CDF line: above this many samples the line steps through evenly spaced ranks. */
export const MAX_CDF_POINTS = 1000;

function xScaleOf(spec: DistributionSpec, what: string, plot: Rect): { scale: Scale; log: boolean } {
  requireFinite(`${what} "${spec.quantity}"`, spec.values);
  const log = spec.logX ?? wantsLog(spec.values);
  if (log) requirePositive(`${what} "${spec.quantity}"`, spec.values);
  const [min, max] = extent(spec.values);
  const range = [plot.x, plot.x + plot.width] as const;
  return { scale: log ? logScale(min, max, range) : linearScale(min, max, range), log };
}

const xLabelOf = (spec: DistributionSpec, log: boolean) => `${spec.quantity} (${spec.unit}${log ? ', log scale' : ''})`;

/** Dashed p50 / p99 lines with their values; labels flip left of the line near the right edge. */
function quantileMarks(values: readonly number[], unit: string, x: Scale, plot: Rect): Mark[] {
  const marks: Mark[] = [];
  [0.5, 0.99].forEach((q, i) => {
    const v = percentile(values, q);
    const px = x.map(v);
    const label = `p${Math.round(q * 100)} ${readable(v)} ${unit}`;
    const y = plot.y + 12 + i * 14;
    const flip = px + 4 + textWidth(label, TICK_SIZE) > plot.x + plot.width;
    marks.push(
      { type: 'line', role: 'data', x1: px, y1: plot.y, x2: px, y2: plot.y + plot.height, stroke: INK, dash: '4 3' },
      { type: 'text', role: 'frame', x: flip ? px - 4 : px + 4, y, text: label, size: TICK_SIZE, anchor: flip ? 'end' : 'start' },
    );
  });
  return marks;
}

export function histogramPanel(spec: DistributionSpec): Panel {
  const plot = plotArea();
  const { scale: x, log } = xScaleOf(spec, 'histogram', plot);
  const n = spec.values.length;
  const bins = Math.min(MAX_BINS, Math.max(10, Math.ceil(Math.sqrt(n))));
  // Bins span the data (the axis may extend to a nice boundary beyond it); one value: the axis.
  const [min, max] = extent(spec.values);
  const span = (lo: number, hi: number) => (log ? [Math.log10(lo), Math.log10(hi)] : [lo, hi]) as [number, number];
  const [low, high] = span(min, max)[1] > span(min, max)[0] ? [min, max] : x.domain;
  const [a, b] = span(low, high);
  const position = (v: number) => ((log ? Math.log10(v) : v) - a) / (b - a);
  const edge = (i: number) => Math.min(high, Math.max(low, log ? 10 ** (a + (i / bins) * (b - a)) : a + (i / bins) * (b - a)));
  const counts = new Array<number>(bins).fill(0);
  for (const v of spec.values) counts[Math.min(bins - 1, Math.max(0, Math.floor(position(v) * bins)))]!++;
  const y = linearScale(0, extent(counts)[1], [plot.y + plot.height, plot.y]);
  const marks: Mark[] = frameMarks({ heading: spec.heading ?? `Histogram, ${readable(n)} ${n === 1 ? 'sample' : 'samples'}`, plot, x, y, xLabel: xLabelOf(spec, log), yLabel: 'samples per bin' });
  counts.forEach((count, i) => {
    if (count === 0) return;
    const x0 = x.map(edge(i));
    const x1 = x.map(edge(i + 1));
    const top = y.map(count);
    marks.push({ type: 'rect', role: 'data', x: x0 + 0.5, y: top, width: Math.max(0.5, x1 - x0 - 1), height: plot.y + plot.height - top, fill: PALETTE[0] });
  });
  marks.push(...quantileMarks(spec.values, spec.unit, x, plot));
  return { width: PANEL_WIDTH, height: PANEL_HEIGHT, plot, marks };
}

export function cdfPanel(spec: DistributionSpec): Panel {
  const plot = plotArea();
  const { scale: x, log } = xScaleOf(spec, 'CDF', plot);
  const sorted = [...spec.values].sort((a, b) => a - b);
  const n = sorted.length;
  const y = linearScale(0, 1, [plot.y + plot.height, plot.y], { ticks: 5 });
  // Ranks the line steps through: all of them, or MAX_CDF_POINTS evenly spaced (always the last).
  const m = Math.min(n, MAX_CDF_POINTS);
  const ranks = m === n ? sorted.map((_, i) => i) : Array.from({ length: m }, (_, j) => Math.round((j * (n - 1)) / (m - 1)));
  const points: [number, number][] = [[x.map(sorted[0]!), y.map(0)]];
  let below = 0;
  for (const r of ranks) {
    const px = x.map(sorted[r]!);
    points.push([px, y.map(below)], [px, y.map((r + 1) / n)]);
    below = (r + 1) / n;
  }
  const marks: Mark[] = frameMarks({ heading: spec.heading ?? `CDF, ${readable(n)} ${n === 1 ? 'sample' : 'samples'}`, plot, x, y, xLabel: xLabelOf(spec, log), yLabel: 'fraction of samples ≤ x' });
  marks.push({ type: 'polyline', role: 'data', points, stroke: PALETTE[0], strokeWidth: 2 });
  marks.push(...quantileMarks(spec.values, spec.unit, x, plot));
  return { width: PANEL_WIDTH, height: PANEL_HEIGHT, plot, marks };
}
