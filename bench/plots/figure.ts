// A figure: a title, one or more panels side by side, and caption lines (workload, machine,
// the command that reproduces it). The unit the report writes to one .svg file.
import type { Panel } from './panel.js';
import { PlotInputError } from './errors.js';
import { MUTED, sceneToSvg, translate, wrap, type Mark, type Scene } from './svg.js';

export interface FigureSpec {
  readonly title: string;
  readonly panels: readonly Panel[];
  /** Caption paragraphs, each wrapped to the figure's width: "Workload: …", "Machine: …", "Command: …". */
  readonly caption: readonly string[];
}

const TITLE_SIZE = 15;
const CAPTION_SIZE = 11;
const MARGIN = 12;
/** A figure is never narrower than this, so that a lone panel still leaves room for its caption. */
export const MIN_FIGURE_WIDTH = 640;

/** Where things go: the figure's width, its title lines and each panel's top-left corner. */
export function figureLayout(spec: FigureSpec): { width: number; titleLines: string[]; panels: { x: number; y: number }[] } {
  if (spec.panels.length === 0) throw new PlotInputError(`figure "${spec.title}": no panels`);
  const panelsWidth = spec.panels.reduce((w, p) => w + p.width, 0);
  const width = Math.max(MIN_FIGURE_WIDTH, panelsWidth + 2 * MARGIN);
  const titleLines = wrap(spec.title, width - 2 * MARGIN, TITLE_SIZE);
  const top = MARGIN + titleLines.length * (TITLE_SIZE + 4) + 4;
  // Panels centred as a row; each keeps its own height, aligned at the top.
  let x = (width - panelsWidth) / 2;
  const panels = spec.panels.map((p) => {
    const at = { x, y: top };
    x += p.width;
    return at;
  });
  return { width, titleLines, panels };
}

export function figureScene(spec: FigureSpec): Scene {
  const { width, titleLines, panels } = figureLayout(spec);
  const marks: Mark[] = titleLines.map((text, i) => ({ type: 'text', role: 'frame', x: MARGIN, y: MARGIN + TITLE_SIZE + i * (TITLE_SIZE + 4), text, size: TITLE_SIZE, bold: true }));
  spec.panels.forEach((panel, i) => marks.push(...translate(panel.marks, panels[i]!.x, panels[i]!.y)));
  let y = panels[0]!.y + Math.max(...spec.panels.map((p) => p.height)) + 6;
  for (const paragraph of spec.caption) {
    for (const line of wrap(paragraph, width - 2 * MARGIN, CAPTION_SIZE)) {
      y += CAPTION_SIZE + 4;
      marks.push({ type: 'text', role: 'frame', x: MARGIN, y, text: line, size: CAPTION_SIZE, fill: MUTED });
    }
  }
  return { width, height: y + MARGIN, title: spec.title, marks };
}

export function renderFigure(spec: FigureSpec): string {
  return sceneToSvg(figureScene(spec));
}
