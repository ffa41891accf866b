// bench:retrieval — recall@100 (vs exact float32) and query latency of the
// index layout the edge serves: 100k items flat and 1M items IVF, D = 64,
// searched by the edge's WASM kernel INSIDE workerd (Miniflare running
// bench/retrieval/worker.ts). usearch HNSW (int8, Node, one thread) is
// measured on the same queries for comparison.
// Vectors: clustered synthetic embeddings (shared/src/retrieval/synthetic-vectors.ts:
// a two-level mixture of Gaussians on the sphere, Zipf cluster popularity);
// queries: user-like pooled vectors of 5–20 recent items from 1–3 clusters.
// For an IVF layout, a bounded nprobe sweep (--sweep-queries of the queries, --sweep-nprobes)
// gives the recall-versus-latency curve for the report's plots; it changes no figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { clusteredQueries, clusteredVectors } from '@freshet/shared/retrieval/synthetic-vectors';
import { buildRetrievalIndex } from '../index-builder/src/index/build-index.js';
import { buildHnsw, exactTopK } from '../index-builder/src/index/usearch-reference.js';
import { parseCommandLine } from './lib/cli.js';
import { positiveInteger, positiveIntegers, positiveNumber } from './lib/flags.js';
import { peakRssMib, writeResult, type Series } from './lib/results.js';
import { samplesSeries } from './lib/series.js';
import { percentile } from './lib/stats.js';
import { sweepNprobes, sweepSeries, type SweepPoint } from './retrieval/sweep.js';

const { values, QUERY_COUNT, SIZES, SWEEP_QUERIES, SWEEP_NPROBES, SWEEP_TARGET_MS } = parseCommandLine(
  {
    script: 'bench:retrieval',
    summary: [
      'Recall@100 (against exact float32 search) and query latency of the int8 index layout the edge serves',
      '(D = 64; flat up to the build\'s partition threshold, IVF above it), searched by the edge\'s WASM kernel',
      'inside workerd (Miniflare), with usearch HNSW int8 in Node on the same queries for comparison; for an IVF',
      'layout, an nprobe sweep (recall against latency) for the report\'s plots. Needs nothing running.',
    ],
    flags: {
      queries: { type: 'string', default: '1000', value: 'N', description: 'user-like queries per size' },
      sizes: { type: 'string', default: '100000,1000000', value: 'LIST', description: 'catalog sizes, comma-separated' },
      'sweep-queries': { type: 'string', default: '200', value: 'N', description: 'queries of the nprobe sweep (at most --queries)' },
      'sweep-nprobes': { type: 'string', default: '1,2,4,8,16,32,64', value: 'LIST', description: 'nprobe values of the sweep, comma-separated' },
      'sweep-target-ms': { type: 'string', default: '10', value: 'MS', description: 'each sweep query is repeated back to back until this many ms, then timed as total / repeats' },
    },
    writes: 'bench/results/retrieval.json (then `npm run bench:report` for BENCHMARKS.md)',
    examples: ['npm run bench:retrieval -- --sizes 100000 --queries 200'],
  },
  (values) => {
    const QUERY_COUNT = positiveInteger('queries', values.queries);
    return {
      values,
      QUERY_COUNT,
      SIZES: positiveIntegers('sizes', values.sizes),
      SWEEP_QUERIES: Math.min(QUERY_COUNT, positiveInteger('sweep-queries', values['sweep-queries'])),
      SWEEP_NPROBES: positiveIntegers('sweep-nprobes', values['sweep-nprobes']),
      SWEEP_TARGET_MS: positiveNumber('sweep-target-ms', values['sweep-target-ms']),
    };
  },
);
const DIM = 64;
const K = 100;
/** Recall-gate queries of the build (the build's own default: half tune nprobe, half check it). */
const GATE_QUERIES = 1000;
const SEED = 42;
const here = dirname(fileURLToPath(import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

async function startWorker(): Promise<Miniflare> {
  const outDir = join(here, '.scratch', 'retrieval-worker');
  mkdirSync(outDir, { recursive: true });
  // Bundle like wrangler does: .wasm stays a separate module (CompiledWasm).
  await build({
    entryPoints: [join(here, 'retrieval', 'worker.ts')],
    outfile: join(outDir, 'worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'error',
    plugins: [
      {
        name: 'kernel-wasm',
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './kernel.wasm', external: true }));
        },
      },
    ],
  });
  const { readFileSync } = await import('node:fs');
  writeFileSync(join(outDir, 'kernel.wasm'), readFileSync(join(here, '..', 'edge-worker', 'src', 'retrieval', 'kernel.wasm')));
  return new Miniflare({
    modules: true,
    scriptPath: join(outDir, 'worker.mjs'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    cf: false,
  });
}

