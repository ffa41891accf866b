import { describe, expect, it } from 'vitest';
import { flatIndexContent, ivfIndexContent } from './layout.js';
import { VectorInputError } from './quantize.js';
import { clusteredVectors } from './synthetic-vectors.js';

const space = { version: 'emb-1', dim: 8 };

describe('index layouts', () => {
  it('IVF groups rows by partition, stable within a partition, and reports the order', () => {
    const vectors = clusteredVectors({ seed: 2, dim: 8 }, 6);
    const centroids = vectors.slice(0, 16);
    const content = ivfIndexContent(space, ['a', 'b', 'c', 'd', 'e', 'f'], vectors, { centroids, assignment: Uint32Array.of(1, 0, 1, 0, 0, 1), nprobe: 1 });
    expect(Array.from(content.order)).toEqual([1, 3, 4, 0, 2, 5]);
    expect(content.itemIds).toEqual(['b', 'd', 'e', 'a', 'c', 'f']);
    expect(Array.from(content.partitionOffsets!)).toEqual([0, 3, 6]);
    // Row 0 holds item 'b' (input position 1): same codes as a flat index's row 1.
    const flat = flatIndexContent(space, ['a', 'b', 'c', 'd', 'e', 'f'], vectors);
    expect(Array.from(content.rows.subarray(0, 16))).toEqual(Array.from(flat.rows.subarray(16, 32)));
  });

  describe('rejects a bad catalog precisely', () => {
    const vectors = clusteredVectors({ seed: 2, dim: 8 }, 3);
    it('empty catalog', () => {
      expect(() => flatIndexContent(space, [], new Float32Array(0))).toThrow(new VectorInputError('the catalog is empty: an index needs at least one item'));
    });
    it('ids and vectors of different counts', () => {
      expect(() => flatIndexContent(space, ['a', 'b'], vectors)).toThrow('2 item ids but 3 vectors of dimension 8');
    });
    it('vector data of the wrong dimension', () => {
      expect(() => flatIndexContent({ version: 'emb-1', dim: 7 }, ['a', 'b', 'c'], vectors)).toThrow('item vector data has 24 floats, not a multiple of dimension 7');
    });
    it('duplicate or empty ids', () => {
      expect(() => flatIndexContent(space, ['a', 'b', 'a'], vectors)).toThrow('item id "a" appears twice (again at position 2)');
      expect(() => flatIndexContent(space, ['a', '', 'c'], vectors)).toThrow('item id 1 is empty');
    });
    it('NaN vectors', () => {
      const bad = vectors.slice();
      bad[9] = NaN;
      expect(() => flatIndexContent(space, ['a', 'b', 'c'], bad)).toThrow('item vector 1 has a non-finite value (NaN) at dimension 1');
    });
    it('assignments to missing partitions or of the wrong count', () => {
      const centroids = vectors.slice(0, 16);
      expect(() => ivfIndexContent(space, ['a', 'b', 'c'], vectors, { centroids, assignment: Uint32Array.of(0, 2, 1), nprobe: 1 })).toThrow('an item is assigned to partition 2, there are 2');
      expect(() => ivfIndexContent(space, ['a', 'b', 'c'], vectors, { centroids, assignment: Uint32Array.of(0, 1), nprobe: 1 })).toThrow('2 assignments for 3 items');
    });
  });
});
