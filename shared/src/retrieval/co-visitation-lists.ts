// Co-visitation lists (`co-visitation.bin`): for every index row, the rows of
// the items most often liked by the same users, best first, with their
// scores. Sparse, because most items of a large catalog have no co-visits (at
// 1M items, a dense 50-wide table would be 400 MB; these lists are about
// 8 bytes per neighbour plus 4 per row). Little-endian: magic "FRXC", format
// u16 = 1, u16 0, count u32, total u32, then offsets u32 × (count + 1)
// (row r's neighbours are entries [offsets[r], offsets[r + 1])), rows
// u32 × total, scores f32 × total.

export const CO_VISITATION_MAGIC = 'FRXC';
const HEADER = 16;

export class CoVisitationFormatError extends Error {
  override readonly name = 'CoVisitationFormatError';
}

export interface CoVisitationLists {
  readonly count: number;
  /** count + 1 entry offsets. */
  readonly offsets: Uint32Array;
  readonly rows: Uint32Array;
  readonly scores: Float32Array;
}

/** Lists from per-row neighbour arrays (best first). */
export function coVisitationListsOf(lists: readonly (readonly (readonly [row: number, score: number])[])[]): CoVisitationLists {
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((l, r) => (offsets[r + 1] = offsets[r]! + l.length));
  const total = offsets[lists.length]!;
  const rows = new Uint32Array(total);
  const scores = new Float32Array(total);
  lists.forEach((l, r) => l.forEach(([row, score], n) => {
    rows[offsets[r]! + n] = row;
    scores[offsets[r]! + n] = score;
  }));
  return { count: lists.length, offsets, rows, scores };
}

export function encodeCoVisitationLists(lists: CoVisitationLists): Uint8Array {
  const { count, offsets, rows, scores } = lists;
  const total = rows.length;
  if (offsets.length !== count + 1 || scores.length !== total || offsets[count] !== total) {
    throw new CoVisitationFormatError(`lists need ${count + 1} offsets ending at ${total} and ${total} scores`);
  }
  const out = new Uint8Array(HEADER + (count + 1) * 4 + total * 8);
  const view = new DataView(out.buffer);
  out.set([...CO_VISITATION_MAGIC].map((c) => c.charCodeAt(0)), 0);
  view.setUint16(4, 1, true);
  view.setUint32(8, count, true);
  view.setUint32(12, total, true);
  new Uint32Array(out.buffer, HEADER, count + 1).set(offsets);
  new Uint32Array(out.buffer, HEADER + (count + 1) * 4, total).set(rows);
  new Float32Array(out.buffer, HEADER + (count + 1) * 4 + total * 4, total).set(scores);
  decodeCoVisitationLists(out);
  return out;
}

export function decodeCoVisitationLists(input: Uint8Array): CoVisitationLists {
  if (input.length < HEADER) throw new CoVisitationFormatError(`truncated co-visitation lists: ${input.length} bytes, the header alone is ${HEADER}`);
  const magic = String.fromCharCode(...input.subarray(0, 4));
  if (magic !== CO_VISITATION_MAGIC) throw new CoVisitationFormatError(`not a co-visitation file: magic is ${JSON.stringify(magic)}, expected "${CO_VISITATION_MAGIC}"`);
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint16(4, true);
  if (format !== 1) throw new CoVisitationFormatError(`co-visitation format ${format} is not supported (this reader knows 1)`);
  const count = view.getUint32(8, true);
  const total = view.getUint32(12, true);
  const expected = HEADER + (count + 1) * 4 + total * 8;
  if (bytes.length !== expected) throw new CoVisitationFormatError(`co-visitation lists of ${count} rows and ${total} entries need ${expected} bytes, got ${bytes.length}${bytes.length < expected ? ' (truncated)' : ''}`);
  const offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER, count + 1);
  const rows = new Uint32Array(bytes.buffer, bytes.byteOffset + HEADER + (count + 1) * 4, total);
  const scores = new Float32Array(bytes.buffer, bytes.byteOffset + HEADER + (count + 1) * 4 + total * 4, total);
  if (offsets[0] !== 0 || offsets[count] !== total) throw new CoVisitationFormatError(`offsets must run from 0 to ${total}, got ${offsets[0]} to ${offsets[count]}`);
  for (let r = 0; r < count; r++) if (offsets[r + 1]! < offsets[r]!) throw new CoVisitationFormatError(`offsets decrease at row ${r}`);
  for (let i = 0; i < total; i++) {
    if (rows[i]! >= count) throw new CoVisitationFormatError(`entry ${i} names row ${rows[i]}, there are ${count} rows`);
    if (!Number.isFinite(scores[i]!)) throw new CoVisitationFormatError(`entry ${i} has a non-finite score (${scores[i]})`);
  }
  return { count, offsets, rows, scores };
}
