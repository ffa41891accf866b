import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_FEATURES_VERSION } from './content-features.js';
import type { ContentProjection } from './content-projection.js';
import { decodeProjection, encodeProjection, ProjectionFormatError } from './projection-codec.js';

const projectionArb: fc.Arbitrary<ContentProjection> = fc
  .record({
    version: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    dim: fc.integer({ min: 2, max: 8 }),
    confidence: fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }),
    featureBits: fc.integer({ min: 8, max: 12 }),
    rowSet: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 30 }),
  })
  .chain(({ version, dim, confidence, featureBits, rowSet }) => {
    const rows = Int32Array.from(rowSet.sort((a, b) => a - b));
    const n = rows.length * (dim - 1);
    return fc
      .array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
      .map((w) => ({ version, dim, confidence, featureBits, featuresVersion: CONTENT_FEATURES_VERSION, rows, weights: Float32Array.from(w) }));
  });

const sample: ContentProjection = {
  version: 'emb-1',
  dim: 3,
  confidence: 0.5,
  featureBits: 10,
  featuresVersion: CONTENT_FEATURES_VERSION,
  rows: Int32Array.of(0, 5, 9),
  weights: Float32Array.of(1, 2, 3, 4, 5, 6),
};

const formatError = (bytes: Uint8Array, pattern: RegExp, expect_ = {}) =>
  expect(() => decodeProjection(bytes, expect_)).toThrow(
    expect.objectContaining({ name: 'ProjectionFormatError', message: expect.stringMatching(pattern) }) as Error,
  );

describe('content projection codec', () => {
  it('round-trips every valid projection exactly (weights bit for bit)', () => {
    fc.assert(
      fc.property(projectionArb, (p) => {
        const back = decodeProjection(encodeProjection(p));
        expect(back.version).toBe(p.version);
        expect(back.dim).toBe(p.dim);
        expect(back.confidence).toBe(p.confidence);
        expect(back.featureBits).toBe(p.featureBits);
        expect(back.rows).toEqual(p.rows);
        expect(new Uint32Array(back.weights.buffer)).toEqual(new Uint32Array(p.weights.buffer.slice(0)));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes from a view into a larger buffer (as a bundle reader slices it)', () => {
    const bytes = encodeProjection(sample);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    expect(decodeProjection(padded.subarray(3, 3 + bytes.length))).toEqual(sample);
  });

  it('refuses any single flipped bit (checksum or header check)', () => {
    const bytes = encodeProjection(sample);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), (bit) => {
        const corrupt = bytes.slice();
        corrupt[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => decodeProjection(corrupt)).toThrow(ProjectionFormatError);
      }),
      { numRuns: 300 },
    );
  });

  it('says what is wrong with each kind of bad input', () => {
    const bytes = encodeProjection(sample);
    formatError(new Uint8Array(3), /3 bytes is shorter than the 30-byte minimum/);
    formatError(bytes.subarray(0, bytes.length - 8), /expected \d+ bytes for 3 rows of 2, got \d+ \(truncated or padded\)/);
    const foreign = bytes.slice();
    foreign[0] = 0x50;
    formatError(foreign, /not a projection file \(bad magic\)/);
    const future = bytes.slice();
    future[4] = 9;
    formatError(future, /format version 9 is not supported/);
    const flipped = bytes.slice();
    flipped[bytes.length - 10]! ^= 0xff;
    formatError(flipped, /checksum mismatch/);
    formatError(bytes, /embedding version is emb-1, expected emb-2/, { version: 'emb-2' });
    formatError(bytes, /fitted on content features v1, this code computes v2/, { featuresVersion: 2 });
  });

  it('refuses to encode an inconsistent projection', () => {
    expect(() => encodeProjection({ ...sample, rows: Int32Array.of(5, 0, 9) })).toThrow(/rows must strictly increase: row 1 is 0 after 5/);
    expect(() => encodeProjection({ ...sample, rows: Int32Array.of(0, 5, 1024) })).toThrow(/feature 1024, outside \[0, 1024\)/);
    expect(() => encodeProjection({ ...sample, weights: Float32Array.of(1, 2, 3) })).toThrow(/3 rows of 2 but 3 weights/);
    expect(() => encodeProjection({ ...sample, weights: Float32Array.of(1, 2, 3, NaN, 5, 6) })).toThrow(/weight 3 \(row 1\) is not finite/);
    expect(() => encodeProjection({ ...sample, dim: 1, weights: new Float32Array(0) })).toThrow(/dim must be an integer >= 2, got 1/);
    expect(() => encodeProjection({ ...sample, confidence: 0 })).toThrow(/confidence must be in \(0, 1\], got 0/);
  });
});
