import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeIndex, encodeIndex, IndexFormatError, readIndexHeader } from './index-codec.js';
import { HEADER_BYTES } from './index-format.js';
import { flatIndexContent, ivfIndexContent } from './layout.js';
import { clusteredSpace, clusteredVectors } from './synthetic-vectors.js';

const space = { version: 'emb-20261122T120000Z-3f9a1c', dim: 20 };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

function ivfFile(n = 60, partitions = 4) {
  const vectors = clusteredVectors({ seed: 5, dim: space.dim, clusters: partitions }, n);
  const centroids = clusteredSpace({ seed: 5, dim: space.dim, clusters: partitions }, n).centres;
  const assignment = Uint32Array.from({ length: n }, (_, i) => i % partitions);
  return encodeIndex(ivfIndexContent(space, ids(n), vectors, { centroids, assignment, nprobe: 2 }));
}

/** A copy of `file` with the header's uint32 field `i` (0 = dim) set to `value`. */
function withField(file: Uint8Array, i: number, value: number): Uint8Array {
  const copy = file.slice();
  new DataView(copy.buffer).setUint32(8 + 4 * i, value, true);
  return copy;
}

describe('index file codec', () => {
  it('round-trips flat indexes with any ids, dimensions and sizes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { minLength: 1, maxLength: 30 }), (dim, seed, itemIds) => {
        const vectors = clusteredVectors({ seed, dim }, itemIds.length);
        const content = flatIndexContent({ version: `v${seed}`, dim }, itemIds, vectors);
        const decoded = decodeIndex(encodeIndex(content));
        expect(decoded.space).toEqual({ version: `v${seed}`, dim });
        expect(decoded.layout).toBe('flat');
        expect(Array.from(decoded.rows)).toEqual(Array.from(content.rows));
        expect(Array.from(decoded.scales)).toEqual(Array.from(content.scales));
        expect(Array.from({ length: itemIds.length }, (_, i) => decoded.ids.get(i))).toEqual(itemIds);
      }),
      { numRuns: 60 },
    );
  });

  it('lays every section out 16-byte aligned', () => {
    const decoded = decodeIndex(ivfFile());
    for (const section of Object.values(decoded.sections)) expect(section.offset % 16).toBe(0);
    expect(decoded.header.totalBytes % 16).toBe(0);
  });

  it('round-trips IVF partitions: rows grouped by partition, ids reordered to match', () => {
    const decoded = decodeIndex(ivfFile(10, 3));
    expect(Array.from(decoded.partitionOffsets)).toEqual([0, 4, 7, 10]);
    expect(Array.from({ length: 10 }, (_, r) => decoded.ids.get(r))).toEqual(['item-0', 'item-3', 'item-6', 'item-9', 'item-1', 'item-4', 'item-7', 'item-2', 'item-5', 'item-8']);
    expect(decoded.nprobe).toBe(2);
    expect(decoded.centroids.length).toBe(3 * 32);
  });

  it('decodes from an unaligned view by copying it', () => {
    const file = ivfFile();
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect(decodeIndex(shifted.subarray(3)).ids.get(5)).toBe(decodeIndex(file).ids.get(5));
  });

  describe('rejects each kind of bad input with a precise error', () => {
    const file = ivfFile();
    it('too short for a header, wrong magic, unknown format or layout', () => {
      expect(() => decodeIndex(file.slice(0, 10))).toThrow(new IndexFormatError(`truncated index: 10 bytes, the header alone is ${HEADER_BYTES}`));
      const magic = file.slice();
      magic[0] = 0x58;
      expect(() => decodeIndex(magic)).toThrow('not a retrieval index: magic is "XRXI", expected "FRXI"');
      const format = file.slice();
      format[4] = 9;
      expect(() => decodeIndex(format)).toThrow('index format 9 is not supported (this reader knows 1)');
      const layout = file.slice();
      layout[6] = 7;
      expect(() => decodeIndex(layout)).toThrow('unknown index layout code 7');
    });
    it('truncated data, naming the incomplete section; trailing bytes', () => {
      const sections = decodeIndex(file).sections;
      expect(() => decodeIndex(file.slice(0, sections.rows.offset + 5))).toThrow(
        `truncated index: ${sections.rows.offset + 5} of ${file.length} bytes, the rows section (bytes ${sections.rows.offset}..${sections.rows.offset + sections.rows.bytes}) is incomplete`,
      );
      const longer = new Uint8Array(file.length + 16);
      longer.set(file);
      expect(() => decodeIndex(longer)).toThrow(`index has 16 trailing bytes after its ${file.length} declared bytes`);
    });
    it('dimension mismatch: stride inconsistent with dimension, dimension out of range', () => {
      expect(() => decodeIndex(withField(file, 0, 40))).toThrow('row stride 32 does not match dimension 40 (expected 48)');
      expect(() => decodeIndex(withField(file, 0, 0))).toThrow('dimension 0 is outside 1..4096');
    });
    it('a declared length that disagrees with the sections', () => {
      expect(() => decodeIndex(withField(file, 7, file.length + 16))).toThrow(`header declares ${file.length + 16} bytes but its sections need ${file.length}`);
    });
    it('bad IVF fields: nprobe, partitions', () => {
      expect(() => decodeIndex(withField(file, 4, 9))).toThrow('nprobe 9 is outside 1..4');
      expect(() => decodeIndex(withField(file, 4, 0))).toThrow('nprobe 0 is outside 1..4');
    });
    it('NaN, zero or negative scales', () => {
      const at = decodeIndex(file).sections.scales.offset;
      for (const [value, shown] of [[NaN, 'NaN'], [0, '0'], [-1, '-1']] as const) {
        const copy = file.slice();
        new DataView(copy.buffer).setFloat32(at + 4 * 3, value, true);
        expect(() => decodeIndex(copy)).toThrow(`scale of dimension 3 is ${shown}, expected a finite positive number`);
      }
    });
    it('partition offsets that go backwards or do not cover every row', () => {
      const at = decodeIndex(file).sections.offsets.offset;
      const backwards = file.slice();
      new DataView(backwards.buffer).setUint32(at + 8, 1, true);
      expect(() => decodeIndex(backwards)).toThrow(/partition 1 ends \(1\) before it starts \(\d+\)/);
      const short = file.slice();
      new DataView(short.buffer).setUint32(at + 16, 59, true);
      expect(() => decodeIndex(short)).toThrow('partitions cover 59 rows, the index has 60');
    });
    it('id offsets that are empty or overrun the id section', () => {
      const at = decodeIndex(file).sections.idOffsets.offset;
      const empty = file.slice();
      new DataView(empty.buffer).setUint32(at + 4, 0, true);
      expect(() => decodeIndex(empty)).toThrow('item id 0 is empty or its offsets go backwards');
    });
    it('a header alone is enough to read the header, not the file', () => {
      expect(() => readIndexHeader(file.slice(0, HEADER_BYTES))).toThrow(/truncated index: 64 of \d+ bytes, the version section/);
    });
  });

  describe('refuses to encode inconsistent content', () => {
    const vectors = clusteredVectors({ seed: 1, dim: 20 }, 3);
    const content = flatIndexContent(space, ids(3), vectors);
    it('scales or rows of the wrong size', () => {
      expect(() => encodeIndex({ ...content, scales: new Float32Array(19) })).toThrow('scales have 19 entries, the space has 20 dimensions');
      expect(() => encodeIndex({ ...content, rows: new Int8Array(10) })).toThrow('rows hold 10 bytes, expected 3 × 32');
    });
    it('an empty embedding version', () => {
      expect(() => encodeIndex({ ...content, space: { version: '', dim: 20 } })).toThrow('the embedding version is empty');
    });
  });
});
