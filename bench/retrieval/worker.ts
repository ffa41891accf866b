// The bench worker run inside workerd (Miniflare) by bench/retrieval.ts. It
// imports the edge's kernel exactly as the edge worker does, receives an index
// file as a streamed request body, and times searches.
//
// Timing inside workerd: performance.now() advances during CPU work under
// local workerd, but only in whole milliseconds, so one ~0.5 ms search cannot
// be timed on its own. Each query is therefore run once untimed (its result is
// what recall is computed from), then repeated R times back to back with R
// chosen so the repetitions take ≥ `target_ms`; its latency is total / R. The
// p50/p99 are over queries (query-to-query variation: partition sizes, heap
// churn), and a second figure times all queries once each, in one batch, for a
// mean free of repetition's cache warmth. 200 ms of searches run untimed first
// so V8 has tiered the kernel up (Liftoff → TurboFan) before measuring.
// `nprobe` (IVF only, optional) overrides the index's build-time nprobe: the
// recall-versus-latency sweep.
import { queryVector, type EmbeddingSpace } from '@freshet/shared/embeddings/space';
import { loadKernelIndexFromStream, type KernelIndex, type SearchOptions } from '../../edge-worker/src/retrieval/kernel-index.js';
import kernel from '../../edge-worker/src/retrieval/kernel.wasm';

// Module state is acceptable here: one bench run drives one isolate.
let index: KernelIndex | undefined;

async function load(request: Request, bytes: number): Promise<Response> {
  const started = performance.now();
  index = undefined;
  index = await loadKernelIndexFromStream(kernel, request.body!, bytes);
  return Response.json({ count: index.count, layout: index.layout, nprobe: index.nprobe, partitions: index.partitions, load_ms: performance.now() - started });
}

async function run(request: Request, k: number, targetMs: number, options: SearchOptions): Promise<Response> {
  if (!index) return Response.json({ error: 'no index loaded' }, { status: 409 });
  const space: EmbeddingSpace = index.space;
  const queries = new Float32Array(await request.arrayBuffer());
  const n = queries.length / space.dim;
  const vectors = Array.from({ length: n }, (_, q) => queryVector(space, queries.slice(q * space.dim, (q + 1) * space.dim)));
  // Warm-up: let V8 tier the kernel up from its baseline compiler before timing.
  const warmUntil = performance.now() + 200;
  for (let q = 0; performance.now() < warmUntil; q = (q + 1) % n) index.search(vectors[q]!, k, options);
  const rows = new Uint32Array(n * k);
  const ms: number[] = [];
  let scanned = 0;
  for (let q = 0; q < n; q++) {
    const hits = index.search(vectors[q]!, k, options);
    rows.set(hits.rows, q * k);
    scanned += hits.scanned;
    let repeats = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < targetMs || repeats < 3) {
      index.search(vectors[q]!, k, options);
      repeats++;
      elapsed = performance.now() - started;
    }
    ms.push(elapsed / repeats);
  }
  const batchStarted = performance.now();
  for (const v of vectors) index.search(v, k, options);
  const batchMs = performance.now() - batchStarted;
  return Response.json({ ms, rows: Array.from(rows), batch_mean_ms: batchMs / n, mean_scanned_rows: scanned / n });
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/load') return load(request, Number(url.searchParams.get('bytes')));
    const nprobe = url.searchParams.get('nprobe');
    if (url.pathname === '/run') return run(request, Number(url.searchParams.get('k') ?? 100), Number(url.searchParams.get('target_ms') ?? 20), nprobe === null ? {} : { nprobe: Number(nprobe) });
    return new Response('not found', { status: 404 });
  },
};
