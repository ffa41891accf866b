// A retrieval index served by the WASM kernel: the index file is placed as-is
// in the kernel instance's linear memory (one copy, no per-row objects) and
// searched there. Takes the compiled kernel Module as a parameter so the same
// code runs in workerd (statically imported module, see load.ts) and in Node
// tests or tools (module compiled from the committed bytes).
//
// Linear memory: [0, 64 KiB) scratch — query codes at 0, the result heap at
// 16 KiB (k ≤ 1024), the partition-probe heap at 32 KiB (≤ 4096 partitions) —
// then the index file from 64 KiB on (16-byte aligned, as its layout expects).
import { assertSameSpace, type EmbeddingSpace, type QueryVector } from '@freshet/shared/embeddings/space';
import { decodeIndex, type DecodedIndex, IndexFormatError, parseIndexHeader, readIndexHeader } from '@freshet/shared/retrieval/index-codec';
import type { IndexLayoutKind } from '@freshet/shared/retrieval/index-format';
import { encodeQuery } from '@freshet/shared/retrieval/quantize';

const PAGE = 65536;
const QUERY_AT = 0;
const HEAP_AT = 16384;
const PROBE_AT = 32768;
const INDEX_AT = 65536;
export const MAX_K = 1024;
export const MAX_PARTITIONS = 4096;
const HEADER_PEEK = 64;

/** A compiled kernel (a `WebAssembly.Module`); typed opaquely so this file needs no DOM or workers typings. */
export type KernelModule = object;

// The WebAssembly API as far as this module uses it. Node's type definitions
// omit the WebAssembly global, workers-types include it: this works with both.
interface WasmApi {
  Instance: new (module: KernelModule, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heap_reset(heap: number, k: number): void;
  scan(query: number, rows: number, n: number, stride: number, first: number, heap: number, k: number): void;
}

export interface SearchOptions {
  /** IVF only: partitions to probe (default: the index's build-time nprobe, chosen to meet the recall gate). */
  readonly nprobe?: number;
}

export interface SearchHits {
  /** Rows of the index (= item positions; `itemId(row)` names them), best first. */
  readonly rows: Uint32Array;
  /** Approximate dot products with the query, descending. */
  readonly scores: Float32Array;
  /** How many item rows were scored (all for flat; the probed partitions for IVF). */
  readonly scanned: number;
}

export interface KernelIndex {
  readonly space: EmbeddingSpace;
  readonly layout: IndexLayoutKind;
  readonly count: number;
  readonly partitions: number;
  readonly nprobe: number;
  /** Size of the index file in bytes. */
  readonly bytes: number;
  /** Top-k rows for a query computed in this index's embedding space (throws EmbeddingVersionMismatch otherwise). */
  search(query: QueryVector, k: number, options?: SearchOptions): SearchHits;
  itemId(row: number): string;
  /**
   * The item's vector as the index holds it, dequantized (code × per-dimension
   * scale; length space.dim, unit length up to int8 rounding). For pooling a
   * user's query from the index's own items, so the query is of this version.
   */
  vector(row: number): Float32Array;
}

function instantiate(kernel: KernelModule, fileBytes: number): KernelExports {
  const exports = new wasmApi.Instance(kernel, {}).exports as unknown as KernelExports;
  const pages = Math.ceil((INDEX_AT + fileBytes) / PAGE);
  exports.memory.grow(pages - exports.memory.buffer.byteLength / PAGE);
  return exports;
}

/** Loads an index file (e.g. an R2 object's ArrayBuffer): validates it and copies it once into kernel memory. */
export function loadKernelIndex(kernel: KernelModule, file: ArrayBuffer | Uint8Array): KernelIndex {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  readIndexHeader(bytes); // reject bad input before allocating memory for it
  const exports = instantiate(kernel, bytes.length);
  new Uint8Array(exports.memory.buffer, INDEX_AT, bytes.length).set(bytes);
  return bind(exports, bytes.length);
}

/**
 * Loads an index file from a stream (e.g. an R2 object's body) straight into
 * kernel memory, so a large index is never held twice (isolates have 128 MB).
 */
export async function loadKernelIndexFromStream(kernel: KernelModule, stream: ReadableStream<Uint8Array>, byteLength: number): Promise<KernelIndex> {
  if (!Number.isInteger(byteLength) || byteLength < HEADER_PEEK) throw new IndexFormatError(`truncated index: ${byteLength} bytes, the header alone is ${HEADER_PEEK}`);
  const exports = instantiate(kernel, byteLength);
  const target = new Uint8Array(exports.memory.buffer, INDEX_AT, byteLength);
  let at = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > byteLength) throw new IndexFormatError(`index stream is longer than the announced ${byteLength} bytes`);
    target.set(value, at);
    at += value.length;
    if (at >= HEADER_PEEK && at - value.length < HEADER_PEEK) {
      // Fail on a bad header as soon as it has arrived, not after the whole file.
      const declared = parseIndexHeader(target).totalBytes;
      if (declared !== byteLength) throw new IndexFormatError(`index header declares ${declared} bytes, the stream announced ${byteLength}`);
    }
  }
  if (at !== byteLength) throw new IndexFormatError(`truncated index: the stream ended after ${at} of ${byteLength} bytes`);
  return bind(exports, byteLength);
}

