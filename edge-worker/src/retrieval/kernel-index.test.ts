// The WASM kernel inside workerd against the JS reference (shared/retrieval):
// identical rows and scores for flat and IVF indexes, including dimensions
// that are not a multiple of 16, row counts that are not a multiple of 4 and
// k larger than the catalog; and each kind of bad input rejected precisely.
import { EmbeddingVersionMismatch, queryVector, type EmbeddingSpace } from '@freshet/shared/embeddings/space';
import { encodeIndex, IndexFormatError } from '@freshet/shared/retrieval/index-codec';
import { flatIndexContent, ivfIndexContent } from '@freshet/shared/retrieval/layout';
import { decodeIndex } from '@freshet/shared/retrieval/index-codec';
import { int8Search } from '@freshet/shared/retrieval/reference-search';
import { clusteredQueries, clusteredSpace, clusteredVectors } from '@freshet/shared/retrieval/synthetic-vectors';
import { describe, expect, it } from 'vitest';
import { loadIndex, loadIndexFromStream } from './load.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

function flatFile(space: EmbeddingSpace, n: number, seed = 1): Uint8Array {
  return encodeIndex(flatIndexContent(space, ids(n), clusteredVectors({ seed, dim: space.dim }, n)));
}

function ivfFile(space: EmbeddingSpace, n: number, partitions: number, nprobe: number): Uint8Array {
  const config = { seed: 2, dim: space.dim, clusters: partitions };
  const vectors = clusteredVectors(config, n);
  // The generator's own cluster centres are good enough centroids for a test.
  const centroids = clusteredSpace(config, n).centres;
  const assignment = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let p = 0; p < partitions; p++) {
      let s = 0;
      for (let d = 0; d < space.dim; d++) s += vectors[i * space.dim + d]! * centroids[p * space.dim + d]!;
      if (s > best) [best, assignment[i]] = [s, p];
    }
  }
  return encodeIndex(ivfIndexContent(space, ids(n), vectors, { centroids, assignment, nprobe }));
}

function expectSameAsReference(file: Uint8Array, space: EmbeddingSpace, k: number, queries = 8, nprobe?: number): void {
  const index = loadIndex(file);
  const reference = decodeIndex(file);
  const qs = clusteredQueries({ seed: 9, dim: space.dim }, 1000, queries);
  for (let q = 0; q < queries; q++) {
    const query = queryVector(space, qs.subarray(q * space.dim, (q + 1) * space.dim));
    const got = index.search(query, k, nprobe === undefined ? {} : { nprobe });
    const want = int8Search(reference, query, k, nprobe === undefined ? {} : { nprobe });
    expect(Array.from(got.rows)).toEqual(Array.from(want.ids));
    expect(Array.from(got.scores)).toEqual(Array.from(Float32Array.from(want.scores)));
    expect(got.scanned).toBe(want.scanned);
  }
}

