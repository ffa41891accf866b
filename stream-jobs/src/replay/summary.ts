// Human-readable replay summary: what was read, produced and rejected (with
// reasons and examples), and how fast.
import type { ReplaySummary } from './run.js';

const n = (x: number) => x.toLocaleString('en-US');

export function formatSummary(summary: ReplaySummary, dryRun: boolean): string {
  const lines: string[] = [];
  const verb = dryRun ? 'validated (dry run, nothing sent)' : 'produced';
  lines.push(`Replay of ${summary.source}${summary.stoppedEarly ? ' — stopped early' : ''}`);
  if (summary.catalog.read > 0) {
    lines.push(`  catalog  ${n(summary.catalog.produced)} of ${n(summary.catalog.read)} items ${verb}, ${n(summary.catalog.rejected)} rejected`);
  }
  lines.push(`  events   ${n(summary.events.produced)} of ${n(summary.events.read)} records ${verb}, ${n(summary.events.rejected)} rejected`);
  if (summary.events.sentInvalid > 0) lines.push(`           ${n(summary.events.sentInvalid)} invalid records sent anyway (--send-invalid)`);
  lines.push(`  time     ${(summary.elapsedMs / 1000).toFixed(1)} s, ${n(Math.round(summary.eventsPerSecond))} events/s`);
  if (summary.rejections.length > 0) {
    lines.push('  rejected records by reason:');
    for (const group of summary.rejections) {
      lines.push(`    ${n(group.count).padStart(9)}  ${group.reason}`);
      lines.push(`               e.g. ${group.examples.join('; ')}`);
    }
  }
  return lines.join('\n');
}
