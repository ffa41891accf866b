// Index version ids: `idx-YYYYMMDDTHHMMSSZ-<6 hex>`. The UTC build time comes
// first so that sorting ids as strings sorts versions by age (GC and status rely
// on it); the random suffix keeps two builds in the same second apart.

export const VERSION_ID_PATTERN = /^idx-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-([0-9a-f]{6})$/;

/**
 * A version id for a build started at `at`. `suffix` is 6 lower-case hex digits
 * from the caller's random source (shared/ has no runtime globals to draw from).
 */
export function makeVersionId(at: Date, suffix: string): string {
  if (!/^[0-9a-f]{6}$/.test(suffix)) throw new RangeError(`version id suffix must be 6 lower-case hex digits, got "${suffix}"`);
  const time = at.getTime();
  if (!Number.isFinite(time)) throw new RangeError('version id time is not a valid date');
  const iso = at.toISOString(); // 2026-11-22T12:00:00.000Z
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`version id time ${iso} is outside years 0000-9999`);
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return `idx-${stamp}-${suffix}`;
}

export function isVersionId(value: string): boolean {
  return parseVersionTime(value) !== undefined;
}

/** The UTC time a version id encodes, or undefined when `value` is not a valid version id. */
export function parseVersionTime(value: string): Date | undefined {
  const m = VERSION_ID_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject ids such as 20261340 that Date.UTC would silently roll over.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) {
    return undefined;
  }
  return date;
}

/** Oldest first (string order is time order by construction). */
export function compareVersionIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
