// Reads the Server-Timing header the edge worker sends with every recommendation
// ("bundle;dur=0.01, features;dur=1.52, ..., total;dur=4.10") into stage → milliseconds.
// Entries without a finite, non-negative `dur` are left out rather than guessed.

export function parseServerTiming(header: string | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!header) return out;
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.split(';').map((part) => part.trim());
    if (!name) continue;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'dur') continue;
      const ms = Number(param.slice(eq + 1).trim().replace(/^"|"$/g, ''));
      if (Number.isFinite(ms) && ms >= 0) out.set(name, ms);
    }
  }
  return out;
}
