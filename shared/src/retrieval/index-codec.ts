// Encodes and decodes retrieval index files (layout in index-format.ts).
// Decoding validates everything that is cheap to validate — header fields,
// exact length, scales, partition offsets, id offsets — and returns views into
// the given bytes (no copy of the rows), so the edge can decode in place in
// WASM memory. Every rejection is an IndexFormatError saying what is wrong.
import type { EmbeddingSpace } from '../embeddings/space.js';
import {
  HEADER_BYTES,
  INDEX_FORMAT_VERSION,
  INDEX_MAGIC,
  LAYOUT_CODES,
  fileBytes,
  sectionTable,
  type IndexHeader,
  type IndexLayoutKind,
  type SectionTable,
} from './index-format.js';
import { rowStride } from './quantize.js';

export class IndexFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexFormatError';
  }
}

/** What an index file holds, as typed views. */
export interface RetrievalIndexData {
  readonly space: EmbeddingSpace;
  readonly layout: IndexLayoutKind;
  readonly stride: number;
  readonly count: number;
  readonly scales: Float32Array;
  /** `partitions × stride` (empty for flat). */
  readonly centroids: Int8Array;
  /** `partitions + 1` row offsets (empty for flat). */
  readonly partitionOffsets: Uint32Array;
  readonly nprobe: number;
  /** `count × stride`. */
  readonly rows: Int8Array;
  /** Item ids in row order. */
  readonly ids: ItemIdTable;
}

export interface ItemIdTable {
  readonly count: number;
  /** The id of row `row`. */
  get(row: number): string;
}

export interface DecodedIndex extends RetrievalIndexData {
  readonly header: IndexHeader;
  readonly sections: SectionTable;
}

const utf8 = new TextEncoder();

/** Builds an id table over a UTF-8 blob and its offsets (ids decoded on demand). */
export function idTable(offsets: Uint32Array, blob: Uint8Array): ItemIdTable {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const count = offsets.length - 1;
  return {
    count,
    get(row) {
      if (!Number.isInteger(row) || row < 0 || row >= count) throw new RangeError(`row ${row} is outside the index (0..${count - 1})`);
      return decoder.decode(blob.subarray(offsets[row]!, offsets[row + 1]!));
    },
  };
}

export interface IndexContent {
  readonly space: EmbeddingSpace;
  readonly layout: IndexLayoutKind;
  readonly scales: Float32Array;
  readonly rows: Int8Array;
  readonly centroids?: Int8Array;
  readonly partitionOffsets?: Uint32Array;
  readonly nprobe?: number;
  /** In row order. */
  readonly itemIds: readonly string[];
}

