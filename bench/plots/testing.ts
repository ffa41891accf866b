// Test helpers: whether a mark lies inside a rectangle (every data mark must lie in its plot area).
import type { Mark, Rect } from './svg.js';

const EPS = 1e-6;
const inside = (r: Rect, x: number, y: number) => x >= r.x - EPS && x <= r.x + r.width + EPS && y >= r.y - EPS && y <= r.y + r.height + EPS;

/** The corners or points of a mark. */
export function pointsOf(m: Mark): [number, number][] {
  switch (m.type) {
    case 'rect':
      return [[m.x, m.y], [m.x + m.width, m.y + m.height]];
    case 'line':
      return [[m.x1, m.y1], [m.x2, m.y2]];
    case 'polyline':
      return m.points.map(([x, y]) => [x, y]);
    case 'circle':
      return [[m.cx, m.cy]];
    case 'text':
      return [[m.x, m.y]];
  }
}

/** Data marks with a point outside `area` (empty when all are inside). */
export function dataOutside(marks: readonly Mark[], area: Rect): Mark[] {
  return marks.filter((m) => m.role === 'data' && pointsOf(m).some(([x, y]) => !inside(area, x, y)));
}
