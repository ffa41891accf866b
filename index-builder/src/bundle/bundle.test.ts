import { chmod, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactError, type ProblemCode } from './errors.js';
import { readBundle, verifyBundle } from './read-bundle.js';
import { SAMPLE_SCHEMA_HASH, sampleBundleInput, vectorHeaderCheck } from './sample-bundle.js';
import { writeBundle } from './write-bundle.js';

const V1 = 'idx-20261122T120000Z-aaaaaa';
let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'bundle-test-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function problemsOf(run: Promise<unknown>): Promise<ProblemCode[]> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArtifactError);
  return (error as ArtifactError).problems.map((p) => p.code);
}

/** Writes a bundle, then lets the test damage it (files are read-only once built). */
async function built(): Promise<string> {
  const bundle = await writeBundle(out, sampleBundleInput({ version: V1 }));
  for (const name of await readdir(bundle.dir)) await chmod(join(bundle.dir, name), 0o644);
  return bundle.dir;
}

describe('writeBundle', () => {
  it('writes every file, checksums them from disk and writes the manifest', async () => {
    const bundle = await writeBundle(out, sampleBundleInput({ version: V1 }));
    expect(bundle.dir).toBe(join(out, V1));
    expect((await readdir(out)).sort()).toEqual([V1]);
    expect(Object.keys(bundle.manifest.files).sort()).toEqual(['item-ids.json', 'ranker.onnx', 'scales.f32', 'similar.json', 'vectors.i8']);
    const bytes = await readFile(join(bundle.dir, 'vectors.i8'));
    expect(bundle.manifest.files['vectors.i8']).toMatchObject({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(bundle.manifest.files['vectors.i8']!.tensor).toEqual({ dtype: 'int8', shape: [200, 8], offset: 16, embedding_axis: 1 });
    expect((await readBundle(bundle.dir)).manifest).toEqual(bundle.manifest);
  });

  it('copies files given by path', async () => {
    const src = join(out, 'src.bin');
    await writeFile(src, 'model bytes');
    const input = sampleBundleInput({ version: V1 });
    const bundle = await writeBundle(join(out, 'b'), { ...input, files: { ...input.files, 'ranker.onnx': { path: src } } });
    expect(new TextDecoder().decode(await bundle.read('ranker.onnx'))).toBe('model bytes');
  });

  it('is immutable: refuses to write a version that exists and leaves it untouched', async () => {
    const first = await writeBundle(out, sampleBundleInput({ version: V1 }));
    const again = writeBundle(out, sampleBundleInput({ version: V1, seed: 2 }));
    await expect(again).rejects.toMatchObject({ code: 'bundle_exists' });
    expect((await verifyBundle(first.dir)).manifest).toEqual(first.manifest);
    expect(await readdir(out)).toEqual([V1]);
  });

  it('leaves nothing behind when the manifest is invalid (tiny catalog with item_count 0)', async () => {
    const input = sampleBundleInput({ version: V1 });
    const codes = await problemsOf(writeBundle(out, { ...input, manifest: { ...input.manifest, item_count: 0 } }));
    expect(codes).toEqual(['manifest_invalid']);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses NaN vectors/scales and leaves nothing behind', async () => {
    const codes = await problemsOf(writeBundle(out, sampleBundleInput({ version: V1, nanScale: true })));
    expect(codes).toEqual(['non_finite']);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a bundle whose vector header disagrees with the manifest dim (file check hook)', async () => {
    const codes = await problemsOf(writeBundle(out, sampleBundleInput({ version: V1, headerDim: 16 }), { fileChecks: { 'vectors.i8': vectorHeaderCheck } }));
    expect(codes).toEqual(['dimension_mismatch']);
  });

  it('rejects a bad version id and nested or reserved file names before writing anything', async () => {
    const input = sampleBundleInput({ version: V1 });
    await expect(writeBundle(out, { ...input, manifest: { ...input.manifest, version: 'latest' } })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(writeBundle(out, { ...input, files: { 'a/b': { bytes: 'x' } } })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(writeBundle(out, { ...input, files: { 'manifest.json': { bytes: '{}' } } })).rejects.toMatchObject({ code: 'bad_input' });
    expect(await readdir(out)).toEqual([]);
  });
});

describe('verifyBundle: each kind of bad bundle is named', () => {
  it('passes an intact bundle, also with the expectations the edge has', async () => {
    const dir = await built();
    await expect(verifyBundle(dir, { expectations: { featureSchemaHash: SAMPLE_SCHEMA_HASH, dim: 8, minItems: 200, minGates: { recall_at_100: 0.95 } }, fileChecks: { 'vectors.i8': vectorHeaderCheck } })).resolves.toBeDefined();
  });

  it('missing directory', async () => {
    expect(await problemsOf(verifyBundle(join(out, 'nope')))).toEqual(['bundle_missing']);
  });

  it('partial bundle without manifest', async () => {
    const dir = await built();
    await rm(join(dir, 'manifest.json'));
    expect(await problemsOf(verifyBundle(dir))).toEqual(['manifest_missing']);
  });

  it('manifest that is not JSON', async () => {
    const dir = await built();
    await writeFile(join(dir, 'manifest.json'), '{"format":');
    expect(await problemsOf(verifyBundle(dir))).toEqual(['manifest_invalid']);
  });

  it('missing file, extra file, truncated file and flipped byte, all in one report', async () => {
    const dir = await built();
    await rm(join(dir, 'similar.json'));
    await writeFile(join(dir, 'stray.bin'), 'x');
    await truncate(join(dir, 'vectors.i8'), 20);
    const ranker = await readFile(join(dir, 'ranker.onnx'));
    ranker[0] = ranker[0]! ^ 1;
    await writeFile(join(dir, 'ranker.onnx'), ranker);
    const error = (await verifyBundle(dir).catch((e: unknown) => e)) as ArtifactError;
    expect(error.code).toBe('bundle_invalid');
    expect(error.problems.map((p) => [p.code, p.file]).sort()).toEqual([
      ['checksum_mismatch', 'ranker.onnx'],
      ['extra_file', 'stray.bin'],
      ['missing_file', 'similar.json'],
      ['size_mismatch', 'vectors.i8'],
    ]);
    expect(error.message).toMatch(/vectors\.i8: has 20 bytes, the manifest says 1616/);
  });

  it('NaN written into a float file after the build', async () => {
    const dir = await built();
    const scales = await readFile(join(dir, 'scales.f32'));
    scales.writeFloatLE(Number.NaN, 12);
    await writeFile(join(dir, 'scales.f32'), scales);
    // The checksum catches the change first; a bundle built with the NaN is caught by the scan (see writeBundle).
    expect(await problemsOf(verifyBundle(dir))).toEqual(['checksum_mismatch']);
  });

  it('dimension, feature schema, tiny catalog and recall gate mismatches against the edge', async () => {
    const dir = await built();
    const codes = await problemsOf(verifyBundle(dir, { expectations: { dim: 64, featureSchemaHash: 'fs-other', minItems: 1000, minGates: { recall_at_100: 0.995 } } }));
    expect(codes).toEqual(['incompatible', 'dimension_mismatch', 'incompatible', 'incompatible']);
  });
});