export function encodeIndex(content: IndexContent): Uint8Array {
  const { space, layout, scales, rows, itemIds } = content;
  const dim = space.dim;
  const stride = rowStride(dim);
  const count = itemIds.length;
  if (scales.length !== dim) throw new IndexFormatError(`scales have ${scales.length} entries, the space has ${dim} dimensions`);
  if (rows.length !== count * stride) throw new IndexFormatError(`rows hold ${rows.length} bytes, expected ${count} × ${stride}`);
  const centroids = content.centroids ?? new Int8Array(0);
  const offsets = content.partitionOffsets ?? new Uint32Array(0);
  const partitions = layout === 'ivf' ? offsets.length - 1 : 0;
  if (layout === 'ivf' && partitions < 1) throw new IndexFormatError('an IVF index needs at least one partition');
  if (layout === 'flat' && (centroids.length > 0 || offsets.length > 0)) throw new IndexFormatError('a flat index has no centroids or partition offsets');
  if (centroids.length !== partitions * stride) throw new IndexFormatError(`centroids hold ${centroids.length} bytes, expected ${partitions} × ${stride}`);
  const nprobe = layout === 'ivf' ? (content.nprobe ?? partitions) : 0;
  const version = utf8.encode(space.version);
  const encodedIds = itemIds.map((id) => utf8.encode(id));
  const idOffsets = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) idOffsets[i + 1] = idOffsets[i]! + encodedIds[i]!.length;
  const idsBytes = idOffsets[count]!;
  const partial = { dim, stride, count, partitions, versionBytes: version.length, idsBytes };
  const sections = sectionTable(partial);
  const header: IndexHeader = { ...partial, layout, nprobe, totalBytes: fileBytes(sections) };
  validateHeaderFields(header);

  const out = new Uint8Array(header.totalBytes);
  const view = new DataView(out.buffer);
  out.set(utf8.encode(INDEX_MAGIC), 0);
  view.setUint16(4, INDEX_FORMAT_VERSION, true);
  view.setUint8(6, LAYOUT_CODES[layout]);
  const fields = [dim, stride, count, partitions, nprobe, version.length, idsBytes, header.totalBytes];
  fields.forEach((value, i) => view.setUint32(8 + 4 * i, value, true));
  out.set(version, sections.version.offset);
  out.set(new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength), sections.scales.offset);
  out.set(new Uint8Array(centroids.buffer, centroids.byteOffset, centroids.byteLength), sections.centroids.offset);
  out.set(new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength), sections.offsets.offset);
  out.set(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), sections.rows.offset);
  out.set(new Uint8Array(idOffsets.buffer), sections.idOffsets.offset);
  let at = sections.ids.offset;
  for (const id of encodedIds) {
    out.set(id, at);
    at += id.length;
  }
  // Validate what we wrote with the same checks a reader applies.
  decodeIndex(out);
  return out;
}

function validateHeaderFields(h: IndexHeader): void {
  if (!Number.isInteger(h.dim) || h.dim < 1 || h.dim > 4096) throw new IndexFormatError(`dimension ${h.dim} is outside 1..4096`);
  if (h.stride !== rowStride(h.dim)) throw new IndexFormatError(`row stride ${h.stride} does not match dimension ${h.dim} (expected ${rowStride(h.dim)})`);
  if (h.count < 1) throw new IndexFormatError('the index holds no items');
  if (h.layout === 'flat' && (h.partitions !== 0 || h.nprobe !== 0)) throw new IndexFormatError(`a flat index declares ${h.partitions} partitions and nprobe ${h.nprobe}`);
  if (h.layout === 'ivf') {
    if (h.partitions < 1 || h.partitions > h.count) throw new IndexFormatError(`an IVF index of ${h.count} items declares ${h.partitions} partitions`);
    if (h.nprobe < 1 || h.nprobe > h.partitions) throw new IndexFormatError(`nprobe ${h.nprobe} is outside 1..${h.partitions}`);
  }
  if (h.versionBytes < 1) throw new IndexFormatError('the embedding version is empty');
}

