// Number formatting for SVG coordinates and axis labels. Written out by hand (no
// toLocaleString) so the bytes never depend on the ICU data of the Node that renders them.

/** A coordinate: at most 2 decimals, no trailing zeros, never "-0". */
export function coord(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Digits of an integer with thousands separators: 12345 → "12,345". */
function grouped(integer: number): string {
  const digits = String(Math.abs(integer));
  const parts: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) parts.unshift(digits.slice(Math.max(0, end - 3), end));
  return (integer < 0 ? '-' : '') + parts.join(',');
}

/**
 * A value for a person to read: integers ≥ 1,000 with separators, others with at most 3
 * significant digits (floating-point noise such as 0.30000000000000004 removed).
 */
export function readable(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const clean = Number(v.toPrecision(12));
  if (Object.is(clean, -0) || clean === 0) return '0';
  if (Math.abs(clean) >= 1000) return grouped(Math.round(clean));
  const short = Number(clean.toPrecision(3));
  const text = String(short);
  // String() switches to exponents below 1e-6; spell small numbers out instead.
  return text.includes('e') ? short.toFixed(Math.min(20, 2 - Math.floor(Math.log10(Math.abs(short))))) : text;
}

/** An axis tick: like `readable` but keeps up to 6 significant digits so neighbouring ticks never collide. */
export function tick(v: number): string {
  const clean = Number(v.toPrecision(12));
  if (clean === 0) return '0';
  if (Math.abs(clean) >= 1000 && Number.isInteger(clean)) return grouped(clean);
  const text = String(Number(clean.toPrecision(6)));
  return text.includes('e') ? readable(clean) : text;
}
