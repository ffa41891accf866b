// Regenerates BENCHMARKS.md and its plots (bench/results/plots/*.svg) from bench/results/*.json,
// and removes plots no result draws any more. Never edit the output by hand.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLOTS_PATH, buildReport, stalePlots } from './lib/benchmarks-md.js';
import { parseCommandLine } from './lib/cli.js';
import { RESULTS_DIR, type BenchResult } from './lib/results.js';

parseCommandLine(
  {
    script: 'bench:report',
    summary: [
      'Measures nothing: regenerates BENCHMARKS.md and its plots from every bench/results/*.json and removes plots',
      'no result draws any more. Exits 1 when a plot could not be drawn (listed on stderr).',
    ],
    flags: {},
    writes: `BENCHMARKS.md and ${PLOTS_PATH}/*.svg`,
    examples: ['npm run bench:report'],
  },
  () => undefined,
);

const ROOT = join(RESULTS_DIR, '..', '..');
const results = readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as BenchResult);

const report = buildReport(results);
const plotsDir = join(ROOT, PLOTS_PATH);
mkdirSync(plotsDir, { recursive: true });
for (const [file, svg] of report.plots) writeFileSync(join(plotsDir, file), svg);
const stale = stalePlots(readdirSync(plotsDir), report);
for (const file of stale) rmSync(join(plotsDir, file));
writeFileSync(join(ROOT, 'BENCHMARKS.md'), report.markdown);
process.stderr.write(`BENCHMARKS.md: ${results.length} result file(s), ${report.plots.size} plot(s)${stale.length ? `, ${stale.length} stale plot(s) removed` : ''}\n`);
for (const failure of report.failures) process.stderr.write(`plot not drawn: ${failure}\n`);
if (report.failures.length > 0) process.exitCode = 1;
