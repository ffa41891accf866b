// Bars in groups, in the order given, with optional error bars (a confidence interval
// low..high): quality metrics of our system against the baselines, per dataset, or an
// ablation's relative change with its bootstrap interval. Bars start at zero, so negative
// values (a relative change) hang below a zero line.
import { PlotInputError, requireFinite } from './errors.js';
import { readable } from './format.js';
import { PANEL_HEIGHT, PANEL_WIDTH, TICK_SIZE, frameMarks, legendMarks, plotArea, type Panel } from './panel.js';
import { linearScale } from './scale.js';
import { INK, PALETTE, textWidth, wrap, type Mark } from './svg.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
}

export interface BarGroup {
  /** Empty for a single group of plain bars. */
  readonly label: string;
  readonly bars: readonly Bar[];
}

export interface BarsSpec {
  readonly heading: string;
  /** With the unit: "NDCG@10 (fraction)". */
  readonly yLabel: string;
  readonly groups: readonly BarGroup[];
}

const LABEL_ANGLE = -35;
const VALUE_SIZE = 10;

function validate(spec: BarsSpec): void {
  if (spec.groups.length === 0) throw new PlotInputError(`bars "${spec.heading}": no groups`);
  for (const group of spec.groups) {
    const what = `bars "${spec.heading}"${group.label ? `, group "${group.label}"` : ''}`;
    if (group.bars.length === 0) throw new PlotInputError(`${what}: no bars`);
    for (const bar of group.bars) {
      const at = `${what}, bar "${bar.label}"`;
      requireFinite(`${at} value`, [bar.value]);
      if ((bar.low === undefined) !== (bar.high === undefined)) throw new PlotInputError(`${at}: an interval needs both low and high`);
      if (bar.low !== undefined && bar.high !== undefined) {
        requireFinite(`${at} interval`, [bar.low, bar.high]);
        if (!(bar.low <= bar.value && bar.value <= bar.high)) throw new PlotInputError(`${at}: interval [${bar.low}, ${bar.high}] does not contain the value ${bar.value}`);
      }
    }
  }
}

export function barsPanel(spec: BarsSpec): Panel {
  validate(spec);
  const grouped = spec.groups.length > 1 || spec.groups[0]!.label !== '';
  // Colours follow the bar's label, so the same system has the same colour in every group.
  const names = [...new Set(spec.groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const colorOf = (label: string) => (grouped ? PALETTE[names.indexOf(label) % PALETTE.length]! : PALETTE[0]);
  const barCount = spec.groups.reduce((n, g) => n + g.bars.length, 0);
  const width = Math.min(1400, Math.max(PANEL_WIDTH, 100 + barCount * 30 + spec.groups.length * 14));
  const legend = grouped ? legendMarks(names.map((label) => ({ label, color: colorOf(label) })), 72, 38, width - 90) : null;
  // Category labels under the axis: the group's when grouped, else each bar's; wrapped onto
  // lines within their slot, slanted only when one word alone is wider than the slot.
  const categories = grouped ? spec.groups.map((g) => g.label) : spec.groups[0]!.bars.map((b) => b.label);
  const plotWidth = width - 90;
  const slot = plotWidth / categories.length;
  const wrapped = categories.map((c) => wrap(c, slot - 6, TICK_SIZE));
  const slant = wrapped.some((lines) => lines.some((line) => textWidth(line, TICK_SIZE) > slot - 6));
  const widest = Math.max(...categories.map((c) => textWidth(c, TICK_SIZE)));
  const labelDepth = slant ? Math.min(200, widest * Math.sin((-LABEL_ANGLE * Math.PI) / 180)) + 8 : Math.max(...wrapped.map((l) => l.length)) * 14;
  const top = legend ? 38 + legend.height : 34;
  const bottom = labelDepth + 14;
  const height = PANEL_HEIGHT - 56 - 34 + top + bottom;
  const plot = plotArea({ top, bottom, width, height });

  const all = spec.groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.low ?? b.value, b.high ?? b.value]));
  const y = linearScale(Math.min(0, ...all), Math.max(0, ...all), [plot.y + plot.height, plot.y]);
  const marks: Mark[] = frameMarks({ heading: spec.heading, plot, y, yLabel: spec.yLabel, xLabel: '', height });
  if (legend) marks.push(...legend.marks);
  const zero = y.map(0);
  if (y.domain[0] < 0) marks.push({ type: 'line', role: 'frame', x1: plot.x, y1: zero, x2: plot.x + plot.width, y2: zero, stroke: INK });

  const groupSlot = plot.width / spec.groups.length;
  // Where each category label goes: under its group when grouped, else under its bar.
  const centers: number[] = [];
  spec.groups.forEach((group, g) => {
    if (grouped) centers.push(plot.x + (g + 0.5) * groupSlot);
    const inner = groupSlot * 0.84;
    const barWidth = inner / group.bars.length;
    const left = plot.x + g * groupSlot + (groupSlot - inner) / 2;
    group.bars.forEach((bar, b) => {
      const x0 = left + b * barWidth + barWidth * 0.08;
      const w = barWidth * 0.84;
      const mid = x0 + w / 2;
      if (!grouped) centers.push(mid);
      const top = Math.min(zero, y.map(bar.value));
      marks.push({ type: 'rect', role: 'data', x: x0, y: top, width: w, height: Math.abs(y.map(bar.value) - zero), fill: colorOf(bar.label) });
      if (bar.low !== undefined && bar.high !== undefined) {
        const [yl, yh] = [y.map(bar.low), y.map(bar.high)];
        const cap = Math.min(6, w / 3);
        marks.push(
          { type: 'line', role: 'data', x1: mid, y1: yl, x2: mid, y2: yh, stroke: INK, strokeWidth: 1.2 },
          { type: 'line', role: 'data', x1: mid - cap, y1: yl, x2: mid + cap, y2: yl, stroke: INK, strokeWidth: 1.2 },
          { type: 'line', role: 'data', x1: mid - cap, y1: yh, x2: mid + cap, y2: yh, stroke: INK, strokeWidth: 1.2 },
        );
      }
      const text = readable(bar.value);
      if (textWidth(text, VALUE_SIZE) <= barWidth + 4) {
        // Above the bar (or its interval), below it for a negative value.
        const above = bar.value >= 0;
        const end = above ? Math.min(top, y.map(bar.high ?? bar.value)) - 4 : Math.max(y.map(bar.value), y.map(bar.low ?? bar.value)) + 12;
        marks.push({ type: 'text', role: 'frame', x: mid, y: end, text, size: VALUE_SIZE, anchor: 'middle' });
      }
    });
  });
  const bottomY = plot.y + plot.height;
  categories.forEach((label, i) => {
    const cx = centers[i]!;
    if (slant) marks.push({ type: 'text', role: 'frame', x: cx + 4, y: bottomY + 14, text: label, size: TICK_SIZE, anchor: 'end', rotate: LABEL_ANGLE });
    else wrapped[i]!.forEach((line, l) => marks.push({ type: 'text', role: 'frame', x: cx, y: bottomY + 16 + l * 14, text: line, size: TICK_SIZE, anchor: 'middle' }));
  });
  return { width, height, plot, marks };
}