function recallOf(found: (q: number) => ArrayLike<number>, truth: readonly Set<number>[]): number {
  let sum = 0;
  truth.forEach((want, q) => {
    const got = found(q);
    let hits = 0;
    for (let j = 0; j < got.length; j++) if (want.has(got[j]!)) hits++;
    sum += hits / want.size;
  });
  return sum / truth.length;
}

const figures: Record<string, number> = {};
const notes: string[] = [];
const series: Record<string, Series> = {};
const mf = await startWorker();
try {
  for (const n of SIZES) {
    const label = n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
    const config = { seed: SEED, dim: DIM };
    log(`${label}: generating ${n.toLocaleString('en-US')} × ${DIM} clustered vectors`);
    const vectors = clusteredVectors(config, n);
    const itemIds = Array.from({ length: n }, (_, i) => `item-${i}`);
    const space = { version: `emb-bench-${label}`, dim: DIM };

    log(`${label}: building the index`);
    let started = performance.now();
    // Gate queries and bench queries come from disjoint parts of the query stream.
    const built = buildRetrievalIndex({ space, itemIds, vectors }, { seed: SEED, queries: clusteredQueries(config, n, GATE_QUERIES, 0), similarK: 0, log });
    const buildSeconds = (performance.now() - started) / 1000;

    const queries = clusteredQueries(config, n, QUERY_COUNT, 1_000_000);
    const exact = exactTopK(vectors, queries, DIM, K);
    const truthPositions = Array.from({ length: QUERY_COUNT }, (_, q) => new Set(exact.ids.subarray(q * K, (q + 1) * K)));
    const rowOf = new Uint32Array(n);
    built.order.forEach((position, row) => (rowOf[position] = row));
    const truthRows = truthPositions.map((set) => new Set(Array.from(set, (p) => rowOf[p]!)));

    log(`${label}: loading ${built.indexFile.length.toLocaleString('en-US')} bytes into workerd`);
    const loadRes = await mf.dispatchFetch(`http://bench/load?bytes=${built.indexFile.length}`, { method: 'POST', body: built.indexFile, duplex: 'half' } as unknown as Parameters<typeof mf.dispatchFetch>[1]);
    const loaded = (await loadRes.json()) as { load_ms: number; nprobe: number; partitions: number };
    if (!loadRes.ok) throw new Error(`load failed: ${JSON.stringify(loaded)}`);
    log(`${label}: searching ${QUERY_COUNT} queries inside workerd`);
    const runRes = await mf.dispatchFetch(`http://bench/run?k=${K}&target_ms=20`, { method: 'POST', body: new Uint8Array(queries.buffer) });
    const run = (await runRes.json()) as { ms: number[]; rows: number[]; batch_mean_ms: number; mean_scanned_rows: number };
    if (!runRes.ok) throw new Error(`run failed: ${JSON.stringify(run)}`);
    const edgeRecall = recallOf((q) => run.rows.slice(q * K, (q + 1) * K), truthRows);
    series[`latency_${label}_ms`] = samplesSeries('ms', run.ms);

    if (built.layout === 'ivf' && SWEEP_QUERIES > 0) {
      const nprobes = sweepNprobes(SWEEP_NPROBES, built.nprobe, built.partitions);
      log(`${label}: nprobe sweep ${nprobes.join(', ')} over ${SWEEP_QUERIES} queries`);
      const body = new Uint8Array(queries.buffer, queries.byteOffset, SWEEP_QUERIES * DIM * 4).slice();
      const points: SweepPoint[] = [];
      for (const nprobe of nprobes) {
        const res = await mf.dispatchFetch(`http://bench/run?k=${K}&target_ms=${SWEEP_TARGET_MS}&nprobe=${nprobe}`, { method: 'POST', body });
        const swept = (await res.json()) as { ms: number[]; rows: number[] };
        if (!res.ok) throw new Error(`sweep at nprobe ${nprobe} failed: ${JSON.stringify(swept)}`);
        const recall = recallOf((q) => swept.rows.slice(q * K, (q + 1) * K), truthRows.slice(0, SWEEP_QUERIES));
        points.push({ nprobe, p50Ms: percentile(swept.ms, 0.5), recall });
      }
      Object.assign(series, sweepSeries(label, points));
      notes.push(`${label} sweep (plots only): nprobe ${nprobes.join(', ')} over the first ${SWEEP_QUERIES} of the bench queries, each query timed to ≥ ${SWEEP_TARGET_MS} ms of repeats; the build chose nprobe ${built.nprobe}.`);
    }

    log(`${label}: usearch HNSW (i8) for comparison`);
    const hnsw = buildHnsw(vectors, DIM, { quantization: 'i8', expansionAdd: 64, expansionSearch: 256 });
    const usearchMs: number[] = [];
    const usearchIds: Uint32Array[] = [];
    for (let q = 0; q < QUERY_COUNT; q++) {
      const one = queries.subarray(q * DIM, (q + 1) * DIM);
      started = performance.now();
      const found = hnsw.search(one, K);
      usearchMs.push(performance.now() - started);
      usearchIds.push(found.ids);
    }
    const usearchRecall = recallOf((q) => usearchIds[q]!, truthPositions);

    const r = built.report;
    Object.assign(figures, {
      [`${label}_items`]: n,
      [`${label}_layout_ivf`]: built.layout === 'ivf' ? 1 : 0,
      [`${label}_partitions`]: built.partitions,
      [`${label}_nprobe`]: built.nprobe,
      [`${label}_recall_at_100`]: round(edgeRecall, 4),
      [`${label}_p50_ms`]: round(percentile(run.ms, 0.5)),
      [`${label}_p99_ms`]: round(percentile(run.ms, 0.99)),
      [`${label}_batch_mean_ms`]: round(run.batch_mean_ms),
      [`${label}_mean_scanned_rows`]: Math.round(run.mean_scanned_rows),
      [`${label}_gate_recall_at_100`]: round(r.recall_at_100, 4),
      [`${label}_index_bytes`]: r.index_bytes,
      [`${label}_id_bytes`]: r.id_bytes,
      [`${label}_float32_vector_bytes`]: r.float32_vector_bytes,
      [`${label}_compression_vs_float32`]: r.compression_vs_float32,
      [`${label}_build_s`]: round(buildSeconds, 1),
      [`${label}_kmeans_s`]: r.kmeans_s,
      [`${label}_gate_s`]: r.gate_s,
      [`${label}_load_ms`]: Math.round(loaded.load_ms),
      [`${label}_usearch_i8_recall_at_100`]: round(usearchRecall, 4),
      [`${label}_usearch_i8_p50_ms`]: round(percentile(usearchMs, 0.5)),
      [`${label}_usearch_i8_p99_ms`]: round(percentile(usearchMs, 0.99)),
      [`${label}_usearch_i8_build_s`]: round(hnsw.buildSeconds, 1),
    });
    log(`${label}: recall@100 ${edgeRecall.toFixed(4)}, p50 ${percentile(run.ms, 0.5).toFixed(3)} ms, p99 ${percentile(run.ms, 0.99).toFixed(3)} ms; usearch i8 recall ${usearchRecall.toFixed(4)}`);
  }
} finally {
  await mf.dispose();
}
figures.peak_rss_mib = peakRssMib();

