// The ONNX metadata reader: finds metadata_props among any other top-level
// fields, and meets every malformed byte with an OnnxFormatError that says
// where — never another exception, never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OnnxFormatError, readOnnxMetadata } from './onnx-metadata.js';
import { MODEL_A } from './test-fixtures.js';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const delimited = (field: number, payload: number[]) => [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const entry = (k: string, v: string) => delimited(14, [...delimited(1, utf8(k)), ...delimited(2, utf8(v))]);

/** A top-level field that is not metadata: varint, fixed64, fixed32 or a blob. */
const otherField = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 13 }), fc.nat()).map(([f, v]) => [...varint(f * 8), ...varint(v)]),
  fc.tuple(fc.integer({ min: 1, max: 13 }), fc.uint8Array({ minLength: 8, maxLength: 8 })).map(([f, b]) => [...varint(f * 8 + 1), ...b]),
  fc.tuple(fc.integer({ min: 15, max: 30 }), fc.uint8Array({ minLength: 4, maxLength: 4 })).map(([f, b]) => [...varint(f * 8 + 5), ...b]),
  fc.tuple(fc.constantFrom(2, 3, 7, 20, 25), fc.uint8Array({ maxLength: 300 })).map(([f, b]) => delimited(f, Array.from(b))),
);

describe('readOnnxMetadata', () => {
  it('reads what the index-builder exporter wrote', () => {
    const metadata = readOnnxMetadata(MODEL_A.onnx);
    expect(Object.fromEntries(metadata)).toEqual({
      feature_schema_hash: MODEL_A.model.schemaHash, heads: 'click,completion,like', weights: 'float32', ranker_version: 'rk-fixture-a',
    });
  });

  it('finds every entry among arbitrary other fields; a repeated key keeps its last value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(otherField.map((bytes) => ({ bytes })), fc.tuple(fc.string(), fc.string()).map(([k, v]) => ({ bytes: entry(k, v), k, v }))), { maxLength: 12 }),
        (fields) => {
          const want = new Map<string, string>();
          for (const f of fields) if ('k' in f) want.set(f.k, f.v);
          const bytes = Uint8Array.from(fields.flatMap((f) => f.bytes));
          if (bytes.length === 0) return;
          expect(readOnnxMetadata(bytes)).toEqual(want);
        },
      ),
    );
  });

  it('meets any bytes with a map or an OnnxFormatError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          readOnnxMetadata(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(OnnxFormatError);
        }
      }),
    );
  });

  it('meets every truncation of a real model with a map or an OnnxFormatError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MODEL_A.onnx.length - 1 }), (end) => {
        try {
          readOnnxMetadata(MODEL_A.onnx.subarray(0, end));
        } catch (error) {
          expect(error).toBeInstanceOf(OnnxFormatError);
        }
      }),
    );
  });

  it.each([
    ['empty', [], 'the model is empty (0 bytes)'],
    ['a truncated varint', [0x08, 0x80], 'truncated varint at byte 2'],
    ['a varint of 11 bytes', [0x08, ...Array(10).fill(0x80), 0x01], 'varint longer than 10 bytes ending at byte 11'],
    ['field number 0', [0x00, 0x01], 'field number 0 at byte 0'],
    ['a group (wire type 3)', [0x0b], 'field 1 at byte 1 has wire type 3, which ONNX never uses'],
    ['a length beyond the end', [0x3a, 0x05, 0x01], 'field 7 at byte 1 declares 5 bytes, 1 remain'],
    ['a short fixed64', [0x09, 1, 2, 3], 'field 1 at byte 1 needs 8 bytes, 3 remain'],
    ['metadata that is a varint', [0x70, 0x01], 'metadata_props at byte 0 is not length-delimited'],
    ['a key that is not UTF-8', delimited(14, delimited(1, [0xff, 0xfe])), 'metadata entry at byte 2 holds a string that is not UTF-8'],
  ])('rejects %s', (_, bytes, message) => {
    expect(() => readOnnxMetadata(Uint8Array.from(bytes as number[]))).toThrow(new OnnxFormatError(message));
  });
});