/** Parses and validates the 64-byte header alone (for streams: the rest may not have arrived yet). */
export function parseIndexHeader(bytes: Uint8Array): IndexHeader {
  if (bytes.length < HEADER_BYTES) throw new IndexFormatError(`truncated index: ${bytes.length} bytes, the header alone is ${HEADER_BYTES}`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== INDEX_MAGIC) throw new IndexFormatError(`not a retrieval index: magic is ${JSON.stringify(magic)}, expected "${INDEX_MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint16(4, true);
  if (format !== INDEX_FORMAT_VERSION) throw new IndexFormatError(`index format ${format} is not supported (this reader knows ${INDEX_FORMAT_VERSION})`);
  const layoutCode = view.getUint8(6);
  const layout = (Object.keys(LAYOUT_CODES) as IndexLayoutKind[]).find((k) => LAYOUT_CODES[k] === layoutCode);
  if (!layout) throw new IndexFormatError(`unknown index layout code ${layoutCode}`);
  const u32 = (i: number) => view.getUint32(8 + 4 * i, true);
  const header: IndexHeader = {
    layout,
    dim: u32(0),
    stride: u32(1),
    count: u32(2),
    partitions: u32(3),
    nprobe: u32(4),
    versionBytes: u32(5),
    idsBytes: u32(6),
    totalBytes: u32(7),
  };
  validateHeaderFields(header);
  const expected = fileBytes(sectionTable(header));
  if (header.totalBytes !== expected) throw new IndexFormatError(`header declares ${header.totalBytes} bytes but its sections need ${expected}`);
  return header;
}

/** Reads and validates the 64-byte header, including that `bytes` has exactly the declared length. */
export function readIndexHeader(bytes: Uint8Array): IndexHeader {
  const header = parseIndexHeader(bytes);
  const sections = sectionTable(header);
  const expected = header.totalBytes;
  if (bytes.length < expected) {
    const cut = Object.values(sections).find((s) => s.offset + s.bytes > bytes.length)!;
    throw new IndexFormatError(`truncated index: ${bytes.length} of ${expected} bytes, the ${cut.name} section (bytes ${cut.offset}..${cut.offset + cut.bytes}) is incomplete`);
  }
  if (bytes.length > expected) throw new IndexFormatError(`index has ${bytes.length - expected} trailing bytes after its ${expected} declared bytes`);
  return header;
}

/**
 * Validates `bytes` and returns typed views into them. If `bytes` is not
 * 16-byte aligned it is copied once into an aligned buffer first.
 */
export function decodeIndex(input: Uint8Array): DecodedIndex {
  const header = readIndexHeader(input);
  const bytes = input.byteOffset % 16 === 0 ? input : input.slice();
  const s = sectionTable(header);
  const view = <T>(ctor: new (b: ArrayBufferLike, o: number, n: number) => T, name: keyof SectionTable, width: number): T =>
    new ctor(bytes.buffer, bytes.byteOffset + s[name].offset, s[name].bytes / width);

  let version: string;
  try {
    version = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(s.version.offset, s.version.offset + s.version.bytes));
  } catch {
    throw new IndexFormatError('the embedding version is not valid UTF-8');
  }
  const scales = view(Float32Array, 'scales', 4);
  scales.forEach((v, d) => {
    if (!Number.isFinite(v) || v <= 0) throw new IndexFormatError(`scale of dimension ${d} is ${v}, expected a finite positive number`);
  });
  const partitionOffsets = view(Uint32Array, 'offsets', 4);
  if (header.layout === 'ivf') {
    if (partitionOffsets[0] !== 0) throw new IndexFormatError(`partition offsets start at ${partitionOffsets[0]}, expected 0`);
    for (let p = 0; p < header.partitions; p++) {
      if (partitionOffsets[p + 1]! < partitionOffsets[p]!) throw new IndexFormatError(`partition ${p} ends (${partitionOffsets[p + 1]}) before it starts (${partitionOffsets[p]})`);
    }
    if (partitionOffsets[header.partitions] !== header.count) {
      throw new IndexFormatError(`partitions cover ${partitionOffsets[header.partitions]} rows, the index has ${header.count}`);
    }
  }
  const idOffsets = view(Uint32Array, 'idOffsets', 4);
  if (idOffsets[0] !== 0) throw new IndexFormatError(`id offsets start at ${idOffsets[0]}, expected 0`);
  for (let i = 0; i < header.count; i++) {
    if (idOffsets[i + 1]! <= idOffsets[i]!) throw new IndexFormatError(`item id ${i} is empty or its offsets go backwards`);
  }
  if (idOffsets[header.count] !== header.idsBytes) throw new IndexFormatError(`id offsets end at ${idOffsets[header.count]}, the id section has ${header.idsBytes} bytes`);

  return {
    header,
    sections: s,
    space: { version, dim: header.dim },
    layout: header.layout,
    stride: header.stride,
    count: header.count,
    scales,
    centroids: view(Int8Array, 'centroids', 1),
    partitionOffsets,
    nprobe: header.nprobe,
    rows: view(Int8Array, 'rows', 1),
    ids: idTable(idOffsets, view(Uint8Array, 'ids', 1)),
  };
}