notes.push(
  'Edge figures are measured inside workerd (Miniflare) with the edge kernel (edge-worker/src/retrieval/kernel.wasm): int8 rows, per-dimension scales, int16 query, WASM SIMD, top-100 heap in WASM memory.',
  'Timing: performance.now() in local workerd advances during CPU work but only in whole milliseconds, so each query is repeated back to back until ≥ 20 ms and its latency is total / repeats; p50/p99 are over the queries. batch_mean_ms times every query once in one batch (no repetition).',
  'Recall@100 is against exact float32 inner-product search (usearch exactSearch) over the same vectors, on queries disjoint from the recall-gate queries used at build time.',
  'compression_vs_float32 = float32 vector bytes / (index.bin − its item-id sections): int8 rows, scales, centroids, partition offsets and header all count; a float32 index would carry the same ids.',
  'usearch: HNSW, int8, connectivity 16, expansion_add 64, expansion_search 256, in Node, one query per call; timed with performance.now() in Node.',
);
// The sweep's flags are in the command only when they were given.
const sweepFlags = (['sweep-queries', 'sweep-nprobes', 'sweep-target-ms'] as const)
  .filter((flag) => process.argv.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)))
  .map((flag) => ` --${flag} ${values[flag]}`)
  .join('');
const file = writeResult({
  name: 'retrieval',
  title: 'Retrieval index: recall and latency of the edge layout inside workerd',
  command: `npm run bench:retrieval -- --sizes ${SIZES.join(',')} --queries ${QUERY_COUNT}${sweepFlags}`,
  workload: `clustered synthetic vectors (seed ${SEED}, D=${DIM}, two-level Gaussian mixture, sqrt(n) clusters), ${QUERY_COUNT} user-like pooled queries, k=${K}`,
  figures,
  notes,
  series,
});
log(`wrote ${file}`);
