// A panel: one plot area with its axes, tick labels, axis labels and a small heading. Every
// kind of plot (histogram, CDF, curve, bars) builds one; a figure lays panels side by side.
import { tick } from './format.js';
import type { Scale } from './scale.js';
import { GRID, INK, MUTED, textWidth, wrap, type Mark, type Rect } from './svg.js';

export interface Panel {
  readonly width: number;
  readonly height: number;
  /** Where data is drawn, in panel coordinates: every data mark lies inside it. */
  readonly plot: Rect;
  readonly marks: readonly Mark[];
}

export const PANEL_WIDTH = 480;
export const PANEL_HEIGHT = 330;
export const TICK_SIZE = 11;
export const LABEL_SIZE = 12;

/** The plot area of a panel: room on the left for y ticks, above for the heading (and a legend), below for x ticks and label. */
export function plotArea(o: { top?: number; bottom?: number; width?: number; height?: number } = {}): Rect {
  const left = 72;
  const top = o.top ?? 34;
  const width = o.width ?? PANEL_WIDTH;
  const height = o.height ?? PANEL_HEIGHT;
  return { x: left, y: top, width: width - left - 18, height: height - top - (o.bottom ?? 56) };
}

/** A row of colour swatches with labels, from (x, y); wraps within `width`. Returns its marks and height. */
export function legendMarks(entries: readonly { label: string; color: string }[], x: number, y: number, width: number): { marks: Mark[]; height: number } {
  const marks: Mark[] = [];
  let cx = x;
  let cy = y;
  for (const e of entries) {
    const w = 14 + textWidth(e.label, TICK_SIZE) + 14;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 16;
    }
    marks.push(
      { type: 'rect', role: 'frame', x: cx, y: cy - 9, width: 10, height: 10, fill: e.color },
      { type: 'text', role: 'frame', x: cx + 14, y: cy, text: e.label, size: TICK_SIZE },
    );
    cx += w;
  }
  return { marks, height: cy - y + 16 };
}

export interface FrameOptions {
  readonly heading: string;
  readonly plot: Rect;
  readonly y: Scale;
  readonly yLabel: string;
  /** A numeric x axis; categorical axes (bars) draw their own labels. */
  readonly x?: Scale;
  readonly xLabel: string;
  /** Panel height, to place the x label at the bottom. */
  readonly height?: number;
}

/** Keeps every k-th tick label so that neighbouring labels are at least `need` pixels apart. */
function spacedLabels(ticks: readonly number[], at: (v: number) => number, need: number): number[] {
  if (ticks.length < 2) return [...ticks];
  const gap = Math.abs(at(ticks[1]!) - at(ticks[0]!));
  const every = Math.max(1, Math.ceil(need / Math.max(gap, 1e-9)));
  return ticks.filter((_, i) => i % every === 0);
}

export function frameMarks(o: FrameOptions): Mark[] {
  const { plot, y, x } = o;
  const bottom = plot.y + plot.height;
  const marks: Mark[] = [{ type: 'text', role: 'frame', x: plot.x, y: 18, text: o.heading, size: LABEL_SIZE, bold: true }];
  for (const t of y.ticks) {
    const py = y.map(t);
    marks.push({ type: 'line', role: 'frame', x1: plot.x, y1: py, x2: plot.x + plot.width, y2: py, stroke: GRID });
  }
  for (const t of spacedLabels(y.ticks, y.map, TICK_SIZE + 3)) {
    marks.push({ type: 'text', role: 'frame', x: plot.x - 6, y: y.map(t) + 4, text: tick(t), size: TICK_SIZE, anchor: 'end', fill: MUTED });
  }
  if (x) {
    for (const t of x.ticks) {
      const px = x.map(t);
      marks.push({ type: 'line', role: 'frame', x1: px, y1: bottom, x2: px, y2: bottom + 4, stroke: INK });
    }
    for (const t of spacedLabels(x.ticks, x.map, Math.max(...x.ticks.map((t) => textWidth(tick(t), TICK_SIZE))) + 8)) {
      marks.push({ type: 'text', role: 'frame', x: x.map(t), y: bottom + 17, text: tick(t), size: TICK_SIZE, anchor: 'middle', fill: MUTED });
    }
  }
  marks.push(
    { type: 'line', role: 'frame', x1: plot.x, y1: plot.y, x2: plot.x, y2: bottom, stroke: INK },
    { type: 'line', role: 'frame', x1: plot.x, y1: bottom, x2: plot.x + plot.width, y2: bottom, stroke: INK },
  );
  // A long y label (a descriptive unit) takes two lines along the axis; past that it is cut with an ellipsis.
  const yLines = wrap(o.yLabel, plot.height, LABEL_SIZE);
  const shown = yLines.length > 2 ? [yLines[0]!, `${yLines[1]!.slice(0, Math.max(0, Math.floor(plot.height / (LABEL_SIZE * 0.6)) - 1))}…`] : yLines;
  shown.forEach((line, i) => marks.push({ type: 'text', role: 'frame', x: shown.length === 1 ? 16 : 12 + i * 14, y: plot.y + plot.height / 2, text: line, size: LABEL_SIZE, anchor: 'middle', rotate: -90 }));
  if (o.xLabel) marks.push({ type: 'text', role: 'frame', x: plot.x + plot.width / 2, y: (o.height ?? PANEL_HEIGHT) - 12, text: o.xLabel, size: LABEL_SIZE, anchor: 'middle' });
  return marks;
}
