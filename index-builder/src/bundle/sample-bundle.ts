// A small, valid bundle for tests of bundling and shipping: the files the real
// builders produce (ids, int8 vectors with a header, float32 scales, similar
// lists, a ranker), made of deterministic bytes. Not used in production code.
import { readFile } from 'node:fs/promises';
import type { ManifestDraft } from '@freshet/shared/artifacts/index';
import type { FileCheck } from './read-bundle.js';
import type { BundleInput } from './write-bundle.js';

export const SAMPLE_SCHEMA_HASH = 'fs-test-0001';
/** vectors.i8 header: "FRIX", u32 dim, u32 count, u32 reserved. */
export const VECTOR_HEADER_BYTES = 16;

export interface SampleOptions {
  readonly version: string;
  readonly items?: number;
  readonly dim?: number;
  /** Dimension written into the vector file's header (to fake a header/manifest mismatch). */
  readonly headerDim?: number;
  readonly featureSchemaHash?: string;
  /** Put a NaN into the float32 scales. */
  readonly nanScale?: boolean;
  /** Seed for the vector bytes, so two versions can differ. */
  readonly seed?: number;
}

export function sampleBundleInput(options: SampleOptions): BundleInput {
  const items = options.items ?? 200;
  const dim = options.dim ?? 8;
  const seed = options.seed ?? 1;
  const header = new DataView(new ArrayBuffer(VECTOR_HEADER_BYTES));
  [0x46, 0x52, 0x49, 0x58].forEach((b, i) => header.setUint8(i, b));
  header.setUint32(4, options.headerDim ?? dim, true);
  header.setUint32(8, items, true);
  const vectors = new Uint8Array(VECTOR_HEADER_BYTES + items * dim);
  vectors.set(new Uint8Array(header.buffer), 0);
  for (let i = VECTOR_HEADER_BYTES; i < vectors.length; i++) vectors[i] = (i * 31 + seed * 17) & 0xff;
  const scales = new Float32Array(items).map((_, i) => 0.01 + i / 1000);
  if (options.nanScale) scales[Math.floor(items / 2)] = Number.NaN;
  const ids = Array.from({ length: items }, (_, i) => `item-${i}`);
  const manifest: ManifestDraft = {
    version: options.version,
    created_at: '2026-11-22T12:00:00.000Z',
    embedding_version: `emb-${options.version.slice(4)}`,
    dim,
    quantization: { kind: 'int8', scale: 'per_vector' },
    index: { layout: 'flat' },
    item_count: items,
    feature_schema_hash: options.featureSchemaHash ?? SAMPLE_SCHEMA_HASH,
    ranker_version: 'rk-test-1',
    source: 'sample-bundle.ts',
    gates: { recall_at_100: 0.99 },
  };
  return {
    manifest,
    files: {
      'item-ids.json': { bytes: JSON.stringify(ids), media_type: 'application/json' },
      'vectors.i8': { bytes: vectors, tensor: { dtype: 'int8', shape: [items, dim], offset: VECTOR_HEADER_BYTES, embedding_axis: 1 } },
      'scales.f32': { bytes: new Uint8Array(scales.buffer), tensor: { dtype: 'float32', shape: [items] } },
      'similar.json': { bytes: JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, [ids[(i + 1) % items], ids[(i + 2) % items]]]))) },
      'ranker.onnx': { bytes: new Uint8Array([8, 7, 18, 4, 116, 101, 115, 116]), media_type: 'application/onnx' },
    },
  };
}

/** The kind of header check a format owner plugs into verifyBundle. */
export const vectorHeaderCheck: FileCheck = async ({ path, manifest }) => {
  const view = new DataView((await readFile(path)).buffer);
  const problems = [];
  if (view.getUint32(4, true) !== manifest.dim) problems.push({ code: 'dimension_mismatch' as const, message: `header says dim ${view.getUint32(4, true)}, the manifest says ${manifest.dim}` });
  if (view.getUint32(8, true) !== manifest.item_count) problems.push({ message: `header says ${view.getUint32(8, true)} items, the manifest says ${manifest.item_count}` });
  return problems;
};
