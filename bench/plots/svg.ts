// A tiny scene of marks (rectangles, lines, polylines, circles, text) and its serialisation to
// SVG. Renderers build marks; tests read them (where every data mark sits) without parsing
// SVG; the serialisation is deterministic: same scene, same bytes.
import { coord } from './format.js';

/** `data` marks stand for values; `frame` marks are axes, ticks, grid and labels. */
export type Role = 'data' | 'frame';

export type Mark =
  | { readonly type: 'rect'; readonly role: Role; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly fill: string; readonly stroke?: string }
  | { readonly type: 'line'; readonly role: Role; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly stroke: string; readonly strokeWidth?: number; readonly dash?: string }
  | { readonly type: 'polyline'; readonly role: Role; readonly points: readonly (readonly [number, number])[]; readonly stroke: string; readonly strokeWidth?: number }
  | { readonly type: 'circle'; readonly role: Role; readonly cx: number; readonly cy: number; readonly r: number; readonly fill: string }
  | {
      readonly type: 'text';
      readonly role: Role;
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly size: number;
      readonly anchor?: 'start' | 'middle' | 'end';
      readonly bold?: boolean;
      readonly fill?: string;
      /** Degrees, about (x, y). */
      readonly rotate?: number;
    };

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Colour-blind-safe palette (Okabe & Ito), in a fixed order. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;
export const INK = '#222222';
export const MUTED = '#666666';
export const GRID = '#e5e5e5';
export const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

/** Text escaped for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Rough width of a text in pixels (average glyph ≈ 0.6 em): enough to wrap captions and avoid label collisions. */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.6;
}

/** Splits text into lines of at most `width` pixels, at spaces (a word longer than a line gets its own line). */
export function wrap(text: string, width: number, size: number): string[] {
  const max = Math.max(1, Math.floor(width / (size * 0.6)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function markSvg(m: Mark): string {
  switch (m.type) {
    case 'rect':
      return `<rect x="${coord(m.x)}" y="${coord(m.y)}" width="${coord(m.width)}" height="${coord(m.height)}" fill="${m.fill}"${m.stroke ? ` stroke="${m.stroke}"` : ''}/>`;
    case 'line':
      return `<line x1="${coord(m.x1)}" y1="${coord(m.y1)}" x2="${coord(m.x2)}" y2="${coord(m.y2)}" stroke="${m.stroke}" stroke-width="${coord(m.strokeWidth ?? 1)}"${m.dash ? ` stroke-dasharray="${m.dash}"` : ''}/>`;
    case 'polyline':
      return `<polyline points="${m.points.map(([x, y]) => `${coord(x)},${coord(y)}`).join(' ')}" fill="none" stroke="${m.stroke}" stroke-width="${coord(m.strokeWidth ?? 1.5)}" stroke-linejoin="round"/>`;
    case 'circle':
      return `<circle cx="${coord(m.cx)}" cy="${coord(m.cy)}" r="${coord(m.r)}" fill="${m.fill}"/>`;
    case 'text': {
      const attrs = [
        `x="${coord(m.x)}"`,
        `y="${coord(m.y)}"`,
        `font-size="${coord(m.size)}"`,
        ...(m.anchor && m.anchor !== 'start' ? [`text-anchor="${m.anchor}"`] : []),
        ...(m.bold ? ['font-weight="bold"'] : []),
        `fill="${m.fill ?? INK}"`,
        ...(m.rotate ? [`transform="rotate(${coord(m.rotate)} ${coord(m.x)} ${coord(m.y)})"`] : []),
      ];
      return `<text ${attrs.join(' ')}>${escapeXml(m.text)}</text>`;
    }
  }
}

export interface Scene {
  readonly width: number;
  readonly height: number;
  /** The accessible title (SVG <title>). */
  readonly title: string;
  readonly marks: readonly Mark[];
}

export function sceneToSvg(scene: Scene): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${coord(scene.width)}" height="${coord(scene.height)}" viewBox="0 0 ${coord(scene.width)} ${coord(scene.height)}" font-family="${FONT}">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<rect x="0" y="0" width="${coord(scene.width)}" height="${coord(scene.height)}" fill="#ffffff"/>`,
    ...scene.marks.map(markSvg),
    '</svg>',
    '',
  ].join('\n');
}

/** Marks moved by (dx, dy): panels are drawn at the origin and placed by the figure. */
export function translate(marks: readonly Mark[], dx: number, dy: number): Mark[] {
  return marks.map((m): Mark => {
    switch (m.type) {
      case 'rect':
        return { ...m, x: m.x + dx, y: m.y + dy };
      case 'line':
        return { ...m, x1: m.x1 + dx, y1: m.y1 + dy, x2: m.x2 + dx, y2: m.y2 + dy };
      case 'polyline':
        return { ...m, points: m.points.map(([x, y]) => [x + dx, y + dy] as const) };
      case 'circle':
        return { ...m, cx: m.cx + dx, cy: m.cy + dy };
      case 'text':
        return { ...m, x: m.x + dx, y: m.y + dy };
    }
  });
}
