// Equality of feature values as served and as recomputed: deep, with numbers
// equal within a relative tolerance (1e-9 by default) so that a value that
// took a different float path (a sum in another order, a JSON round trip)
// is not an alarm, while any real difference is.

export const DEFAULT_RELATIVE_TOLERANCE = 1e-9;

export function valuesEqual(a: unknown, b: unknown, tolerance = DEFAULT_RELATIVE_TOLERANCE): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i], tolerance));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  return keys.length === Object.keys(rb).length && keys.every((k) => Object.hasOwn(rb, k) && valuesEqual(ra[k], rb[k], tolerance));
}
