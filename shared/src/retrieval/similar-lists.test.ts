import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSimilarLists, encodeSimilarLists, neighboursOf, NO_NEIGHBOUR, SimilarListsFormatError } from './similar-lists.js';

const lists = { count: 3, k: 2, rows: Uint32Array.of(1, 2, 0, NO_NEIGHBOUR, 0, 1), scores: Float32Array.of(0.9, 0.5, 0.9, 0, 0.5, 0.4) };

describe('similar lists', () => {
  it('round-trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (count, k, seed) => {
        const rows = Uint32Array.from({ length: count * k }, (_, i) => Math.abs(seed + i * 7919) % count);
        const scores = Float32Array.from({ length: count * k }, (_, i) => Math.fround(1 / (i + 1)));
        const back = decodeSimilarLists(encodeSimilarLists({ count, k, rows, scores }));
        expect(Array.from(back.rows)).toEqual(Array.from(rows));
        expect(Array.from(back.scores)).toEqual(Array.from(scores));
      }),
    );
  });

  it('gives a row its neighbours without the padding', () => {
    const back = decodeSimilarLists(encodeSimilarLists(lists));
    expect(Array.from(neighboursOf(back, 1).rows)).toEqual([0]);
    expect(Array.from(neighboursOf(back, 0).rows)).toEqual([1, 2]);
    expect(() => neighboursOf(back, 3)).toThrow('row 3 is outside the lists (0..2)');
  });

  describe('rejects bad files precisely', () => {
    const file = encodeSimilarLists(lists);
    it('truncated, wrong magic, unknown format', () => {
      expect(() => decodeSimilarLists(file.slice(0, 8))).toThrow(new SimilarListsFormatError('truncated similar lists: 8 bytes, the header alone is 16'));
      expect(() => decodeSimilarLists(file.slice(0, 40))).toThrow('similar lists of 3 × 2 need 64 bytes, got 40 (truncated)');
      const magic = file.slice();
      magic[3] = 0x41;
      expect(() => decodeSimilarLists(magic)).toThrow('not a similar-lists file: magic is "FRXA", expected "FRXS"');
      const format = file.slice();
      format[4] = 2;
      expect(() => decodeSimilarLists(format)).toThrow('similar-lists format 2 is not supported (this reader knows 1)');
    });
    it('a neighbour outside the index, a NaN score', () => {
      expect(() => encodeSimilarLists({ ...lists, rows: Uint32Array.of(1, 2, 0, 9, 0, 1) })).toThrow('row 1 lists neighbour 9, there are 3 rows');
      expect(() => encodeSimilarLists({ ...lists, scores: Float32Array.of(0.9, NaN, 0.9, 0, 0.5, 0.4) })).toThrow('row 0 has a non-finite score (NaN) at position 1');
    });
  });
});
