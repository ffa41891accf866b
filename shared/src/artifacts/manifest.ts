// The manifest of an index bundle: what a version is (embedding space,
// quantization, layout, item count, the feature schema its ranker expects, the
// gates it passed) and the size and SHA-256 of every file in it. It is the
// last object written when a version ships, so a version without a valid
// manifest is garbage by definition. Unknown keys are kept (loose objects), so
// builders can add fields without a schema change here.
import { z } from 'zod';
import { toFieldErrors, type FieldError } from '../events/field-errors.js';
import { err, ok, type Result } from '../result.js';
import { SHA256_HEX_PATTERN } from './digest.js';
import { isVersionId } from './version-id.js';

export const MANIFEST_FORMAT = 1;
export const MANIFEST_FILE = 'manifest.json';
/** Flat file names only: they become object keys under `indexes/<version>/`. */
export const BUNDLE_FILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const TENSOR_DTYPES = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const;
export type TensorDtype = (typeof TENSOR_DTYPES)[number];
export const DTYPE_BYTES: Readonly<Record<TensorDtype, number>> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8,
};

export const SCALE_KINDS = ['global', 'per_vector', 'per_dimension'] as const;
export type ScaleKind = (typeof SCALE_KINDS)[number];

const positiveInt = (what: string) =>
  z.number({ error: `${what} must be a number` }).int({ error: `${what} must be an integer` }).min(1, { error: `${what} must be at least 1` });
const nonNegativeInt = (what: string) =>
  z.number({ error: `${what} must be a number` }).int({ error: `${what} must be an integer` }).min(0, { error: `${what} must not be negative` });
const text = (what: string) =>
  z.string({ error: `${what} must be a string` }).min(1, { error: `${what} must not be empty` }).max(1000, { error: `${what} must be at most 1000 characters` });
const isoTime = (what: string) =>
  z.iso.datetime({ error: `${what} must be an ISO 8601 UTC time such as 2026-11-22T12:00:00.000Z` });

/**
 * A fixed-layout array inside a file: `offset` header bytes (0 when the file
 * is the raw array), then product(shape) little-endian values. Lets generic
 * verification check sizes, the embedding dimension and NaNs without knowing
 * the file format.
 */
export const tensorSchema = z.looseObject({
  dtype: z.enum(TENSOR_DTYPES, { error: `dtype must be one of ${TENSOR_DTYPES.join(', ')}` }),
  shape: z.array(nonNegativeInt('shape entry'), { error: 'shape must be an array of integers' }).min(1, { error: 'shape must have at least one axis' }),
  offset: nonNegativeInt('offset').default(0),
  /** The axis whose length must equal the manifest's `dim` (the embedding axis of a vector file). */
  embedding_axis: nonNegativeInt('embedding_axis').optional(),
});
export type TensorSpec = z.output<typeof tensorSchema>;

export const bundleFileSchema = z.looseObject({
  bytes: nonNegativeInt('bytes'),
  sha256: z.string({ error: 'sha256 must be a string' }).regex(SHA256_HEX_PATTERN, { error: 'sha256 must be 64 lower-case hex digits' }),
  media_type: text('media_type').optional(),
  tensor: tensorSchema.optional(),
});
export type BundleFile = z.output<typeof bundleFileSchema>;

const indexLayoutSchema = z.discriminatedUnion(
  'layout',
  [
    z.looseObject({ layout: z.literal('flat') }),
    z.looseObject({
      layout: z.literal('ivf'),
      partitions: positiveInt('index.partitions'),
      nprobe: positiveInt('index.nprobe'),
    }),
  ],
  { error: 'index.layout must be "flat" or "ivf"' },
);

const gateValue = z.number({ error: 'a gate result must be a number' }).refine(Number.isFinite, { error: 'a gate result must be finite' });

export const manifestSchema = z
  .looseObject({
    format: z.literal(MANIFEST_FORMAT, { error: `format must be ${MANIFEST_FORMAT} (this code reads manifest format ${MANIFEST_FORMAT} only)` }),
    version: z.string({ error: 'version must be a string' }).refine(isVersionId, { error: 'version must look like idx-YYYYMMDDTHHMMSSZ-<6 hex digits>, e.g. idx-20261122T120000Z-3f9a1c' }),
    created_at: isoTime('created_at'),
    embedding_version: text('embedding_version'),
    dim: positiveInt('dim').max(4096, { error: 'dim must be at most 4096' }),
    quantization: z.looseObject({
      kind: z.literal('int8', { error: 'quantization.kind must be "int8"' }),
      scale: z.enum(SCALE_KINDS, { error: `quantization.scale must be one of ${SCALE_KINDS.join(', ')}` }),
    }, { error: 'quantization must be an object' }),
    index: indexLayoutSchema,
    item_count: positiveInt('item_count'),
    feature_schema_hash: text('feature_schema_hash'),
    ranker_version: text('ranker_version'),
    source: text('source'),
    gates: z
      .object({ recall_at_100: gateValue.refine((v) => v >= 0 && v <= 1, { error: 'recall_at_100 must be between 0 and 1' }) }, { error: 'gates must be an object' })
      .catchall(gateValue),
    files: z.record(z.string(), bundleFileSchema, { error: 'files must be an object of name → { bytes, sha256 }' }),
  })
  .superRefine((m, ctx) => {
    const names = Object.keys(m.files);
    if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['files'], message: 'files must list at least one file' });
    for (const name of names) {
      if (name === MANIFEST_FILE) ctx.addIssue({ code: 'custom', path: ['files', name], message: `${MANIFEST_FILE} must not list itself` });
      else if (!BUNDLE_FILE_NAME_PATTERN.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['files', name], message: 'file names must be flat: letters, digits, . _ - (at most 128 characters, no leading dot)' });
      }
      const file = m.files[name]!;
      const t = file.tensor;
      if (!t) continue;
      const expected = t.offset + t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
      if (expected !== file.bytes) {
        ctx.addIssue({ code: 'custom', path: ['files', name, 'tensor'], message: `tensor ${t.dtype}[${t.shape.join('×')}] at offset ${t.offset} needs ${expected} bytes, the file has ${file.bytes}` });
      }
      if (t.embedding_axis !== undefined) {
        const axis = t.shape[t.embedding_axis];
        if (axis === undefined) ctx.addIssue({ code: 'custom', path: ['files', name, 'tensor', 'embedding_axis'], message: `embedding_axis ${t.embedding_axis} is not an axis of shape [${t.shape.join(', ')}]` });
        else if (axis !== m.dim) ctx.addIssue({ code: 'custom', path: ['files', name, 'tensor', 'shape'], message: `embedding axis has length ${axis}, the manifest's dim is ${m.dim}` });
      }
    }
  });

export type Manifest = z.output<typeof manifestSchema>;
/** What a builder writes; `format` and tensor offsets may be omitted. */
export type ManifestInput = z.input<typeof manifestSchema>;
/** A manifest before its files are checksummed (what `writeBundle` takes). */
export type ManifestDraft = Omit<ManifestInput, 'files' | 'format'> & { readonly format?: typeof MANIFEST_FORMAT };

/** Validates a parsed JSON value as a manifest, with field-level errors. */
export function parseManifest(value: unknown): Result<Manifest, FieldError[]> {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error));
}

/** Parses manifest bytes/text; bad JSON is a field error on the record as a whole. */
export function decodeManifest(text: string): Result<Manifest, FieldError[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err([{ field: '', message: `manifest is not JSON: ${(e as Error).message}` }]);
  }
  return parseManifest(value);
}

/** Stable, human-readable JSON (two-space indent, trailing newline). */
export function encodeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
