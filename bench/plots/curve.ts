// Line curves: one or more lines of (x, y) points drawn in the order given (a sweep's order,
// e.g. increasing nprobe), with a marker at every point: recall against latency or nprobe,
// memory against records processed.
import { PlotInputError, requireFinite, requirePositive } from './errors.js';
import { PANEL_HEIGHT, PANEL_WIDTH, frameMarks, legendMarks, plotArea, type Panel } from './panel.js';
import { extent, geometricallySpaced, linearScale, logScale, type Scale } from './scale.js';
import { PALETTE, type Mark } from './svg.js';

export interface CurveLine {
  readonly label?: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface CurveSpec {
  readonly heading: string;
  /** With the unit: "query latency p50 (ms)". */
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly CurveLine[];
  /** Log axes; by default when that axis's values are geometrically spaced and span ≥ 50× (scale.ts geometricallySpaced). */
  readonly logX?: boolean;
  readonly logY?: boolean;
}

/** Above this many points a line is drawn without per-point markers (they would merge into a band). */
export const MAX_MARKED_POINTS = 60;

function axis(values: readonly number[], log: boolean | undefined, range: readonly [number, number], what: string): Scale {
  const useLog = log ?? geometricallySpaced(values);
  if (useLog) requirePositive(what, values);
  const [min, max] = extent(values);
  return useLog ? logScale(min, max, range) : linearScale(min, max, range);
}

export function curvePanel(spec: CurveSpec): Panel {
  if (spec.lines.length === 0) throw new PlotInputError(`curve "${spec.heading}": no lines`);
  spec.lines.forEach((line, i) => {
    const what = `curve "${spec.heading}", line ${line.label ?? i}`;
    if (line.points.length === 0) throw new PlotInputError(`${what}: no points (a plot needs at least one)`);
    requireFinite(`${what} x`, line.points.map((p) => p[0]));
    requireFinite(`${what} y`, line.points.map((p) => p[1]));
  });
  const labelled = spec.lines.filter((l) => l.label !== undefined);
  const legend = labelled.length > 1 ? legendMarks(spec.lines.map((l, i) => ({ label: l.label ?? `line ${i + 1}`, color: PALETTE[i % PALETTE.length]! })), 72, 38, PANEL_WIDTH - 90) : null;
  const plot = plotArea({ top: legend ? 38 + legend.height : 34 });
  const xs = spec.lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = spec.lines.flatMap((l) => l.points.map((p) => p[1]));
  const x = axis(xs, spec.logX, [plot.x, plot.x + plot.width], `curve "${spec.heading}" x`);
  const y = axis(ys, spec.logY, [plot.y + plot.height, plot.y], `curve "${spec.heading}" y`);
  const xLabel = x.kind === 'log' ? `${spec.xLabel}, log scale` : spec.xLabel;
  const yLabel = y.kind === 'log' ? `${spec.yLabel}, log scale` : spec.yLabel;
  const marks: Mark[] = frameMarks({ heading: spec.heading, plot, x, y, xLabel, yLabel });
  if (legend) marks.push(...legend.marks);
  spec.lines.forEach((line, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const points = line.points.map(([px, py]) => [x.map(px), y.map(py)] as const);
    if (points.length > 1) marks.push({ type: 'polyline', role: 'data', points, stroke: color, strokeWidth: 2 });
    if (points.length <= MAX_MARKED_POINTS) for (const [cx, cy] of points) marks.push({ type: 'circle', role: 'data', cx, cy, r: 3.5, fill: color });
  });
  return { width: PANEL_WIDTH, height: PANEL_HEIGHT, plot, marks };
}
