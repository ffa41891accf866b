// The item snapshot's id → row lookup, built straight over the encoded id
// bytes: an open-addressing table of FNV-1a hashes, no string per item. The
// edge re-decodes a snapshot of every active item every few seconds and looks
// up only its ~500 candidates; building a Map of 100k strings each time
// (≈50–130 ms of a single-threaded isolate) would stall every request behind
// it, this takes a few milliseconds.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class SnapshotIdIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();

  /** `starts[i]`/`lengths[i]`: where row i's UTF-8 id lies in `bytes`. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Uint32Array,
    private readonly lengths: Uint16Array,
  ) {
    let capacity = 16;
    while (capacity < starts.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity); // row + 1; 0 = empty
    this.mask = capacity - 1;
    for (let row = 0; row < starts.length; row++) {
      let h = FNV_OFFSET;
      const end = starts[row]! + lengths[row]!;
      for (let i = starts[row]!; i < end; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
      let slot = h & this.mask;
      for (;;) {
        const taken = this.slots[slot]!;
        if (taken === 0) break;
        if (this.sameBytes(taken - 1, bytes, starts[row]!, lengths[row]!)) break; // a repeated id: the later row wins
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = row + 1;
    }
  }

  get size(): number {
    return this.starts.length;
  }

  get(id: string): number | undefined {
    const key = this.encoder.encode(id);
    let h = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i]!, FNV_PRIME);
    let slot = h & this.mask;
    for (;;) {
      const taken = this.slots[slot]!;
      if (taken === 0) return undefined;
      if (this.sameBytes(taken - 1, key, 0, key.length)) return taken - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Every id, in row order (decodes them: for tests and tools, not the request path). */
  *keys(): IterableIterator<string> {
    for (let row = 0; row < this.starts.length; row++) yield this.decoder.decode(this.bytes.subarray(this.starts[row]!, this.starts[row]! + this.lengths[row]!));
  }

  private sameBytes(row: number, other: Uint8Array, from: number, length: number): boolean {
    if (this.lengths[row] !== length) return false;
    const start = this.starts[row]!;
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== other[from + i]) return false;
    return true;
  }
}
