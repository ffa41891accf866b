// bench:build — a full index build (embeddings, int8 index with its recall
// gate, similar lists, ranker with ONNX export, bundle) from synthetic
// catalogs of 100k and 1M items, each in its own process: build time, peak
// memory, index size against float32 and the gate's recall@100.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@freshet/infra/stack';
import { parseCommandLine } from './lib/cli.js';
import { positiveIntegers } from './lib/flags.js';
import { writeResult } from './lib/results.js';

const { values, sizes } = parseCommandLine(
  {
    script: 'bench:build',
    summary: [
      'A full index build (embeddings, int8 index with its recall gate, similar lists, ranker with ONNX export,',
      'bundle) from a synthetic catalog of each size, each in its own process: build time per step, peak memory,',
      'index size against float32, the gate\'s recall@100. Needs nothing running; 1M items takes many minutes.',
    ],
    flags: {
      sizes: { type: 'string', default: '100000,1000000', value: 'LIST', description: 'catalog sizes, comma-separated (events: 5 per item up to 2M)' },
    },
    writes: 'bench/results/build.json (then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['npm run bench:build -- --sizes 20000'],
  },
  (values) => ({ values, sizes: positiveIntegers('sizes', values.sizes) }),
);
/** Events and users per catalog size: ~5 events per item up to 2M events. */
const workload = (items: number) => ({ items, events: Math.min(2_000_000, items * 5), users: Math.min(200_000, Math.max(20_000, items / 5)) });

interface One {
  generated_s: number;
  build_s: number;
  peak_rss_mib: number;
  report: {
    indexed_items: number;
    seconds: Record<string, number>;
    index: { layout: string; partitions: number; nprobe: number; recall_at_100: number; index_bytes: number; id_bytes: number; float32_vector_bytes: number; int8_vector_bytes: number; compression_vs_float32: number; similar_recall?: number; similar_method?: string };
  };
}

const figures: Record<string, number> = {};
const notes: string[] = [];
for (const size of sizes) {
  const w = workload(size);
  process.stderr.write(`build: ${size.toLocaleString('en-US')} items, ${w.events.toLocaleString('en-US')} events, ${w.users.toLocaleString('en-US')} users\n`);
  const tag = size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`;
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      ['--max-old-space-size=16384', '--import', 'tsx', resolve(REPO_ROOT, 'bench/build/run-one.ts'), '--items', String(w.items), '--events', String(w.events), '--users', String(w.users)],
      // The build's step lines go straight to this process's stderr: a 1M build runs for minutes.
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 },
    ).toString();
  } catch (e) {
    // A failed build (a gate, memory) is a result too: recorded with its reason, the other sizes still run.
    const last = String((e as { stdout?: Buffer }).stdout ?? '').trim().split('\n').at(-1) ?? '';
    const failed = last.startsWith('{') ? (JSON.parse(last) as { error?: { name: string; message: string } }).error : undefined;
    const reason = failed ? `${failed.name}: ${failed.message}` : (e as Error).message;
    figures[`failed_${tag}`] = 1;
    notes.push(`${tag}: the build failed: ${reason.trim().slice(0, 300)}`);
    continue;
  }
  const one = JSON.parse(out.trim().split('\n').at(-1)!) as One;
  const i = one.report.index;
  Object.assign(figures, {
    [`items_${tag}`]: one.report.indexed_items,
    [`build_s_${tag}`]: Math.round(one.build_s * 10) / 10,
    [`build_without_ranker_s_${tag}`]: Math.round(((one.report.seconds.input ?? 0) + (one.report.seconds.embeddings ?? 0) + (one.report.seconds.index ?? 0) + (one.report.seconds.bundle ?? 0)) * 10) / 10,
    [`input_s_${tag}`]: one.report.seconds.input ?? 0,
    [`embeddings_s_${tag}`]: one.report.seconds.embeddings ?? 0,
    [`index_s_${tag}`]: one.report.seconds.index ?? 0,
    [`ranker_s_${tag}`]: one.report.seconds.ranker ?? 0,
    [`peak_rss_mib_${tag}`]: one.peak_rss_mib,
    [`recall_at_100_${tag}`]: Math.round(i.recall_at_100 * 1000) / 1000,
    [`index_bytes_${tag}`]: i.index_bytes,
    [`float32_vector_bytes_${tag}`]: i.float32_vector_bytes,
    [`compression_vs_float32_${tag}`]: Math.round(i.compression_vs_float32 * 100) / 100,
    ...(i.similar_recall === undefined ? {} : { [`similar_recall_at_20_${tag}`]: Math.round(i.similar_recall * 1000) / 1000 }),
  });
  notes.push(`${tag}: ${i.layout}${i.layout === 'ivf' ? ` with ${i.partitions} partitions, nprobe ${i.nprobe}` : ''}; ${w.events.toLocaleString('en-US')} synthetic events from ${w.users.toLocaleString('en-US')} users; synthetic data generated and written as an offline store in ${one.generated_s.toFixed(1)} s (not counted: a production build starts from the store the feature job wrote).`);
}
notes.push('build_without_ranker_s: reading the store + embeddings + index + bundle, what an index rebuild costs when the ranker is retrained on its own cadence.');
notes.push('build_s: reading the offline store + embeddings + index (k-means, quantization, recall gate, similar lists) + ranker (point-in-time training set of 20,000 examples, training, ONNX export and verification) + writing the verified bundle.');
notes.push('compression_vs_float32: float32 vector bytes / (index file − item-id sections); the gate measures recall@100 of the int8 index against exact float32 search on held-out queries.');
const file = writeResult({
  name: 'build',
  title: 'Index build: time, memory, size and recall',
  command: `npm run bench:build${values.sizes === '100000,1000000' ? '' : ` -- --sizes ${values.sizes}`}`,
  workload: `synthetic catalogs (seed 7) of ${sizes.map((s) => s.toLocaleString('en-US')).join(' and ')} items, 64 dimensions`,
  figures,
  notes,
});
process.stderr.write(`wrote ${file}\n`);