describe('WASM retrieval kernel in workerd', () => {
  it('flat search equals the JS int8 reference (D=64, 1,003 rows: a tail of 3)', () => {
    const space = { version: 'emb-test-1', dim: 64 };
    expectSameAsReference(flatFile(space, 1003), space, 100);
  });

  it('handles a dimension that is not a multiple of 16 and k above the item count', () => {
    const space = { version: 'emb-test-1', dim: 20 };
    const index = loadIndex(flatFile(space, 7));
    const query = queryVector(space, clusteredQueries({ seed: 9, dim: 20 }, 7, 1));
    const hits = index.search(query, 10);
    expect(hits.rows.length).toBe(7); // empty heap slots are dropped
    expect(new Set(hits.rows).size).toBe(7);
    expectSameAsReference(flatFile(space, 7), space, 10, 3);
  });

  it('IVF search equals the JS int8 reference at the default and an explicit nprobe', () => {
    const space = { version: 'emb-test-2', dim: 32 };
    const file = ivfFile(space, 3001, 24, 6);
    expectSameAsReference(file, space, 50);
    expectSameAsReference(file, space, 50, 4, 24);
    expect(loadIndex(file).nprobe).toBe(6);
  });

  it('names result rows by item id', () => {
    const space = { version: 'emb-test-1', dim: 16 };
    const index = loadIndex(flatFile(space, 50));
    const query = queryVector(space, clusteredVectors({ seed: 1, dim: 16 }, 50).slice(3 * 16, 4 * 16));
    const hits = index.search(query, 1);
    expect(index.itemId(hits.rows[0]!)).toBe('item-3'); // an item is its own nearest neighbour
  });

  it('returns an item vector dequantized from its row, and refuses a row outside the index', () => {
    const space = { version: 'emb-test-2', dim: 20 };
    const vectors = clusteredVectors({ seed: 4, dim: 20 }, 30);
    const file = encodeIndex(flatIndexContent(space, ids(30), vectors));
    const index = loadIndex(file);
    const reference = decodeIndex(file);
    for (const row of [0, 17, 29]) {
      const v = index.vector(row);
      expect(v.length).toBe(20);
      v.forEach((x, d) => {
        expect(x).toBe(Math.fround(reference.rows[row * reference.stride + d]! * reference.scales[d]!));
        // int8 rounding: at most half a step of that dimension's scale from the float vector.
        expect(Math.abs(x - vectors[row * 20 + d]!)).toBeLessThanOrEqual(reference.scales[d]! / 2 + 1e-6);
      });
    }
    expect(() => index.vector(30)).toThrow('row 30 is outside the index (0..29)');
    expect(() => index.vector(-1)).toThrow(RangeError);
    expect(() => index.vector(1.5)).toThrow(RangeError);
  });

  it('loads from a stream in chunks exactly as from bytes', async () => {
    const space = { version: 'emb-test-2', dim: 32 };
    const file = ivfFile(space, 500, 8, 3);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < file.length; at += 777) controller.enqueue(file.slice(at, at + 777));
        controller.close();
      },
    });
    const streamed = await loadIndexFromStream(stream, file.length);
    const query = queryVector(space, clusteredQueries({ seed: 3, dim: 32 }, 500, 1));
    expect(streamed.search(query, 20)).toEqual(loadIndex(file).search(query, 20));
  });

  it('refuses a query from another embedding version', () => {
    const space = { version: 'emb-test-1', dim: 16 };
    const index = loadIndex(flatFile(space, 10));
    const other = queryVector({ version: 'emb-test-0', dim: 16 }, new Float32Array(16).fill(0.25));
    expect(() => index.search(other, 5)).toThrow(EmbeddingVersionMismatch);
  });

  it('rejects bad k and nprobe with the allowed range', () => {
    const space = { version: 'emb-test-2', dim: 32 };
    const index = loadIndex(ivfFile(space, 300, 8, 2));
    const query = queryVector(space, clusteredQueries({ seed: 3, dim: 32 }, 300, 1));
    expect(() => index.search(query, 0)).toThrow(/k must be an integer in 1\.\.1024, got 0/);
    expect(() => index.search(query, 2000)).toThrow(/k must be an integer in 1\.\.1024/);
    expect(() => index.search(query, 5, { nprobe: 9 })).toThrow(/nprobe must be an integer in 1\.\.8, got 9/);
  });

  it('rejects truncated files and streams, naming what is missing', async () => {
    const space = { version: 'emb-test-1', dim: 16 };
    const file = flatFile(space, 40);
    expect(() => loadIndex(file.slice(0, 10))).toThrow(IndexFormatError);
    expect(() => loadIndex(file.slice(0, file.length - 20))).toThrow(/truncated index: \d+ of \d+ bytes, the ids section/);
    const short = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(file.slice(0, 100));
        c.close();
      },
    });
    await expect(loadIndexFromStream(short, file.length)).rejects.toThrow(`truncated index: the stream ended after 100 of ${file.length} bytes`);
    const mislabelled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(file);
        c.close();
      },
    });
    await expect(loadIndexFromStream(mislabelled, file.length + 16)).rejects.toThrow(`index header declares ${file.length} bytes, the stream announced ${file.length + 16}`);
  });
});