function bind(exports: KernelExports, fileBytes: number): KernelIndex {
  const memory = exports.memory.buffer;
  const index: DecodedIndex = decodeIndex(new Uint8Array(memory, INDEX_AT, fileBytes));
  const partitions = index.partitionOffsets.length > 0 ? index.partitionOffsets.length - 1 : 0;
  if (partitions > MAX_PARTITIONS) throw new IndexFormatError(`index has ${partitions} partitions, the kernel handles at most ${MAX_PARTITIONS}`);
  const { stride } = index;
  const rowsAt = INDEX_AT + index.sections.rows.offset;
  const centroidsAt = INDEX_AT + index.sections.centroids.offset;
  const queryCodes = new Int16Array(memory, QUERY_AT, stride);
  const heapWords = new Int32Array(memory, HEAP_AT, MAX_K * 2);
  const probeWords = new Int32Array(memory, PROBE_AT, MAX_PARTITIONS * 2);

  // Heap slots hold (score << 32) | ~row as two little-endian i32 words.
  const drain = (words: Int32Array, k: number): { rows: number[]; scores: number[] } => {
    const order: number[] = [];
    for (let j = 0; j < k; j++) if (!(words[2 * j + 1] === -0x80000000 && words[2 * j] === 0)) order.push(j);
    order.sort((a, b) => words[2 * b + 1]! - words[2 * a + 1]! || (~words[2 * a]! >>> 0) - (~words[2 * b]! >>> 0));
    return { rows: order.map((j) => ~words[2 * j]! >>> 0), scores: order.map((j) => words[2 * j + 1]!) };
  };

  return {
    space: index.space,
    layout: index.layout,
    count: index.count,
    partitions,
    nprobe: index.nprobe,
    bytes: fileBytes,
    itemId: (row) => index.ids.get(row),
    vector(row) {
      if (!Number.isInteger(row) || row < 0 || row >= index.count) throw new RangeError(`row ${row} is outside the index (0..${index.count - 1})`);
      const { dim } = index.space;
      const out = new Float32Array(dim);
      const base = row * stride;
      for (let d = 0; d < dim; d++) out[d] = index.rows[base + d]! * index.scales[d]!;
      return out;
    },
    search(query, k, options = {}) {
      assertSameSpace(index.space, query);
      if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new RangeError(`k must be an integer in 1..${MAX_K}, got ${k}`);
      const encoded = encodeQuery(query.values, index.scales);
      queryCodes.set(encoded.codes);
      exports.heap_reset(HEAP_AT, k);
      let scanned = 0;
      if (index.layout === 'flat') {
        exports.scan(QUERY_AT, rowsAt, index.count, stride, 0, HEAP_AT, k);
        scanned = index.count;
      } else {
        const nprobe = options.nprobe ?? index.nprobe;
        if (!Number.isInteger(nprobe) || nprobe < 1 || nprobe > partitions) throw new RangeError(`nprobe must be an integer in 1..${partitions}, got ${nprobe}`);
        exports.heap_reset(PROBE_AT, nprobe);
        exports.scan(QUERY_AT, centroidsAt, partitions, stride, 0, PROBE_AT, nprobe);
        // Probe in ascending partition order: rows are then offered in ascending
        // order, which makes tie-breaking identical to the JS reference.
        const probed = drain(probeWords, nprobe).rows.sort((a, b) => a - b);
        const offsets = index.partitionOffsets;
        for (const p of probed) {
          const from = offsets[p]!;
          const n = offsets[p + 1]! - from;
          if (n > 0) exports.scan(QUERY_AT, rowsAt + from * stride, n, stride, from, HEAP_AT, k);
          scanned += n;
        }
      }
      const hits = drain(heapWords, k);
      return {
        rows: Uint32Array.from(hits.rows),
        scores: Float32Array.from(hits.scores, (s) => s * encoded.scoreScale),
        scanned,
      };
    },
  };
}
