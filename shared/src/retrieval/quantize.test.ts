import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeQuery, fitScales, INT8_LIMIT, quantizeRows, queryCodeLimit, rowStride, validateUnitVectors, VectorInputError } from './quantize.js';
import { clusteredVectors } from './synthetic-vectors.js';

const unitVectors = (dim: number, maxCount = 20) =>
  fc.array(fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: maxCount }).map((rows) => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => {
      const norm = Math.hypot(...row);
      row.forEach((v, d) => (out[i * dim + d] = norm > 1e-6 ? v / norm : d === 0 ? 1 : 0));
    });
    return out;
  });

describe('int8 quantization', () => {
  it('pads rows to a multiple of 16 bytes', () => {
    expect([1, 16, 17, 64, 100].map(rowStride)).toEqual([16, 16, 32, 64, 112]);
  });

  it('reconstructs every component within half a quantization step (property)', () => {
    fc.assert(
      fc.property(unitVectors(7), (vectors) => {
        const scales = fitScales(vectors, 7);
        const rows = quantizeRows(vectors, 7, scales);
        for (let i = 0; i < vectors.length / 7; i++) {
          for (let d = 0; d < 7; d++) {
            const q = rows[i * 16 + d]!;
            expect(Math.abs(q)).toBeLessThanOrEqual(INT8_LIMIT);
            expect(Math.abs(q * scales[d]! - vectors[i * 7 + d]!)).toBeLessThanOrEqual(scales[d]! / 2 + 1e-7);
          }
          for (let d = 7; d < 16; d++) expect(rows[i * 16 + d]).toBe(0);
        }
      }),
    );
  });

  it('approximates dot products: int score × scoreScale is within 0.01 of the float dot', () => {
    const dim = 64;
    const vectors = clusteredVectors({ seed: 4, dim }, 200);
    const scales = fitScales(vectors, dim);
    const rows = quantizeRows(vectors, dim, scales);
    const query = vectors.subarray(0, dim);
    const { codes, scoreScale } = encodeQuery(query, scales);
    for (let i = 0; i < 200; i++) {
      let exact = 0;
      let int = 0;
      for (let d = 0; d < dim; d++) {
        exact += vectors[i * dim + d]! * query[d]!;
        int += rows[i * dim + d]! * codes[d]!;
      }
      expect(Math.abs(int * scoreScale - exact)).toBeLessThan(0.01);
    }
  });

  it('bounds query codes so that no int32 score can overflow, for any stride up to 4096', () => {
    for (const stride of [16, 64, 512, 4096]) {
      const limit = queryCodeLimit(stride);
      expect(limit * INT8_LIMIT * stride).toBeLessThanOrEqual(0x7fffffff);
      expect(limit).toBeLessThanOrEqual(32767);
    }
  });

  it('encodes a zero query as zero codes with scale 0', () => {
    expect(encodeQuery(new Float32Array(4), new Float32Array(4).fill(0.01))).toEqual({ codes: new Int16Array(16), scoreScale: 0 });
  });

  describe('rejects bad vectors precisely', () => {
    it('NaN or Infinity, naming the row and dimension', () => {
      const v = new Float32Array([1, 0, 0, NaN]);
      expect(() => validateUnitVectors(v, 2)).toThrow(new VectorInputError('vector 1 has a non-finite value (NaN) at dimension 1'));
      expect(() => validateUnitVectors(new Float32Array([Infinity, 0]), 2, 'item vector')).toThrow('item vector 0 has a non-finite value (Infinity) at dimension 0');
    });
    it('a vector that is not unit length', () => {
      expect(() => validateUnitVectors(new Float32Array([1, 0, 0.5, 0.5]), 2)).toThrow('vector 1 is not L2-normalised (norm 0.707107)');
      expect(() => validateUnitVectors(new Float32Array([0, 0]), 2)).toThrow('vector 0 is not L2-normalised (norm 0.00000)');
    });
    it('a length that is not a multiple of the dimension, or a bad dimension', () => {
      expect(() => validateUnitVectors(new Float32Array(5), 2)).toThrow('vector data has 5 floats, not a multiple of dimension 2');
      expect(() => validateUnitVectors(new Float32Array(4), 0)).toThrow('dimension must be a positive integer, got 0');
    });
    it('a query of the wrong dimension or with NaN', () => {
      expect(() => encodeQuery(new Float32Array(3), new Float32Array(4))).toThrow('query has 3 dimensions, the index has 4');
      expect(() => encodeQuery(new Float32Array([0, NaN]), new Float32Array(2).fill(1))).toThrow('query has a non-finite value (NaN) at dimension 1');
    });
  });
});
