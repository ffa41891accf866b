// The binary layout of a retrieval index file (`index.bin` in a bundle), laid
// out for the edge's WASM kernel: the file is copied as-is into WASM linear
// memory at a 16-byte aligned address and every section is read in place.
//
// Little-endian throughout. A fixed 64-byte header, then sections in this
// order, each starting at a 16-byte aligned offset (zero padding between).
// Section offsets are DERIVED from the header counts, never stored, so a file
// cannot describe overlapping or out-of-order sections.
//
//   header     64 bytes: magic "FRXI", format u16, layout u8, 0 u8, dim u32,
//              stride u32, count u32, partitions u32, nprobe u32,
//              versionBytes u32, idsBytes u32, totalBytes u32, zero padding
//   version    UTF-8 embedding version (the index's EmbeddingSpace)
//   scales     float32 × dim: per-dimension dequantization scales
//   centroids  int8 × partitions × stride: unit centroids, quantized like rows (IVF)
//   offsets    uint32 × (partitions + 1): partition p is rows [offsets[p], offsets[p+1]) (IVF)
//   rows       int8 × count × stride: items, grouped by partition for IVF
//   idOffsets  uint32 × (count + 1): item i's id is ids[idOffsets[i], idOffsets[i+1])
//   ids        UTF-8 item ids, in row order (row r IS item r of this index)

export const INDEX_MAGIC = 'FRXI';
export const INDEX_FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;

export type IndexLayoutKind = 'flat' | 'ivf';
export const LAYOUT_CODES: Readonly<Record<IndexLayoutKind, number>> = { flat: 1, ivf: 2 };

export interface IndexHeader {
  readonly layout: IndexLayoutKind;
  readonly dim: number;
  readonly stride: number;
  readonly count: number;
  /** 0 for flat. */
  readonly partitions: number;
  /** Partitions probed per query by default (chosen at build to meet the recall gate); 0 for flat. */
  readonly nprobe: number;
  readonly versionBytes: number;
  readonly idsBytes: number;
  readonly totalBytes: number;
}

export interface Section {
  readonly name: SectionName;
  readonly offset: number;
  readonly bytes: number;
}

export type SectionName = 'version' | 'scales' | 'centroids' | 'offsets' | 'rows' | 'idOffsets' | 'ids';

export type SectionTable = Readonly<Record<SectionName, Section>>;

export const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Where each section of a file with this header lives. */
export function sectionTable(h: Omit<IndexHeader, 'totalBytes' | 'layout' | 'nprobe'>): SectionTable {
  const sizes: [SectionName, number][] = [
    ['version', h.versionBytes],
    ['scales', h.dim * 4],
    ['centroids', h.partitions * h.stride],
    ['offsets', h.partitions > 0 ? (h.partitions + 1) * 4 : 0],
    ['rows', h.count * h.stride],
    ['idOffsets', (h.count + 1) * 4],
    ['ids', h.idsBytes],
  ];
  let offset = HEADER_BYTES;
  const table = {} as Record<SectionName, Section>;
  for (const [name, bytes] of sizes) {
    table[name] = { name, offset, bytes };
    offset = align16(offset + bytes);
  }
  return table;
}

/** Total file length for a header: the end of the last section, 16-aligned. */
export function fileBytes(table: SectionTable): number {
  return align16(table.ids.offset + table.ids.bytes);
}
