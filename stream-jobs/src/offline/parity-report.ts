// The parity report as a table for people (stdout of the CLI): one line per
// feature, then up to three diverging examples for each feature that diverged.
import type { ParityReport } from './parity-monitor.js';

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

/** Short JSON for a table cell: long values are cut, with their length. */
function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length <= 80 ? text : `${text.slice(0, 77)}… (${text.length} chars)`;
}

export function formatParityTable(report: ParityReport): string {
  const rows = report.features.map((f) => [
    f.feature,
    String(f.compared),
    String(f.diverged),
    percent(f.divergenceRate),
    f.divergenceRate > report.maxDivergence ? 'ALARM' : 'ok',
  ]);
  const header = ['feature', 'compared', 'diverged', 'rate', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(
    '',
    `${report.snapshots} snapshots, ${report.compared} values compared, ${report.diverged} diverged; ` +
      `alarm above ${percent(report.maxDivergence)} per feature: ${report.ok ? 'no alarm' : 'ALARM'}`,
  );
  for (const f of report.features.filter((x) => x.diverged > 0)) {
    out.push('', `${f.feature}${f.problem ? ` (${f.problem})` : ''}:`);
    for (const d of f.examples) out.push(`  request ${d.request_id}, ${d.entity_id}: served ${brief(d.served)}, offline ${brief(d.offline)}`);
  }
  return out.join('\n');
}
