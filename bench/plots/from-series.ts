// A result's series as figures: samples → histogram and CDF side by side, a curve → a line
// plot, bars → (grouped) bars with their intervals. Every figure is titled from the result and
// the series' name, and captioned with the workload, the machine and the reproducing command.
import type { BenchResult, Machine, Series } from '../lib/results.js';
import { barsPanel, type BarGroup } from './bars.js';
import { curvePanel } from './curve.js';
import { cdfPanel, histogramPanel } from './distribution.js';
import { PlotInputError } from './errors.js';
import type { FigureSpec } from './figure.js';

/** Series names become file names: snake_case only. */
const SERIES_NAME = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
/** In a bars series, a label "group / bar" puts the bar in that group. */
export const GROUP_SEPARATOR = ' / ';

/**
 * A series name for people: "freshness_rest_ms" with unit "ms" → "freshness rest" (the unit is
 * said separately), "ndcg_at_10" → "ndcg@10".
 */
export function quantityOf(name: string, unit?: string): string {
  const words = name.split('_');
  if (unit !== undefined && words.length > 1 && words.at(-1) === unit.toLowerCase()) words.pop();
  return words.join(' ').replace(/ at (\d+)\b/g, '@$1');
}

export function machineLine(m: Machine): string {
  const load = m.load_avg_15m === undefined ? '' : `, load average ${m.load_avg_15m} (15 min) when written`;
  return `${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}, Node ${m.node}${load}`;
}

/** Bars whose labels read "group / bar" in groups (in order of first appearance); other bars in one unnamed group. */
export function groupBars(bars: Extract<Series, { kind: 'bars' }>['bars']): BarGroup[] {
  if (!bars.every((b) => b.label.includes(GROUP_SEPARATOR))) return [{ label: '', bars }];
  const groups = new Map<string, BarGroup['bars'][number][]>();
  for (const bar of bars) {
    const at = bar.label.indexOf(GROUP_SEPARATOR);
    const group = bar.label.slice(0, at);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push({ ...bar, label: bar.label.slice(at + GROUP_SEPARATOR.length) });
  }
  return [...groups].map(([label, grouped]) => ({ label, bars: grouped }));
}

export function figureOf(result: BenchResult, name: string): FigureSpec {
  const series = result.series?.[name];
  if (series === undefined) throw new PlotInputError(`${result.name}: no series "${name}"`);
  if (!SERIES_NAME.test(name)) throw new PlotInputError(`${result.name}: series name "${name}" is not snake_case (it names a file)`);
  const panels = (() => {
    switch (series.kind) {
      case 'samples': {
        const spec = { quantity: quantityOf(name, series.unit), unit: series.unit, values: series.values };
        return [histogramPanel(spec), cdfPanel(spec)];
      }
      case 'curve':
        return [curvePanel({ heading: quantityOf(name), xLabel: series.x_label, yLabel: series.y_label, lines: [{ points: series.points }] })];
      case 'bars':
        // A unit that is a description ("relative change, real-time vs nightly features, …") is the label itself.
        return [barsPanel({ heading: quantityOf(name, series.unit), yLabel: series.unit.includes(' ') ? series.unit : `${quantityOf(name, series.unit)} (${series.unit})`, groups: groupBars(series.bars) })];
      default:
        throw new PlotInputError(`${result.name}: series "${name}" has an unknown kind ${JSON.stringify((series as { kind?: unknown }).kind)}`);
    }
  })();
  return {
    title: `${result.title}: ${quantityOf(name, series.kind === 'curve' ? undefined : series.unit)}`,
    panels,
    caption: [
      `Workload: ${result.workload}`,
      `Machine: ${machineLine(result.machine)}; ran at ${result.ran_at}`,
      `Reproduce: ${result.command} (series "${name}" of bench/results/${result.name}.json)`,
      // A descriptive unit may be cut on the y axis: said whole here.
      ...(series.kind !== 'curve' && series.unit.includes(' ') ? [`Values: ${series.unit}`] : []),
    ],
  };
}
