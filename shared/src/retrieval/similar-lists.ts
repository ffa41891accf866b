// Item-to-item lists ("because you watched", GET /v1/items/{id}/similar):
// the top-k neighbours of every item of an index, by index row, best first.
// File `similar.bin`, little-endian: magic "FRXS", format u16 = 1, u16 0,
// count u32, k u32, then rows u32 × count × k (0xffffffff = no neighbour,
// only at the end of a list) and scores f32 × count × k.

export const SIMILAR_MAGIC = 'FRXS';
const HEADER = 16;
export const NO_NEIGHBOUR = 0xffffffff;

export class SimilarListsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimilarListsFormatError';
  }
}

export interface SimilarLists {
  readonly count: number;
  readonly k: number;
  /** `count × k` neighbour rows of row i at [i·k, (i+1)·k). */
  readonly rows: Uint32Array;
  readonly scores: Float32Array;
}

export function encodeSimilarLists(lists: SimilarLists): Uint8Array {
  const { count, k, rows, scores } = lists;
  if (rows.length !== count * k || scores.length !== count * k) throw new SimilarListsFormatError(`lists need ${count} × ${k} rows and scores, got ${rows.length} and ${scores.length}`);
  const out = new Uint8Array(HEADER + count * k * 8);
  const view = new DataView(out.buffer);
  out.set([...SIMILAR_MAGIC].map((c) => c.charCodeAt(0)), 0);
  view.setUint16(4, 1, true);
  view.setUint32(8, count, true);
  view.setUint32(12, k, true);
  new Uint32Array(out.buffer, HEADER, count * k).set(rows);
  new Float32Array(out.buffer, HEADER + count * k * 4, count * k).set(scores);
  decodeSimilarLists(out);
  return out;
}

export function decodeSimilarLists(input: Uint8Array): SimilarLists {
  if (input.length < HEADER) throw new SimilarListsFormatError(`truncated similar lists: ${input.length} bytes, the header alone is ${HEADER}`);
  const magic = String.fromCharCode(...input.subarray(0, 4));
  if (magic !== SIMILAR_MAGIC) throw new SimilarListsFormatError(`not a similar-lists file: magic is ${JSON.stringify(magic)}, expected "${SIMILAR_MAGIC}"`);
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint16(4, true);
  if (format !== 1) throw new SimilarListsFormatError(`similar-lists format ${format} is not supported (this reader knows 1)`);
  const count = view.getUint32(8, true);
  const k = view.getUint32(12, true);
  const expected = HEADER + count * k * 8;
  if (bytes.length !== expected) throw new SimilarListsFormatError(`similar lists of ${count} × ${k} need ${expected} bytes, got ${bytes.length}${bytes.length < expected ? ' (truncated)' : ''}`);
  const rows = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER, count * k);
  const scores = new Float32Array(bytes.buffer, bytes.byteOffset + HEADER + count * k * 4, count * k);
  for (let i = 0; i < count * k; i++) {
    const r = rows[i]!;
    if (r === NO_NEIGHBOUR) continue;
    if (r >= count) throw new SimilarListsFormatError(`row ${Math.floor(i / k)} lists neighbour ${r}, there are ${count} rows`);
    if (!Number.isFinite(scores[i]!)) throw new SimilarListsFormatError(`row ${Math.floor(i / k)} has a non-finite score (${scores[i]}) at position ${i % k}`);
  }
  return { count, k, rows, scores };
}

/** The neighbours of `row`, best first (without the padding). */
export function neighboursOf(lists: SimilarLists, row: number): { rows: Uint32Array; scores: Float32Array } {
  if (!Number.isInteger(row) || row < 0 || row >= lists.count) throw new RangeError(`row ${row} is outside the lists (0..${lists.count - 1})`);
  const all = lists.rows.subarray(row * lists.k, (row + 1) * lists.k);
  const end = all.indexOf(NO_NEIGHBOUR);
  const n = end < 0 ? lists.k : end;
  return { rows: all.subarray(0, n), scores: lists.scores.subarray(row * lists.k, row * lists.k + n) };
}
