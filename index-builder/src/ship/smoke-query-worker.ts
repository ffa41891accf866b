// The real smoke query for shipping: the edge worker's retrieval code
// (edge-worker/src/retrieval/smoke-query.ts) bundled with esbuild and run in
// workerd next to the region's bucket, with the WASM kernel handed over as a
// precompiled module — the way wrangler deploys it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { SmokeQueryWorker } from './region-stores.js';

const ENTRY = fileURLToPath(new URL('../../../edge-worker/src/retrieval/smoke-query.ts', import.meta.url));
const KERNEL = fileURLToPath(new URL('../../../edge-worker/src/retrieval/kernel.wasm', import.meta.url));

export async function edgeSmokeQuery(): Promise<SmokeQueryWorker> {
  const bundled = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    // Left as an import: workerd receives it as a CompiledWasm module below.
    external: ['./kernel.wasm'],
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]!.text;
  return {
    worker: {
      modules: [
        { type: 'ESModule', path: 'smoke-query.js', contents: script },
        { type: 'CompiledWasm', path: 'kernel.wasm', contents: new Uint8Array(await readFile(KERNEL)) },
      ],
      compatibilityDate: '2026-04-01',
    },
    path: (version) => `/smoke-query?version=${encodeURIComponent(version)}`,
  };
}
