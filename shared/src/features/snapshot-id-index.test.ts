import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotIdIndex } from './snapshot-id-index.js';

function indexOf(ids: readonly string[]): SnapshotIdIndex {
  const encoded = ids.map((id) => new TextEncoder().encode(id));
  const bytes = new Uint8Array(encoded.reduce((n, b) => n + b.length + 3, 0));
  const starts = new Uint32Array(ids.length);
  const lengths = new Uint16Array(ids.length);
  let at = 1; // ids need not start at 0
  encoded.forEach((b, i) => {
    bytes.set(b, at);
    starts[i] = at;
    lengths[i] = b.length;
    at += b.length + 3;
  });
  return new SnapshotIdIndex(bytes, starts, lengths);
}

describe('the snapshot id index', () => {
  it('finds every id at its row, and nothing else, whatever the ids (unicode included)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), { maxLength: 300 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 30 }), (ids, probes) => {
        const index = indexOf(ids);
        expect(index.size).toBe(ids.length);
        ids.forEach((id, row) => expect(index.get(id)).toBe(row));
        for (const probe of probes) expect(index.get(probe)).toBe(ids.includes(probe) ? ids.indexOf(probe) : undefined);
        expect([...index.keys()]).toEqual(ids);
      }),
    );
  });

  it('lets the later row win for a repeated id, as a Map would', () => {
    const index = indexOf(['a', 'b', 'a']);
    expect(index.get('a')).toBe(2);
    expect(index.has('b')).toBe(true);
    expect(index.has('c')).toBe(false);
  });
});
