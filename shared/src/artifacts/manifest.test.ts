import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCompatible, formatIncompatibilities } from './compatibility.js';
import { decodeManifest, encodeManifest, parseManifest, type Manifest } from './manifest.js';

const SHA = 'a'.repeat(64);

export function validManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 1,
    version: 'idx-20261122T120000Z-3f9a1c',
    created_at: '2026-11-22T12:00:05.000Z',
    embedding_version: 'emb-20261122T115000Z-00aa11',
    dim: 64,
    quantization: { kind: 'int8', scale: 'per_vector' },
    index: { layout: 'ivf', partitions: 256, nprobe: 16 },
    item_count: 1000,
    feature_schema_hash: 'fs-1a2b3c4d',
    ranker_version: 'rk-20261122-1',
    source: 'movielens-1m offline store up to 2026-11-22T11:00Z',
    gates: { recall_at_100: 0.97, drift_overlap_at_10: 0.8 },
    files: {
      'vectors.i8': { bytes: 16 + 1000 * 64, sha256: SHA, tensor: { dtype: 'int8', shape: [1000, 64], offset: 16, embedding_axis: 1 } },
      'ranker.onnx': { bytes: 1234, sha256: SHA, media_type: 'application/onnx' },
    },
    ...overrides,
  };
}

const fieldsOf = (value: unknown) => {
  const r = parseManifest(value);
  return r.ok ? [] : r.error.map((e) => e.field);
};

describe('manifest schema', () => {
  it('accepts a complete manifest and defaults the tensor offset to 0', () => {
    const r = parseManifest(validManifest({ files: { 'ids.json': { bytes: 10, sha256: SHA }, 'v.f32': { bytes: 8, sha256: SHA, tensor: { dtype: 'float32', shape: [2] } } } }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.files['v.f32']!.tensor!.offset).toBe(0);
  });

  it('keeps fields it does not know (builders may add their own)', () => {
    const r = parseManifest(validManifest({ fresh_delta: { max_items: 5000 } }));
    expect(r.ok && (r.value as Record<string, unknown>).fresh_delta).toEqual({ max_items: 5000 });
  });

  // Each kind of bad input names the field it is wrong in.
  const cases: [string, Record<string, unknown>, string][] = [
    ['wrong format', { format: 2 }, 'format'],
    ['version not an id', { version: 'v1' }, 'version'],
    ['version with an impossible date', { version: 'idx-20261340T120000Z-3f9a1c' }, 'version'],
    ['created_at not ISO', { created_at: 'yesterday' }, 'created_at'],
    ['dim zero', { dim: 0 }, 'dim'],
    ['dim fractional', { dim: 6.5 }, 'dim'],
    ['quantization float', { quantization: { kind: 'float16', scale: 'global' } }, 'quantization.kind'],
    ['unknown scale kind', { quantization: { kind: 'int8', scale: 'per_block' } }, 'quantization.scale'],
    ['unknown layout', { index: { layout: 'hnsw' } }, 'index.layout'],
    ['ivf without nprobe', { index: { layout: 'ivf', partitions: 8 } }, 'index.nprobe'],
    ['empty catalog', { item_count: 0 }, 'item_count'],
    ['missing feature schema hash', { feature_schema_hash: undefined }, 'feature_schema_hash'],
    ['missing ranker version', { ranker_version: '' }, 'ranker_version'],
    ['recall above 1', { gates: { recall_at_100: 1.5 } }, 'gates.recall_at_100'],
    ['recall missing', { gates: {} }, 'gates.recall_at_100'],
    ['NaN gate result', { gates: { recall_at_100: 0.97, other: Number.NaN } }, 'gates.other'],
    ['no files', { files: {} }, 'files'],
    ['nested file name', { files: { 'a/b.bin': { bytes: 1, sha256: SHA } } }, 'files.a/b.bin'],
    ['manifest lists itself', { files: { 'manifest.json': { bytes: 1, sha256: SHA } } }, 'files.manifest.json'],
    ['upper-case sha', { files: { 'a.bin': { bytes: 1, sha256: SHA.toUpperCase() } } }, 'files.a.bin.sha256'],
    ['negative size', { files: { 'a.bin': { bytes: -1, sha256: SHA } } }, 'files.a.bin.bytes'],
    ['tensor size does not add up', { files: { 'a.i8': { bytes: 100, sha256: SHA, tensor: { dtype: 'int8', shape: [10, 64] } } } }, 'files.a.i8.tensor'],
    ['embedding axis of the wrong length', { files: { 'a.i8': { bytes: 320, sha256: SHA, tensor: { dtype: 'int8', shape: [10, 32], embedding_axis: 1 } } } }, 'files.a.i8.tensor.shape'],
    ['embedding axis out of range', { files: { 'a.i8': { bytes: 640, sha256: SHA, tensor: { dtype: 'int8', shape: [10, 64], embedding_axis: 2 } } } }, 'files.a.i8.tensor.embedding_axis'],
  ];
  it.each(cases)('rejects %s with an error on the field', (_label, overrides, field) => {
    expect(fieldsOf(validManifest(overrides))).toContain(field);
  });

  it('reports bad JSON as an error on the record as a whole', () => {
    const r = decodeManifest('{"format": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]).toMatchObject({ field: '', message: expect.stringContaining('not JSON') });
  });

  it('round-trips through encode/decode for any file list', () => {
    const fileArb = fc.record({ bytes: fc.nat({ max: 1e9 }), sha256: fc.stringMatching(/^[0-9a-f]{64}$/) });
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/), fileArb, { minKeys: 1, maxKeys: 6 }), fc.integer({ min: 1, max: 4096 }), (files, dim) => {
        fc.pre(!('manifest.json' in files));
        const r = parseManifest(validManifest({ files, dim }));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const again = decodeManifest(encodeManifest(r.value));
        expect(again).toEqual(r);
      }),
    );
  });
});

describe('checkCompatible', () => {
  const manifest = (() => {
    const r = parseManifest(validManifest());
    if (!r.ok) throw new Error('fixture invalid');
    return r.value;
  })() as Manifest;

  it('finds nothing wrong when expectations match', () => {
    expect(checkCompatible(manifest, { featureSchemaHash: 'fs-1a2b3c4d', dim: 64, minItems: 1000, minGates: { recall_at_100: 0.95 } })).toEqual([]);
  });

  it('names every mismatch: feature schema, dim, embedding version, tiny catalog, failed or missing gate', () => {
    const problems = checkCompatible(manifest, {
      featureSchemaHash: 'fs-other',
      dim: 32,
      embeddingVersion: 'emb-x',
      minItems: 5000,
      minGates: { recall_at_100: 0.99, ndcg: 0.1 },
    });
    expect(problems.map((p) => p.field)).toEqual(['feature_schema_hash', 'dim', 'embedding_version', 'item_count', 'gates.recall_at_100', 'gates.ndcg']);
    expect(formatIncompatibilities(problems)).toContain('built for feature schema fs-1a2b3c4d, the edge assembles fs-other');
  });
});
