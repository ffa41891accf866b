// The edge's entry to retrieval indexes: binds the statically imported kernel
// (the only way workerd accepts WASM) to the loaders in kernel-index.ts.
import { loadKernelIndex, loadKernelIndexFromStream, type KernelIndex } from './kernel-index.js';
import kernel from './kernel.wasm';

export type { KernelIndex, SearchHits, SearchOptions } from './kernel-index.js';

/** Loads an index file held in memory (e.g. `await r2Object.arrayBuffer()`). */
export function loadIndex(file: ArrayBuffer | Uint8Array): KernelIndex {
  return loadKernelIndex(kernel, file);
}

/** Loads an index file from a stream (e.g. `r2Object.body`, `r2Object.size`) without holding it twice. */
export function loadIndexFromStream(stream: ReadableStream<Uint8Array>, byteLength: number): Promise<KernelIndex> {
  return loadKernelIndexFromStream(kernel, stream, byteLength);
}
