// A bundle directory written by the index builder, loaded into memory the way
// the edge's loader does (edge-worker/src/bundle/load-bundle.ts): the int8
// index placed in the edge's WASM kernel, the item table, similar lists,
// content projection and popular list decoded by the shared codecs, and the
// retrieval consistency check the isolate runs. Differences from the worker:
// the files come from disk (readBundle verified the manifest), not R2, and the
// kernel module is compiled from the committed kernel.wasm by Node.
import { readFileSync } from 'node:fs';
import { decodeItemTable } from '@freshet/shared/catalog-table/item-table';
import { decodeProjection } from '@freshet/shared/embeddings/projection-codec';
import { decodeCoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import { decodeSimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { readBundle } from '../../index-builder/src/bundle/index.js';
import { KERNEL_WASM } from '../../index-builder/src/index/compile-kernel.js';
import type { ServingBundle } from '../../edge-worker/src/bundle/load-bundle.js';
import { loadKernelIndex } from '../../edge-worker/src/retrieval/kernel-index.js';
import { checkRetrievalBundle } from '../../edge-worker/src/retrieval/sources/bundle.js';

let kernel: object | undefined;

export async function loadServingBundle(dir: string): Promise<ServingBundle> {
  const started = performance.now();
  const bundle = await readBundle(dir);
  const manifest = bundle.manifest;
  // Node's WebAssembly (workers-types, declared for this folder, types workerd's, which cannot compile).
  kernel ??= new (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly.Module(readFileSync(KERNEL_WASM));
  const index = loadKernelIndex(kernel, await bundle.read('index.bin'));
  const items = decodeItemTable(await bundle.read('items.bin'));
  const projection = decodeProjection(await bundle.read('content-projection.bin'), { version: manifest.embedding_version });
  const similar = manifest.files['similar.bin'] ? decodeSimilarLists(await bundle.read('similar.bin')) : null;
  const coVisitation = manifest.files['co-visitation.bin'] ? decodeCoVisitationLists(await bundle.read('co-visitation.bin')) : null;
  const fallback = JSON.parse(new TextDecoder().decode(await bundle.read('fallback.json'))) as { items: { item_id: string }[] };
  const ranker = await bundle.read('ranker.onnx');
  const serving: ServingBundle = {
    version: manifest.version,
    manifest,
    index,
    items,
    similar,
    coVisitation,
    projection,
    popular: fallback.items.map((i) => i.item_id),
    rankerBytes: () => Promise.resolve(ranker),
    loadedAt: Date.now(),
    loadMs: performance.now() - started,
  };
  checkRetrievalBundle(serving);
  return serving;
}
